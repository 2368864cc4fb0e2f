"""The account page /konto/profil/ (#20): a person changes their name (German errors, input
kept, one line only), finds the password and e-mail pages, and the header's "Konto" leads
there; anonymous visitors are sent to the login."""

import pytest

from core.audit.models import AuditEntry
from partners.services import contact_add
from tests.factories import PartnerFactory, StaffUserFactory, UserFactory


@pytest.fixture
def person(client, db):
    user = UserFactory(name="Erika Muster")
    client.force_login(user)
    return user


def test_a_person_changes_their_name(client, person):
    response = client.post("/konto/profil/", {"name": "  Erika   Mustermann "})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Erika Mustermann"
    entry = AuditEntry.objects.get(action="renamed")
    assert "Erika" not in entry.object_repr and "Erika" not in str(entry.changes)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Bitte geben Sie Ihren Namen ein."),
        ("   ", "Bitte geben Sie Ihren Namen ein."),
        ("Erika\nMuster", "Steuerzeichen"),
        ("x" * 151, "höchstens 150 Zeichen"),
    ],
)
def test_bad_names_get_german_errors_and_keep_the_input(client, person, name, message):
    response = client.post("/konto/profil/", {"name": name})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "error-summary" in html
    person.refresh_from_db()
    assert person.name == "Erika Muster"


def test_the_page_links_password_email_and_data(client, person):
    html = client.get("/konto/profil/").content.decode()
    assert 'href="/konto/password/change/"' in html
    assert 'href="/konto/email/"' in html
    assert 'href="/konto/meine-daten/"' in html
    assert 'href="/konto/profil/"' in html.split("</header>", 1)[0]


def test_notification_settings_are_offered_to_partner_contacts_only(client, db):
    contact = UserFactory()
    contact_add(partner=PartnerFactory(), user=contact)
    client.force_login(contact)
    assert 'href="/konto/benachrichtigungen/"' in client.get("/konto/profil/").content.decode()
    client.force_login(StaffUserFactory())
    assert "/konto/benachrichtigungen/" not in client.get("/konto/profil/").content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get("/konto/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert client.post("/konto/profil/", {"name": "X"}).status_code == 302
