import datetime
import json

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from accounts.selectors import data_rights_history
from partners import services as partner_services
from partners.commitments import COMMITMENT_KEYS
from partners.models import Contact, Signature
from tests.factories import PASSWORD, DeclarationFactory, UserFactory


@pytest.fixture
def signed(contact_user, partner):
    partner.status = "registriert"
    partner.save()
    return partner_services.partner_sign(
        partner=partner,
        declaration=DeclarationFactory(),
        actor=contact_user,
        signatory_name="Erika Muster",
        signatory_function="GF",
        place="Magdeburg",
        signed_on=datetime.date(2026, 1, 1),
        commitments=list(COMMITMENT_KEYS),
    )


def test_export_contains_everything_about_the_person_and_no_secrets(client, contact_user, signed):
    client.force_login(contact_user)
    response = client.get("/konto/meine-daten/export.json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["user"]["email"] == contact_user.email
    assert "password" not in data["user"]
    assert data["related"]["partners.Contact"][0]["partner_id"] == signed.partner_id
    assert data["related"]["partners.Signature"][0]["signatory_name"] == "Erika Muster"
    assert data["related"]["account.EmailAddress"][0]["email"] == contact_user.email
    event = data_rights_history().get()
    assert (event.action, event.object_id, event.actor) == (
        "data_exported",
        str(contact_user.pk),
        contact_user,
    )
    # The record names the account by its number, not by the person's address.
    assert event.object_repr == f"Konto Nr. {contact_user.pk}"


def test_erasure_removes_personal_data_and_keeps_contributions(client, contact_user, signed):
    client.force_login(contact_user)
    response = client.post("/konto/meine-daten/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    user = User.objects.get(pk=contact_user.pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.email.endswith("@konto.invalid") and user.name == ""
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Contact.objects.filter(user=user).exists()
    # The signature stays with the organisation.
    signature = Signature.objects.get(pk=signed.pk)
    assert signature.partner == signed.partner
    erased = data_rights_history().get(action="account_erased", object_id=str(user.pk))
    assert contact_user.email not in erased.object_repr + erased.note
    # Logged out everywhere; the old login no longer works.
    assert client.get("/mein-bereich/").status_code == 302
    assert not client.login(email=contact_user.email, password=PASSWORD)


def test_erasure_needs_password_and_confirmation(client, contact_user):
    client.force_login(contact_user)
    response = client.post("/konto/meine-daten/", {"password": "falsch"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "password" in errors and "confirm" in errors
    assert User.objects.get(pk=contact_user.pk).is_active


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("contact", 403), ("staff", 200)])
def test_staff_handle_requests_others_are_refused(client, contact_user, staff_user, role, status):
    person = UserFactory()
    if role != "anonymous":
        client.force_login(contact_user if role == "contact" else staff_user)
    assert client.get("/stabsstelle/personen/?email=person").status_code == status
    assert client.get(f"/stabsstelle/personen/{person.pk}/export.json").status_code == status
    client.post(f"/stabsstelle/personen/{person.pk}/loeschen/")
    assert User.objects.get(pk=person.pk).is_active == (role != "staff")
    if role == "staff":
        events = data_rights_history().filter(actor=staff_user, object_id=str(person.pk))
        assert events.count() == 2
