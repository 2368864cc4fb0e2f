"""The partner's project list and a project's internal page keep what they read per partner
(or kind of viewer), content generation and day (issue 21): new projects, renamed ones,
results and documents show on the next request, a project of another partner stays out of
reach although its lookup was kept for its own contact, and a change is made on fresh rows."""

from decimal import Decimal

import pytest

from core import fragments
from partners.services import contact_add
from projects.models import Project, ProjectDocument
from tests.factories import PartnerFactory, ProjectFactory, ProjectResultFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    fragments.clear()


def test_the_project_list_follows_new_and_renamed_projects(client, partner, contact_user):
    client.force_login(contact_user)
    assert "Solardach Kita" not in client.get("/mein-bereich/projekte/").content.decode()
    project = ProjectFactory(lead_partner=partner, title="Solardach Kita", publication="entwurf")
    assert "Solardach Kita" in client.get("/mein-bereich/projekte/").content.decode()
    Project.objects.filter(pk=project.pk).update(title="Wärmenetz Kita")
    page = client.get("/mein-bereich/projekte/").content.decode()
    assert "Wärmenetz Kita" in page and "Solardach Kita" not in page


def test_the_project_page_follows_results_and_documents(client, partner, contact_user):
    project = ProjectFactory(lead_partner=partner, publication="entwurf")
    url = f"/mein-bereich/projekte/{project.slug}/"
    client.force_login(contact_user)
    assert "Nachweis Zählerstände" not in client.get(url).content.decode()
    ProjectDocument.objects.create(project=project, title="Nachweis Zählerstände", file="x.pdf")
    assert "Nachweis Zählerstände" in client.get(url).content.decode()
    assert "4.321,5" not in client.get(url).content.decode()
    ProjectResultFactory(project=project, year=2021, achieved_reduction=Decimal("4321.5"))
    assert "4.321,5" in client.get(url).content.decode()


def test_another_partners_contact_cannot_reach_a_kept_draft(client, partner, contact_user):
    project = ProjectFactory(lead_partner=partner, publication="entwurf")
    url = f"/mein-bereich/projekte/{project.slug}/"
    client.force_login(contact_user)
    assert client.get(url).status_code == 200
    stranger = UserFactory()
    contact_add(partner=PartnerFactory(), user=stranger)
    client.force_login(stranger)
    assert client.get(url).status_code in (403, 404)
    client.logout()
    assert client.get(f"/projekte/{project.slug}/").status_code == 404


def test_a_withdrawn_participation_loses_the_kept_page(client, partner, contact_user):
    from projects.models import Participation

    other = ProjectFactory(lead_partner=PartnerFactory(), publication="entwurf")
    Participation.objects.create(
        project=other, partner=partner, state=Participation.State.CONFIRMED
    )
    url = f"/mein-bereich/projekte/{other.slug}/"
    client.force_login(contact_user)
    assert client.get(url).status_code == 200
    Participation.objects.filter(project=other, partner=partner).delete()
    assert client.get(url).status_code in (403, 404)


def test_the_project_page_follows_invitations_and_their_answers(client, partner, contact_user):
    from projects.models import Participation

    project = ProjectFactory(lead_partner=partner, publication="entwurf")
    url = f"/mein-bereich/projekte/{project.slug}/"
    client.force_login(contact_user)
    assert "Stadtwerke Fermersleben" not in client.get(url).content.decode()
    invited = PartnerFactory(name="Stadtwerke Fermersleben")
    participation = Participation.objects.create(
        project=project, partner=invited, invited_by=contact_user
    )
    assert "Stadtwerke Fermersleben" in client.get(url).content.decode()
    Participation.objects.filter(pk=participation.pk).update(state=Participation.State.CONFIRMED)
    assert "Stadtwerke Fermersleben: " not in client.get(url).content.decode()
