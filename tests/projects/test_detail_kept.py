"""The public project page keeps its project and what it shows of it per content generation
(issue 21): a bulk update, an unpublished project and a partner's new name show at once, and
a draft stays hidden from the public even after its partner's contact opened it."""

import pytest

from core import fragments
from partners.models import Partner
from projects.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0
    fragments.clear()


def test_the_page_follows_bulk_updates_and_unpublishing(client):
    project = ProjectFactory(title="Solardach Hafen")
    url = f"/projekte/{project.slug}/"
    assert "Solardach Hafen" in client.get(url).content.decode()
    Project.objects.filter(pk=project.pk).update(title="Wärmepumpe Hafen")
    assert "Wärmepumpe Hafen" in client.get(url).content.decode()
    Partner.objects.filter(pk=project.lead_partner_id).update(name="Hafenbetriebe Neu")
    assert "Hafenbetriebe Neu" in client.get(url).content.decode()
    Project.objects.filter(pk=project.pk).update(publication="entwurf")
    assert client.get(url).status_code == 404


def test_a_draft_seen_by_its_contact_stays_hidden_from_the_public(client, partner, contact_user):
    project = ProjectFactory(lead_partner=partner, publication="entwurf")
    url = f"/projekte/{project.slug}/"
    client.force_login(contact_user)
    client.get(url)
    client.logout()
    assert client.get(url).status_code == 404
