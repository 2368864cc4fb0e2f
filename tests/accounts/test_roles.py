"""Dashboards refuse the wrong role: login redirect for anonymous, 403 otherwise."""

import pytest

from accounts.roles import is_stabsstelle
from partners.roles import is_contact_of, is_partner_contact
from tests.factories import PartnerFactory, UserFactory


@pytest.fixture
def other_partner_contact(db):
    from partners.services import contact_add

    user = UserFactory()
    contact_add(partner=PartnerFactory(), user=user)
    return user


def test_role_predicates(staff_user, contact_user, partner, user, other_partner_contact):
    assert is_stabsstelle(staff_user)
    assert not is_stabsstelle(contact_user)
    assert not is_stabsstelle(user)
    assert is_partner_contact(contact_user)
    assert not is_partner_contact(user)
    assert is_contact_of(contact_user, partner)
    assert not is_contact_of(other_partner_contact, partner)
    assert not is_contact_of(staff_user, partner)


@pytest.mark.parametrize("path", ["/mein-bereich/", "/stabsstelle/"])
def test_anonymous_is_sent_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/konto/login/?next={path}")


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("user", "/mein-bereich/", 200),  # how to register or join an organisation
        ("user", "/stabsstelle/", 403),
        ("contact_user", "/mein-bereich/", 200),
        ("contact_user", "/stabsstelle/", 403),
        ("staff_user", "/stabsstelle/", 200),
        ("staff_user", "/mein-bereich/", 403),
    ],
)
def test_dashboards_by_role(client, request, who, path, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(path)
    assert response.status_code == status
    if status == 403:
        assert "Zugriff verweigert" in response.content.decode()


def test_partner_dashboard_shows_own_organisation(client, contact_user, partner):
    client.force_login(contact_user)
    html = client.get("/mein-bereich/").content.decode()
    assert partner.name in html


def test_login_lands_on_the_role_start_page(client, staff_user, contact_user, user):
    for person, target in (
        (staff_user, "/stabsstelle/"),
        (contact_user, "/mein-bereich/"),
        (user, "/partner/registrieren/"),
    ):
        client.force_login(person)
        assert client.get("/konto/weiter/")["Location"] == target
