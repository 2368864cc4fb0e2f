"""Invitations (issue #14): bound to the invited address, kept through login and sign-up, one
pending invitation per address, nobody who may not be a contact, withdrawn and resent by the
partner's contacts and staff, rate-limited."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import User
from core.audit.models import AuditEntry
from core.mail import OutboxMail
from partners import services
from partners.models import INVITATION_VALIDITY, Contact, Invitation
from tests.factories import PASSWORD, PartnerFactory, StaffUserFactory, UserFactory

INVITED = "kollegin@example.org"


@pytest.fixture
def inviter(contact_user):
    return contact_user


@pytest.fixture
def invitation(partner, inviter):
    return services.contact_invite(partner=partner, email=INVITED, actor=inviter)


def invitation_url(invitation) -> str:
    return f"/partner/einladung/{invitation.token}/"


def page(response) -> str:
    return response.content.decode()


# Bound to the invited address ---------------------------------------------------------------


def test_the_invited_address_confirmed_accepts(client, partner, invitation):
    colleague = UserFactory(email="Kollegin@Example.org")  # the address, differently spelt
    client.force_login(colleague)
    response = client.get(invitation_url(invitation))
    assert partner.name in page(response)
    response = client.post(invitation_url(invitation))
    assert response.status_code == 302 and response.url == "/mein-bereich/"
    assert Contact.objects.get(user=colleague).partner == partner
    invitation.refresh_from_db()
    assert invitation.accepted_by == colleague
    assert AuditEntry.objects.filter(action="accepted", object_id=str(invitation.pk)).exists()


@pytest.mark.parametrize("case", ["other address", "unconfirmed address", "secondary unconfirmed"])
def test_anyone_else_holding_the_link_is_refused_without_learning_the_partner(
    client, partner, invitation, case
):
    if case == "other address":
        user = UserFactory()
    elif case == "unconfirmed address":
        user = UserFactory(email=INVITED, verified_email=False)
    else:
        user = UserFactory()
        EmailAddress.objects.create(user=user, email=INVITED, verified=False)
    client.force_login(user)
    response = client.get(invitation_url(invitation))
    assert response.status_code == 200
    html = page(response)
    assert partner.name not in html and invitation.token not in html.replace(
        invitation_url(invitation), ""
    )
    assert "E-Mail-Adresse" in html
    response = client.post(invitation_url(invitation))
    assert response.status_code == 200 and partner.name not in page(response)
    assert not Contact.objects.filter(user=user).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_service_refuses_a_user_without_the_confirmed_address(invitation):
    with pytest.raises(ValidationError, match="andere E-Mail-Adresse"):
        services.invitation_accept(invitation=invitation, user=UserFactory())


@pytest.mark.parametrize("role", ["staff", "superuser"])
def test_staff_and_superusers_cannot_accept(invitation, role):
    user = UserFactory(email=INVITED)
    if role == "staff":
        from accounts.services import user_make_stabsstelle

        user_make_stabsstelle(user=user)
    else:
        user.is_superuser = True
        user.save()
    with pytest.raises(ValidationError, match="Stabsstelle"):
        services.invitation_accept(invitation=invitation, user=user)


def test_a_contact_of_another_partner_gets_a_clear_message(client, invitation):
    user = UserFactory(email=INVITED)
    services.contact_add(partner=PartnerFactory(), user=user)
    client.force_login(user)
    assert "andere Partnerorganisation" in page(client.get(invitation_url(invitation)))


def test_a_withdrawn_partner_s_invitation_cannot_be_accepted(partner, invitation):
    partner.status = "ausgetreten"
    partner.save()
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=UserFactory(email=INVITED))


# Kept through login and sign-up -------------------------------------------------------------


def test_logged_out_the_link_leads_to_login_and_keeps_the_invitation(client, invitation):
    response = client.get(invitation_url(invitation))
    assert response.status_code == 302
    assert response.url.startswith("/konto/login/") and "next=" in response.url
    login_page = page(client.get(response.url))
    # The sign-up link on the login page carries the way back.
    assert "/konto/signup/?next=%2Fpartner%2Feinladung%2F" in login_page
    signup = client.get("/konto/signup/?next=" + invitation_url(invitation))
    assert f'value="{INVITED}"' in page(signup)


def test_signing_up_through_the_invitation_needs_no_confirmation_and_comes_back(
    client, partner, invitation, django_capture_on_commit_callbacks
):
    client.get(invitation_url(invitation))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/konto/signup/",
            {
                "name": "Karla Kollegin",
                "email": "KOLLEGIN@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.status_code == 302
    assert response.url == invitation_url(invitation)  # not "Organisation registrieren"
    user = User.objects.get(email__iexact=INVITED)
    assert EmailAddress.objects.get(user=user).verified
    assert not mail.outbox  # no confirmation mail: the link was sent to this address
    assert partner.name in page(client.get(response.url))
    client.post(invitation_url(invitation))
    assert Contact.objects.get(user=user).partner == partner


def test_signing_up_with_another_address_through_the_invitation_is_not_confirmed(
    client, invitation, django_capture_on_commit_callbacks
):
    client.get(invitation_url(invitation))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/konto/signup/",
            {
                "name": "Jemand",
                "email": "jemand@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    user = User.objects.get(email="jemand@example.org")
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("jemand@example.org", False)
    ]
    assert not EmailAddress.objects.filter(email__iexact=INVITED).exists()


def test_logging_in_after_opening_the_link_comes_back(client, invitation):
    UserFactory(email=INVITED)
    client.get(invitation_url(invitation))
    response = client.post("/konto/login/", {"login": INVITED, "password": PASSWORD}, follow=False)
    assert response.status_code == 302 and response.url == invitation_url(invitation)


# Who can be invited, and how often -----------------------------------------------------------


def test_the_same_address_cannot_have_two_pending_invitations(partner, inviter, invitation):
    with pytest.raises(ValidationError, match="bereits eingeladen"):
        services.contact_invite(partner=partner, email="KOLLEGIN@example.org ", actor=inviter)
    assert partner.invitations.count() == 1


def test_an_expired_invitation_is_replaced_by_a_new_one(partner, inviter, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - INVITATION_VALIDITY - datetime.timedelta(minutes=1)
    )
    fresh = services.contact_invite(partner=partner, email=INVITED, actor=inviter)
    assert fresh.is_open
    assert Invitation.objects.get(pk=invitation.pk).withdrawn_at is not None


def test_the_database_allows_one_pending_invitation_per_address(partner, invitation):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(partner=partner, email=INVITED.upper())


def test_a_contact_cannot_be_invited_again(partner, inviter):
    with pytest.raises(ValidationError, match="bereits Kontaktperson"):
        services.contact_invite(partner=partner, email=inviter.email.upper(), actor=inviter)


def test_a_contact_of_another_partner_cannot_be_invited(partner, inviter, other_contact):
    with pytest.raises(ValidationError, match="andere Partnerorganisation"):
        services.contact_invite(partner=partner, email=other_contact.email, actor=inviter)


@pytest.mark.parametrize("role", ["staff", "superuser"])
def test_staff_and_superusers_cannot_be_invited(client, partner, inviter, role):
    person = StaffUserFactory() if role == "staff" else UserFactory(is_superuser=True)
    client.force_login(inviter)
    response = client.post(f"/partner/{partner.slug}/kontakte/", {"email": person.email})
    assert response.status_code == 200
    assert "Stabsstelle" in str(response.context["form"].errors["email"])
    assert not partner.invitations.exists()


def test_an_address_confirmed_on_a_staff_account_cannot_be_invited(partner, inviter):
    staff = StaffUserFactory()
    EmailAddress.objects.create(user=staff, email="zweit@example.org", verified=True)
    with pytest.raises(ValidationError, match="Stabsstelle"):
        services.contact_invite(partner=partner, email="zweit@example.org", actor=inviter)


def test_invitations_are_rate_limited_per_partner(client, partner, inviter):
    client.force_login(inviter)
    url = f"/partner/{partner.slug}/kontakte/"
    for n in range(services.INVITATION_RATE_LIMIT):
        assert client.post(url, {"email": f"person-{n}@example.net"}).status_code == 302
    response = client.post(url, {"email": "noch-eine@example.net"})
    assert response.status_code == 200
    assert "zu viele Einladungen" in page(response)
    assert partner.invitations.count() == services.INVITATION_RATE_LIMIT
    # Another contact of the same partner shares the partner's limit.
    colleague = UserFactory()
    services.contact_add(partner=partner, user=colleague)
    with pytest.raises(ValidationError, match="zu viele"):
        services.contact_invite(partner=partner, email="x@example.net", actor=colleague)


def test_invitations_are_rate_limited_per_person(staff_user):
    for n in range(services.INVITATION_RATE_LIMIT):
        services.contact_invite(
            partner=PartnerFactory(), email=f"p{n}@example.net", actor=staff_user
        )
    with pytest.raises(ValidationError, match="zu viele"):
        services.contact_invite(partner=PartnerFactory(), email="y@example.net", actor=staff_user)


def test_a_withdrawn_partner_invites_nobody(partner, inviter):
    partner.status = "ausgetreten"
    partner.save()
    with pytest.raises(PermissionDenied):
        services.contact_invite(partner=partner, email=INVITED, actor=inviter)


# Withdraw and resend ---------------------------------------------------------------------


def withdraw_url(invitation) -> str:
    return f"/partner/{invitation.partner.slug}/kontakte/einladungen/{invitation.pk}/zurueckziehen/"


def resend_url(invitation) -> str:
    return f"/partner/{invitation.partner.slug}/kontakte/einladungen/{invitation.pk}/erneut-senden/"


def test_contacts_page_offers_withdraw_and_resend(client, inviter, invitation):
    client.force_login(inviter)
    html = page(client.get(f"/partner/{invitation.partner.slug}/kontakte/"))
    assert withdraw_url(invitation) in html and resend_url(invitation) in html


@pytest.mark.parametrize("role", ["contact", "staff"])
def test_withdraw(client, invitation, inviter, staff_user, role):
    actor = inviter if role == "contact" else staff_user
    client.force_login(actor)
    response = client.post(withdraw_url(invitation))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None and invitation.withdrawn_by == actor
    assert not invitation.is_open
    assert AuditEntry.objects.filter(action="withdrawn", object_id=str(invitation.pk)).exists()
    # The link no longer works, even for the invited person.
    client.force_login(UserFactory(email=INVITED))
    assert client.post(invitation_url(invitation)).status_code == 200
    assert not Contact.objects.filter(user__email=INVITED).exists()


@pytest.mark.parametrize("role", ["contact", "staff"])
def test_resend_issues_a_fresh_token_through_the_outbox(
    client, invitation, inviter, staff_user, role, django_capture_on_commit_callbacks
):
    client.force_login(inviter if role == "contact" else staff_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(invitation))
    assert response.status_code == 302
    old = Invitation.objects.get(pk=invitation.pk)
    fresh = Invitation.objects.exclude(pk=invitation.pk).get()
    assert not old.is_open and fresh.is_open and fresh.token != old.token
    assert fresh.invited_by == inviter
    (message,) = mail.outbox
    assert fresh.token in message.body and old.token not in message.body
    assert OutboxMail.objects.filter(kind="partner.invitation", to=INVITED).count() == 2
    assert AuditEntry.objects.filter(action="resent", object_id=str(fresh.pk)).exists()
    # The old link is dead, the new one works.
    colleague = UserFactory(email=INVITED)
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=old, user=colleague)
    services.invitation_accept(invitation=fresh, user=colleague)


@pytest.mark.parametrize("role", ["anonymous", "other contact", "invited person"])
def test_withdraw_and_resend_are_refused(client, invitation, other_contact, role):
    if role == "other contact":
        client.force_login(other_contact)
    elif role == "invited person":
        client.force_login(UserFactory(email=INVITED))
    for url in (withdraw_url(invitation), resend_url(invitation)):
        response = client.post(url)
        if role == "anonymous":
            assert response.status_code == 302 and response.url.startswith("/konto/login/")
        else:
            assert response.status_code == 403
    assert Invitation.objects.get().is_open


def test_withdraw_and_resend_refused_for_a_withdrawn_partner(client, partner, inviter, invitation):
    partner.status = "ausgetreten"
    partner.save()
    client.force_login(inviter)
    assert client.post(withdraw_url(invitation)).status_code == 403
    assert client.post(resend_url(invitation)).status_code == 403


def test_an_invitation_of_another_partner_is_a_404(client, invitation, other_contact):
    client.force_login(other_contact)
    partner_b = Contact.objects.get(user=other_contact).partner
    url = f"/partner/{partner_b.slug}/kontakte/einladungen/{invitation.pk}/zurueckziehen/"
    assert client.post(url).status_code == 404
    assert Invitation.objects.get().is_open


def test_withdrawing_twice_is_a_message_not_a_500(client, inviter, invitation):
    client.force_login(inviter)
    client.post(withdraw_url(invitation))
    response = client.post(withdraw_url(invitation), follow=True)
    assert response.status_code == 200
    assert re.search("bereits angenommen oder zurückgezogen", page(response))


def test_an_uncompleted_sign_up_with_the_invited_address_does_not_keep_the_invitee_out(
    client, partner, invitation, django_capture_on_commit_callbacks
):
    squatter = UserFactory(email=INVITED, verified_email=False)
    client.get(invitation_url(invitation))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/konto/signup/",
            {"name": "Karla", "email": INVITED, "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.url == invitation_url(invitation)
    client.post(invitation_url(invitation))
    invitee = Contact.objects.get(partner=partner, user__email=INVITED).user
    assert invitee.pk != squatter.pk
    assert not User.objects.get(pk=squatter.pk).is_active
