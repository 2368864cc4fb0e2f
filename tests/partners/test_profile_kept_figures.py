"""The partner profile's figures (commitment status, project totals) are kept per content
generation (issue 21): a second visit reads fewer queries, and any change of a project, a
result or a signature shows at once, bulk updates included."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from tests.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(settings):
    settings.PAGE_CACHE_SECONDS = 0
    partner = PartnerFactory(public_listing=True)
    ProjectFactory(lead_partner=partner, expected_reduction=Decimal("120.5"))
    return partner


def figures(client, partner):
    response = client.get(f"/partner/{partner.slug}/")
    assert response.status_code == 200
    status, totals = response.context["status"], response.context["totals"]
    return status.projects_led, totals["all"].projects, totals["all"].expected


def test_a_second_visit_reads_fewer_queries(client, partner):
    with CaptureQueriesContext(connection) as cold:
        assert figures(client, partner) == (1, 1, Decimal("120.5"))
    with CaptureQueriesContext(connection) as warm:
        assert figures(client, partner) == (1, 1, Decimal("120.5"))
    assert len(warm) <= len(cold) - 4


def test_the_figures_follow_a_bulk_update_and_a_new_project(client, partner):
    assert figures(client, partner) == (1, 1, Decimal("120.5"))
    Project.objects.filter(lead_partner=partner).update(expected_reduction=Decimal("80.0"))
    assert figures(client, partner) == (1, 1, Decimal("80.0"))
    ProjectFactory(lead_partner=partner, expected_reduction=Decimal("20.0"))
    assert figures(client, partner) == (2, 2, Decimal("100.0"))
    Project.objects.filter(lead_partner=partner).update(publication=Project.Publication.DRAFT)
    assert figures(client, partner) == (0, 0, Decimal("0"))


def test_each_partner_has_its_own_figures(client, partner):
    other = PartnerFactory(public_listing=True)
    assert figures(client, partner) == (1, 1, Decimal("120.5"))
    assert figures(client, other) == (0, 0, Decimal("0"))
