"""The partner dashboard keeps the partner's project counts, latest projects, participation
requests and reporting per partner and content generation (issue 21); each change shows on
the next request, bulk updates included, and one partner never sees another's."""

import pytest

from core import fragments
from projects.models import Participation, Project
from tests.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_follows_new_projects_renames_and_invitations(client, partner, contact_user):
    fragments.clear()
    client.force_login(contact_user)
    assert "Solardach Kita" not in client.get("/mein-bereich/").content.decode()
    project = ProjectFactory(lead_partner=partner, title="Solardach Kita", publication="entwurf")
    assert "Solardach Kita" in client.get("/mein-bereich/").content.decode()
    Project.objects.filter(pk=project.pk).update(title="Wärmenetz Kita")
    page = client.get("/mein-bereich/").content.decode()
    assert "Wärmenetz Kita" in page and "Solardach Kita" not in page
    other = ProjectFactory(lead_partner=PartnerFactory(), title="Radwege Buckau")
    Participation.objects.create(project=other, partner=partner, state=Participation.State.INVITED)
    assert "Radwege Buckau" in client.get("/mein-bereich/").content.decode()


def test_another_partner_does_not_see_the_kept_sections(client, partner, contact_user):
    from partners.services import contact_add
    from tests.factories import UserFactory

    fragments.clear()
    ProjectFactory(lead_partner=partner, title="Solardach Kita", publication="entwurf")
    client.force_login(contact_user)
    assert "Solardach Kita" in client.get("/mein-bereich/").content.decode()
    stranger = UserFactory()
    contact_add(partner=PartnerFactory(), user=stranger)
    client.force_login(stranger)
    assert "Solardach Kita" not in client.get("/mein-bereich/").content.decode()
