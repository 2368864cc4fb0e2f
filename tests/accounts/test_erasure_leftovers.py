"""A person's erasure leaves nothing of them behind in other apps, and no history is lost:
the last contact of an organisation is warned and staff are told, places in circles still to
come are given back while past circles keep their participants, open invitations to the
person's addresses are withdrawn, and nobody leaves a circle of a meeting that has begun."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from accounts.services import user_erase
from core.audit.models import AuditEntry
from core.models import OutboxMail
from meetings import services as meeting_services
from meetings.models import CircleRegistration
from partners.models import Invitation, Partner
from partners.services import contact_add, contact_invite, invitation_accept
from tests.factories import (
    PASSWORD,
    CircleFactory,
    MeetingFactory,
    PartnerFactory,
    UserFactory,
)

ERASE = {"password": PASSWORD, "confirm": "on"}
WARNING = "letzte Kontaktperson von"


def make_contact(partner, **kwargs):
    user = UserFactory(**kwargs)
    contact_add(partner=partner, user=user)
    return user


def entries_of(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


# The last contact of an organisation ------------------------------------------------------


def test_last_contact_is_warned_before_erasing(client, db):
    partner = PartnerFactory(name="Elbstrom GmbH")
    user = make_contact(partner)
    client.force_login(user)
    page = client.get("/konto/meine-daten/").content.decode()
    assert WARNING in page and "Elbstrom GmbH" in page
    assert "keine Kontaktperson mehr" in page and "Stabsstelle Klimaschutz" in page


@pytest.mark.parametrize("who", ["one_of_two_contacts", "no_contact"])
def test_no_warning_when_the_organisation_keeps_a_contact(client, db, who):
    partner = PartnerFactory()
    user = make_contact(partner)
    if who == "one_of_two_contacts":
        make_contact(partner)
    else:
        user.partner_contact.delete()
    client.force_login(user)
    assert WARNING not in client.get("/konto/meine-daten/").content.decode()


def test_erasing_the_last_contact_tells_staff_naming_the_organisation(client, db, staff_user):
    partner = PartnerFactory(name="Elbstrom GmbH")
    user = make_contact(partner, name="Erika Muster")
    address = user.email
    client.force_login(user)
    assert client.post("/konto/meine-daten/", ERASE).status_code == 302
    mails = OutboxMail.objects.filter(kind="partner.last_contact_erased")
    assert {mail.to for mail in mails} >= {"klimaschutz@localhost", staff_user.email}
    mail = mails.first()
    assert "Elbstrom GmbH" in mail.subject and "Elbstrom GmbH" in mail.body
    assert f"/partner/{partner.slug}/kontakte/" in mail.body
    # Nothing about the erased person in the notice or the organisation's history.
    assert address not in mail.body and "Erika Muster" not in mail.body
    entry = entries_of(partner).get(note__contains="letzten Kontaktperson")
    assert address not in str(entry.changes) + entry.note + entry.object_repr
    assert not partner.contacts.exists()


def test_staff_see_the_warning_and_their_erasure_tells_staff_too(client, db, staff_user):
    partner = PartnerFactory(name="Elbstrom GmbH")
    user = make_contact(partner)
    client.force_login(staff_user)
    page = client.get("/stabsstelle/personen/", {"email": user.email}).content.decode()
    assert WARNING in page
    client.post(f"/stabsstelle/personen/{user.pk}/loeschen/")
    assert not User.objects.get(pk=user.pk).is_active
    assert OutboxMail.objects.filter(kind="partner.last_contact_erased").exists()


def test_no_notice_when_another_contact_stays(db):
    partner = PartnerFactory()
    user = make_contact(partner)
    make_contact(partner)
    user_erase(user=user, actor=user)
    assert not OutboxMail.objects.filter(kind="partner.last_contact_erased").exists()
    assert partner.contacts.count() == 1


# Theme circles ----------------------------------------------------------------------------


def test_places_in_circles_to_come_are_given_back(db):
    partner = PartnerFactory()
    user = make_contact(partner)
    circle = CircleFactory(capacity=6)
    others = [make_contact(partner) for _ in range(5)]
    meeting_services.circle_register(circle=circle, user=user)
    for other in others:
        meeting_services.circle_register(circle=circle, user=other)
    waiting = make_contact(partner)
    assert meeting_services.circle_register(circle=circle, user=waiting).status == "warteliste"
    user_erase(user=user, actor=user)
    assert not CircleRegistration.objects.filter(user_id=user.pk).exists()
    assert CircleRegistration.objects.get(user=waiting).status == "angemeldet"
    assert circle.registrations.filter(status="angemeldet").count() == 6
    assert OutboxMail.objects.filter(kind="circle.moved_up", to=waiting.email).exists()
    entry = entries_of(circle).get()
    assert entry.changes["places"]["old"] == "6" and user.email not in str(entry.changes)


def test_past_circles_keep_the_participation_anonymised(db):
    partner = PartnerFactory()
    user = make_contact(partner, name="Erika Muster")
    past = MeetingFactory(
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=30, hours=-2),
        state="stattgefunden",
    )
    circle = CircleFactory(meeting=past)
    CircleRegistration.objects.create(
        circle=circle, meeting=past, user=user, status=CircleRegistration.Status.REGISTERED
    )
    user_erase(user=user, actor=user)
    registration = CircleRegistration.objects.get(circle=circle)
    assert registration.user_id == user.pk
    assert registration.user.name == "" and registration.user.email.endswith("@konto.invalid")
    assert circle.registrations.filter(status="angemeldet").count() == 1


def past_registration(user):
    past = MeetingFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    circle = CircleFactory(meeting=past)
    return CircleRegistration.objects.create(
        circle=circle, meeting=past, user=user, status=CircleRegistration.Status.REGISTERED
    )


@pytest.mark.parametrize("actor", ["participant", "staff"])
def test_leaving_a_circle_of_a_past_meeting_is_refused(db, staff_user, actor):
    user = make_contact(PartnerFactory())
    registration = past_registration(user)
    with pytest.raises(ValidationError):
        meeting_services.circle_leave(
            registration=registration, actor=user if actor == "participant" else staff_user
        )
    assert CircleRegistration.objects.filter(pk=registration.pk).exists()


def test_leaving_a_past_circle_in_the_browser_explains_why(client, db):
    user = make_contact(PartnerFactory())
    registration = past_registration(user)
    client.force_login(user)
    response = client.post(
        f"/mein-bereich/klimakreise/{registration.circle_id}/abmelden/", follow=True
    )
    assert response.status_code == 200
    assert "bereits begonnen oder stattgefunden" in response.content.decode()
    assert CircleRegistration.objects.filter(pk=registration.pk).exists()


@pytest.mark.parametrize("role", ["other_contact", "staff"])
def test_nobody_else_leaves_a_past_circle_for_the_participant(client, db, staff_user, role):
    partner = PartnerFactory()
    user = make_contact(partner)
    registration = past_registration(user)
    client.force_login(make_contact(partner) if role == "other_contact" else staff_user)
    response = client.post(f"/mein-bereich/klimakreise/{registration.circle_id}/abmelden/")
    assert response.status_code == 404
    assert CircleRegistration.objects.filter(pk=registration.pk).exists()


def test_leaving_a_circle_to_come_still_works(client, db):
    user = make_contact(PartnerFactory())
    circle = CircleFactory()
    meeting_services.circle_register(circle=circle, user=user)
    client.force_login(user)
    response = client.post(f"/mein-bereich/klimakreise/{circle.pk}/abmelden/", follow=True)
    assert "Sie haben sich vom Klimakreis" in response.content.decode()
    assert not CircleRegistration.objects.filter(user=user).exists()


# Invitations ------------------------------------------------------------------------------


def test_open_invitations_to_the_persons_addresses_are_withdrawn(client, db):
    user = UserFactory(email="kollegin@example.org")
    EmailAddress.objects.create(user=user, email="privat@example.org", verified=False)
    inviting = PartnerFactory(status=Partner.Status.ACTIVE)
    inviter = make_contact(inviting)
    contact_invite(partner=inviting, email="Kollegin@Example.org", actor=inviter)
    contact_invite(partner=inviting, email="privat@example.org", actor=inviter)
    contact_invite(partner=inviting, email="jemand@example.org", actor=inviter)
    elsewhere = PartnerFactory()
    contact_invite(partner=elsewhere, email="kollegin@example.org", actor=make_contact(elsewhere))

    user_erase(user=user, actor=user)

    remaining = set(Invitation.objects.values_list("email", flat=True))
    assert remaining == {"jemand@example.org"}
    client.force_login(inviter)
    page = client.get(f"/partner/{inviting.slug}/kontakte/").content.decode()
    assert "kollegin@example.org" not in page.lower() and "privat@example.org" not in page
    assert "jemand@example.org" in page
    entry = entries_of(inviting).get(note__contains="zurückgezogen")
    assert entry.changes["invitations"] == {"label": "offene Einladungen", "old": "3", "new": "1"}
    assert "kollegin" not in str(entry.changes).lower() + entry.note.lower()


def test_an_accepted_invitation_forgets_the_address(db):
    partner = PartnerFactory()
    inviter = make_contact(partner)
    invitation = contact_invite(partner=partner, email="neu@example.org", actor=inviter)
    user = UserFactory(email="neu@example.org")
    invitation_accept(invitation=invitation, user=user)
    user_erase(user=user, actor=user)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.email.endswith("@konto.invalid")
