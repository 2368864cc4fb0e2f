"""The staff review queue keeps its queues per content generation (issue 21): a newly
submitted project and a bulk update that returns it show on the next request."""

import pytest

from core import fragments
from projects.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_queue_follows_submissions_and_bulk_updates(client, staff_user):
    fragments.clear()
    client.force_login(staff_user)
    assert "Solardach Hafen" not in client.get("/stabsstelle/projekte/").content.decode()
    project = ProjectFactory(title="Solardach Hafen", publication="eingereicht")
    page = client.get("/stabsstelle/projekte/").content.decode()
    assert "Solardach Hafen" in page
    Project.objects.filter(pk=project.pk).update(
        title="Wärmepumpe Hafen", publication="zurueckgegeben"
    )
    page = client.get("/stabsstelle/projekte/").content.decode()
    # Returned now, under its new title; the history keeps the old one (an update writes none).
    assert "Wärmepumpe Hafen" in page
