"""The staff dashboard keeps what depends on the content and the day only (partner counts,
the work lists, the meetings' rule, counts and overdue tasks) per content generation (issue
21); every change shows on the next request, bulk updates included."""

import datetime

import pytest
from django.utils import timezone

from core import fragments
from partners.models import Partner
from tests.factories import ActionItemFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_the_staff_dashboard_follows_registrations_bulk_updates_and_tasks(client, staff_user):
    fragments.clear()
    client.force_login(staff_user)
    first = client.get("/stabsstelle/").content.decode()
    assert "Verein Neu Buckau" not in first and "Überfällige Aufgabe Hafen" not in first
    partner = PartnerFactory(name="Verein Neu Buckau", status=Partner.Status.REGISTERED)
    assert "Verein Neu Buckau" in client.get("/stabsstelle/").content.decode()
    Partner.objects.filter(pk=partner.pk).update(name="Verein Umbenannt Buckau")
    page = client.get("/stabsstelle/").content.decode()
    assert "Verein Umbenannt Buckau" in page and "Verein Neu Buckau" not in page
    ActionItemFactory(
        title="Überfällige Aufgabe Hafen",
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert "Überfällige Aufgabe Hafen" in client.get("/stabsstelle/").content.decode()
