import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partners import services
from partners.models import Declaration, Partner
from partners.selectors import commitment_status, partners_without_project
from tests.factories import DeclarationFactory, PartnerFactory, StaffUserFactory, UserFactory
from tests.partners.conftest import sign


def test_register_makes_the_user_first_contact_and_mails_staff(
    db, django_capture_on_commit_callbacks
):
    staff = StaffUserFactory()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        partner = services.partner_register(user=user, name="Neue Energie GmbH", kind="unternehmen")
    assert partner.status == Partner.Status.REGISTERED
    assert partner.slug == "neue-energie-gmbh"
    assert partner.contacts.get().user == user
    # One message per person: the Stabsstelle's address and each staff member.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [settings.STAFF_NOTIFICATION_EMAIL, staff.email]
    )
    assert all("Neue Energie GmbH" in m.subject for m in mail.outbox)


def test_register_needs_verified_email(db):
    user = UserFactory(verified_email=False)
    with pytest.raises(ValidationError):
        services.partner_register(user=user, name="X GmbH")
    assert not Partner.objects.exists()


def test_a_user_joins_at_most_one_partner(db, contact_user):
    with pytest.raises(ValidationError, match="bereits Kontaktperson"):
        services.partner_register(user=contact_user, name="Zweite GmbH")
    with pytest.raises(ValidationError):
        services.contact_add(partner=PartnerFactory(), user=contact_user)


def test_duplicate_name_in_any_case_is_refused(db):
    services.partner_register(user=UserFactory(), name="Elbe Solar GmbH")
    with pytest.raises(ValidationError) as exc:
        services.partner_register(user=UserFactory(), name="ELBE SOLAR GMBH")
    assert "name" in exc.value.error_dict


def test_sign_and_confirm_makes_partner_active(
    registered_partner, declaration, django_capture_on_commit_callbacks
):
    staff = StaffUserFactory()
    user = registered_partner.first_contact
    signature = sign(registered_partner, declaration, user)
    registered_partner.refresh_from_db()
    assert registered_partner.status == Partner.Status.SIGNED
    assert signature.signed_by == user
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_confirm(signature=signature, actor=staff)
    registered_partner.refresh_from_db()
    assert registered_partner.status == Partner.Status.ACTIVE
    assert registered_partner.joined_on == datetime.date(2026, 1, 15)
    assert registered_partner in Partner.objects.listed()
    assert mail.outbox[-1].to == [user.email]
    with pytest.raises(ValidationError):
        services.signature_confirm(signature=signature, actor=staff)


def test_signing_twice_the_same_version_is_refused(registered_partner, declaration):
    sign(registered_partner, declaration, registered_partner.first_contact)
    with pytest.raises(ValidationError, match="bereits unterzeichnet"):
        sign(registered_partner, declaration, registered_partner.first_contact)


def test_signature_date_in_the_future_is_refused(registered_partner, declaration):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        sign(registered_partner, declaration, registered_partner.first_contact, signed_on=tomorrow)


def test_every_commitment_must_be_confirmed(registered_partner, declaration):
    with pytest.raises(ValidationError, match="jede Verpflichtung"):
        sign(
            registered_partner, declaration, registered_partner.first_contact, commitments=["goal"]
        )


def test_only_own_contacts_sign(registered_partner, declaration, other_contact, staff_user):
    for actor in (other_contact, staff_user):
        with pytest.raises(PermissionDenied):
            sign(registered_partner, declaration, actor)


def test_new_version_does_not_re_sign_anyone(registered_partner, declaration, staff_user):
    signature = sign(registered_partner, declaration, registered_partner.first_contact)
    services.signature_confirm(signature=signature, actor=staff_user)
    new = services.declaration_publish(
        declaration=Declaration(
            version="2027", text="Neu", valid_from=timezone.localdate() - datetime.timedelta(30)
        )
    )
    declaration.refresh_from_db()
    assert Declaration.objects.current() == new
    assert not declaration.is_current
    status = commitment_status(Partner.objects.filter(pk=registered_partner.pk))[0]
    assert status.signature == signature
    assert status.signed_current is False
    assert "aktuellen Fassung" in " ".join(status.missing)
    # The old version can no longer be signed; the new one can, from its validity on.
    yesterday = timezone.localdate() - datetime.timedelta(1)
    sign(registered_partner, new, registered_partner.first_contact, signed_on=yesterday)


def test_exactly_one_current_declaration_at_database_level(db):
    from django.db import IntegrityError, transaction

    DeclarationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DeclarationFactory()


def test_withdrawal_keeps_history(registered_partner, declaration, staff_user):
    signature = sign(registered_partner, declaration, registered_partner.first_contact)
    services.signature_confirm(signature=signature, actor=staff_user)
    services.partner_withdraw(
        partner=registered_partner, actor=staff_user, left_on=timezone.localdate(), reason="Umzug"
    )
    registered_partner.refresh_from_db()
    assert registered_partner.status == Partner.Status.WITHDRAWN
    assert registered_partner not in Partner.objects.listed()
    assert registered_partner.signatures.count() == 1
    with pytest.raises(ValidationError):
        services.partner_withdraw(
            partner=registered_partner, actor=staff_user, left_on=timezone.localdate(), reason="x"
        )


def test_contact_removal_rules(registered_partner):
    first = registered_partner.first_contact
    only = registered_partner.contacts.get()
    with pytest.raises(ValidationError, match="letzte Kontaktperson"):
        services.contact_remove(contact=only, actor=first)
    second_user = UserFactory()
    second = services.contact_add(partner=registered_partner, user=second_user)
    with pytest.raises(ValidationError, match="nicht selbst"):
        services.contact_remove(contact=second, actor=second_user)
    services.contact_remove(contact=second, actor=first)
    assert registered_partner.contacts.count() == 1


def test_invitation_flow(registered_partner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.contact_invite(
            partner=registered_partner,
            email="kollegin@example.org",
            actor=registered_partner.first_contact,
        )
    assert f"/partner/einladung/{invitation.token}/" in mail.outbox[0].body
    colleague = UserFactory(email="kollegin@example.org")
    services.invitation_accept(invitation=invitation, user=colleague)
    assert registered_partner.contacts.filter(user=colleague).exists()
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=UserFactory())


def test_partners_without_project_lists_active_partners_only(db):
    active = PartnerFactory()
    PartnerFactory(status="registriert")
    assert [s.partner for s in partners_without_project()] == [active]
