"""The staff page of a proposal keeps its positions and tasks per content generation, and the
empty task form as a fragment (issue 21): a new or changed position, a new task and a renamed
person show on the next request, and a warm page builds no task form."""

import pytest
from django.utils import timezone

from accounts.models import User
from core import fragments
from decisions.models import Position, Proposal
from meetings import forms as meeting_forms
from meetings.models import ActionItem
from tests.factories import PartnerFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, staff_user):
    fragments.clear()
    proposal = ProposalFactory(
        state=Proposal.State.ADOPTED, number="2026/98", decided_at=timezone.now()
    )
    client.force_login(staff_user)
    url = f"/stabsstelle/beschluesse/{proposal.pk}/"

    def get() -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return proposal, get


def test_positions_show_on_the_next_request(page):
    proposal, get = page
    assert "Elbwerk Rothensee" not in get()
    partner = PartnerFactory(name="Elbwerk Rothensee")
    person = UserFactory(name="Greta Sudenburg")
    position = Position.objects.create(
        proposal=proposal,
        partner=partner,
        stated_by=person,
        value=Position.Value.ABSTAIN,
        reason="Die Frist ist zu knapp.",
        is_current=True,
    )
    shown = get()
    assert "Elbwerk Rothensee" in shown and "Die Frist ist zu knapp." in shown
    Position.objects.filter(pk=position.pk).update(reason="Die Kosten sind unklar.")
    assert "Die Kosten sind unklar." in get()
    User.objects.filter(pk=person.pk).update(name="Greta Stadtfeld")
    shown = get()  # the page names who stated each position
    assert "Greta Stadtfeld" in shown and "Greta Sudenburg" not in shown


def test_a_new_task_shows_and_a_warm_page_builds_no_task_form(page, monkeypatch):
    from decisions.models import DecisionTask

    proposal, get = page
    first = get()
    assert 'name="action-title"' in first
    item = ActionItem.objects.create(
        title="Förderantrag Wärmeplanung stellen",
        owner_kind=ActionItem.Owner.STABSSTELLE,
        due_on="2027-03-31",
    )
    DecisionTask.objects.create(proposal=proposal, action_item=item)
    assert "Förderantrag Wärmeplanung stellen" in get()
    built = []
    original = meeting_forms.ActionItemForm.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(meeting_forms.ActionItemForm, "__init__", counting)
    second = get()
    assert "Förderantrag Wärmeplanung stellen" in second
    assert 'name="action-title"' in second
    assert built == []
