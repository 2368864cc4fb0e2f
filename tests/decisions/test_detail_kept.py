"""A decided proposal's page keeps its follow-up, corrections and tasks per content generation
(issue 21): a new task, a task made internal by a bulk update and a retitled decision show on
the next request, and internal tasks reach staff only."""

import pytest
from django.utils import timezone

from core import fragments
from decisions.models import DecisionTask, Proposal
from meetings.models import ActionItem
from tests.factories import ActionItemFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_a_decided_page_follows_tasks_and_bulk_updates(client, staff_user, settings):
    settings.PAGE_CACHE_SECONDS = 0
    fragments.clear()
    proposal = ProposalFactory(
        state="angenommen", number="2026/99", decided_at=timezone.now(), title="Radverkehr"
    )
    url = f"/beschluesse/{proposal.pk}/"
    assert "Radverkehr" in client.get(url).content.decode()
    item = ActionItemFactory(title="Radwege planen Hafen", is_public=True)
    DecisionTask.objects.create(proposal=proposal, action_item=item)
    assert "Radwege planen Hafen" in client.get(url).content.decode()
    ActionItem.objects.filter(pk=item.pk).update(is_public=False)
    Proposal.objects.filter(pk=proposal.pk).update(title="Radverkehr Neu")
    page = client.get(url).content.decode()
    assert "Radverkehr Neu" in page and "Radwege planen Hafen" not in page
    client.force_login(staff_user)
    assert "Radwege planen Hafen" in client.get(url).content.decode()
