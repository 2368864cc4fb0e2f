"""The staff dashboard's proposal lists are derived from the drafts and open proposals kept
per content generation and day (issue 21). Which of them are due to be closed changes with
the minute: the kept lists must give exactly what the database rule gives at any moment."""

import datetime

import pytest
from django.utils import timezone

from core import fragments
from decisions import selectors
from decisions.models import Proposal
from meetings.models import AgendaItem
from tests.factories import MeetingFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_kept_lists_follow_the_clock_like_the_database_rule():
    fragments.clear()
    now = timezone.now()
    started = MeetingFactory(starts_at=now - datetime.timedelta(minutes=30))
    later = MeetingFactory(starts_at=now + datetime.timedelta(hours=3))
    ProposalFactory(title="Entwurf", state="entwurf")
    ProposalFactory(title="Frist vorbei", state="offen", deadline=now - datetime.timedelta(hours=1))
    ProposalFactory(title="Frist bald", state="offen", deadline=now + datetime.timedelta(hours=2))
    for meeting, title in ((started, "Sitzung läuft"), (later, "Sitzung später")):
        ProposalFactory(
            title=title,
            state="offen",
            procedure=Proposal.Procedure.MEETING,
            deadline=None,
            agenda_item=AgendaItem.objects.create(meeting=meeting, position=1, title=title),
        )
    for moment in (
        now,
        now + datetime.timedelta(hours=2, minutes=30),
        now + datetime.timedelta(hours=4),
    ):
        kept = selectors.staff_proposal_lists(now=moment)
        assert [p.pk for p in kept["to_close"]] == [
            p.pk for p in selectors.proposals_to_close(now=moment)
        ]
        assert [p.pk for p in kept["open"]] == [p.pk for p in selectors.staff_open_proposals()[:20]]
    due_now = {p.title for p in selectors.staff_proposal_lists(now=now)["to_close"]}
    assert due_now == {"Frist vorbei", "Sitzung läuft"}
    due_later = {
        p.title
        for p in selectors.staff_proposal_lists(now=now + datetime.timedelta(hours=4))["to_close"]
    }
    assert due_later == {"Frist vorbei", "Sitzung läuft", "Frist bald", "Sitzung später"}


def test_a_new_proposal_shows_on_the_staff_dashboard_at_once(client, staff_user):
    fragments.clear()
    client.force_login(staff_user)
    assert "Vorlage Fernwärme" not in client.get("/stabsstelle/").content.decode()
    ProposalFactory(title="Vorlage Fernwärme", state="entwurf")
    assert "Vorlage Fernwärme" in client.get("/stabsstelle/").content.decode()
