"""List counts kept per content generation and filter (core.pagination, issue 21): the number
of pages follows every change, bulk updates included, and each filter has its own count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import fragments
from partners.models import Partner
from projects.models import Project
from tests.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0
    fragments.clear()


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


def test_the_project_count_follows_new_projects_and_bulk_updates(client):
    partner = PartnerFactory()
    ProjectFactory.create_batch(20, lead_partner=partner)
    assert "Seite 1 von" not in client.get("/projekte/").content.decode()
    ProjectFactory(lead_partner=partner)
    assert "Seite 1 von 2" in client.get("/projekte/?v=1").content.decode()
    Project.objects.filter(pk__in=Project.objects.values("pk")[:5]).update(publication="entwurf")
    assert "Seite 1 von" not in client.get("/projekte/?v=2").content.decode()


def test_each_filter_counts_its_own_rows_and_other_pages_reuse_the_count(client):
    partner = PartnerFactory()
    ProjectFactory.create_batch(21, lead_partner=partner, status="geplant")
    ProjectFactory(lead_partner=partner, status="abgeschlossen")
    assert "Seite 1 von 2" in client.get("/projekte/?status=geplant").content.decode()
    assert "Seite 1 von" not in client.get("/projekte/?status=abgeschlossen").content.decode()
    # Another page, another sort order: the same rows, the count is not asked again.
    assert _count_queries(client, "/projekte/?status=geplant&sort=titel&seite=2") == 0
    assert _count_queries(client, "/projekte/?status=in_umsetzung") > 0


def test_the_partner_directory_count_follows_a_bulk_status_change(client):
    PartnerFactory.create_batch(21)
    assert "Seite 1 von 2" in client.get("/partner/").content.decode()
    Partner.objects.filter(pk=Partner.objects.first().pk).update(status=Partner.Status.WITHDRAWN)
    assert "Seite 1 von" not in client.get("/partner/?page=1").content.decode()


def test_an_invalid_directory_filter_shows_no_partners_after_a_valid_one(client):
    PartnerFactory(name="Abwasserwerk Magdeburg")
    PartnerFactory.create_batch(20)
    first = client.get("/partner/").content.decode()
    assert "Abwasserwerk Magdeburg" in first and "Seite 1 von 2" in first
    # An invalid value drops out of the cleaned data: the count must not be the unfiltered one.
    page = client.get("/partner/?sector=gibt-es-nicht").content.decode()
    assert "Abwasserwerk Magdeburg" not in page and "Seite 1 von" not in page
