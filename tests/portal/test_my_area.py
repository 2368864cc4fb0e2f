"""/mein-bereich/ and the pages behind it for every role (#14): the superuser (not in the
staff group, no organisation) and staff get a 403, never a 500; a person without an
organisation learns how to get one instead of a 403; contacts of a partner in every state see
their organisation's area."""

import pytest
from django.urls import reverse

from tests.factories import PartnerFactory, ProjectFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    # Deliberately not in the staff group and without an organisation.
    return UserFactory(email="super@example.org", is_superuser=True, is_staff=True)


def contact_of(partner):
    from partners.services import contact_add

    user = UserFactory()
    contact_add(partner=partner, user=user)
    return user


def get(client, user, url):
    client.raise_request_exception = False
    client.force_login(user)
    return client.get(url)


def nav(html: str) -> str:
    start = html.index('class="user-nav"')
    return html[start : html.index("</nav>", start)]


# --- the superuser ------------------------------------------------------------------------------


def test_superuser_gets_no_500_on_my_area(client, superuser):
    response = get(client, superuser, "/mein-bereich/")
    assert response.status_code == 403
    assert "Zugriff verweigert" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "projects_partner:list",
        "projects_partner:create",
        "projects_partner:import",
        "projects_partner:detail",
        "projects_partner:edit",
        "projects_partner:result_add",
        "projects_partner:submit",
        "projects:detail",
        "projects:list",
        "partner_dashboard",
        "staff_dashboard",
        "dashboard",
        "accounts:my_data",
    ],
)
def test_superuser_gets_no_500_on_the_partner_and_project_pages(client, superuser, name):
    project = ProjectFactory(publication="veroeffentlicht")
    try:
        url = reverse(name, kwargs={"slug": project.slug})
    except Exception:  # noqa: BLE001 - the pattern takes no slug
        url = reverse(name)
    for method in ("get", "post"):
        client.raise_request_exception = False
        client.force_login(superuser)
        response = getattr(client, method)(url)
        assert response.status_code < 500, (method, url, response.status_code)


def test_superuser_keeps_the_staff_area_and_the_admin(client, superuser):
    assert get(client, superuser, "/stabsstelle/").status_code == 200
    assert get(client, superuser, "/admin/").status_code == 200
    assert client.get("/konto/weiter/")["Location"] == "/stabsstelle/"
    html = client.get("/").content.decode()
    assert "/stabsstelle/" in nav(html) and "/mein-bereich/" not in nav(html)


def test_superuser_holds_the_rules_not_every_permission(superuser):
    partner = PartnerFactory()
    # The rules count a superuser as staff ...
    assert superuser.has_perm("accounts.view_staff_dashboard")
    assert superuser.has_perm("partners.change_partner", partner)
    # ... but not as a contact of an organisation.
    assert not superuser.has_perm("accounts.view_partner_dashboard")
    assert not superuser.has_perm("partners.sign_declaration", partner)
    assert not superuser.has_perm("projects.add_project")
    # Django's own model permissions (the admin) stay the superuser's.
    assert superuser.has_perm("reports.view_annualreport")


# --- staff ----------------------------------------------------------------------------------


def test_staff_have_no_partner_area(client):
    staff = StaffUserFactory()
    response = get(client, staff, "/mein-bereich/")
    assert response.status_code == 403
    html = client.get("/stabsstelle/").content.decode()
    assert "/stabsstelle/" in nav(html) and "/mein-bereich/" not in nav(html)


# --- a person without an organisation ---------------------------------------------------------


def test_person_without_organisation_is_told_how_to_get_one(client):
    response = get(client, UserFactory(), "/mein-bereich/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ihr Konto ist noch keiner Partnerorganisation zugeordnet." in html
    assert "Link aus der Einladungs-E-Mail" in html
    assert f'href="{reverse("partners:register")}"' in html
    assert "Zugriff verweigert" not in html
    # Not offered as "My area" in the navigation: there is no organisation's area yet.
    assert "/mein-bereich/" not in nav(html)


def test_person_without_organisation_cannot_post_to_my_area(client):
    client.force_login(UserFactory())
    assert client.post("/mein-bereich/").status_code == 403


def test_anonymous_is_still_sent_to_the_login(client, db):
    response = client.get("/mein-bereich/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


# --- contacts of a partner in every state -------------------------------------------------------


@pytest.mark.parametrize("status", ["registriert", "unterzeichnet", "aktiv", "ausgetreten"])
def test_contacts_see_their_organisation(client, status):
    partner = PartnerFactory(name="Elbe Energie", status=status)
    contact = contact_of(partner)
    response = get(client, contact, "/mein-bereich/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Elbe Energie" in html
    assert 'id="status-heading"' in html and 'id="contacts-heading"' in html
    assert "/mein-bereich/" in nav(html) and "/stabsstelle/" not in nav(html)
    # Only an active member records projects.
    assert (reverse("projects_partner:create") in html) == (status == "aktiv")
