"""The public partner profile keeps the partner and what it shows of it per content
generation (issue 21): new projects, bulk updates and leaving the public listing show at once."""

import pytest

from core import fragments
from partners.models import Partner
from projects.models import Project
from tests.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_profile_follows_projects_renames_and_unlisting(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    fragments.clear()
    partner = PartnerFactory(name="Stadtwerke Buckau")
    url = f"/partner/{partner.slug}/"
    assert "Stadtwerke Buckau" in client.get(url).content.decode()
    project = ProjectFactory(lead_partner=partner, title="Solardach Depot")
    assert "Solardach Depot" in client.get(url).content.decode()
    Project.objects.filter(pk=project.pk).update(title="Wärmenetz Depot")
    Partner.objects.filter(pk=partner.pk).update(name="Stadtwerke Neustadt")
    page = client.get(url).content.decode()
    assert "Wärmenetz Depot" in page and "Stadtwerke Neustadt" in page
    assert "Solardach Depot" not in page
    Partner.objects.filter(pk=partner.pk).update(public_listing=False)
    assert client.get(url).status_code == 404
