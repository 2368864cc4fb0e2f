"""Written procedures close at their deadline: beat entries, eager runs, a real worker."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from decisions import services as ds
from decisions.models import Proposal
from decisions.tasks import close_written_procedures, send_decision_reminders
from klimaportal.celery import app as celery_app
from partners.models import Body
from tests.decisions.conftest import make_contact
from tests.factories import PartnerFactory, StaffUserFactory


def test_beat_closes_and_reminds_every_five_minutes():
    for key, task in (
        ("decisions-close-written-procedures", "decisions.close_written_procedures"),
        ("decisions-decision-reminders", "decisions.send_decision_reminders"),
    ):
        entry = settings.CELERY_BEAT_SCHEDULE[key]
        assert entry["task"] == task
        assert entry["schedule"].minute == set(range(0, 60, 5))
        assert task in celery_app.tasks


def overdue_procedures(staff, count):
    """Open written procedures whose deadline passed (e.g. while no worker ran)."""
    proposals = []
    for i in range(count):
        proposal = ds.proposal_create(
            actor=staff,
            title=f"Umlauf {i}",
            text="Text",
            body=Body.objects.get(slug="allianzversammlung"),
            deadline=timezone.now() + datetime.timedelta(hours=1),
        )
        ds.proposal_open(proposal=proposal, actor=staff)
        proposals.append(proposal)
    Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(
        deadline=timezone.now() - datetime.timedelta(hours=3)
    )
    return proposals


def test_eager_task_closes_all_overdue_ones_and_leaves_the_others(db):
    staff = StaffUserFactory()
    PartnerFactory()
    overdue = overdue_procedures(staff, 3)
    running = ds.proposal_create(
        actor=staff,
        title="Läuft noch",
        text="Text",
        body=Body.objects.get(slug="allianzversammlung"),
        deadline=timezone.now() + datetime.timedelta(days=3),
    )
    ds.proposal_open(proposal=running, actor=staff)
    assert close_written_procedures.apply().get() == 3
    assert close_written_procedures.apply().get() == 0  # idempotent
    assert set(Proposal.objects.decided().values_list("pk", flat=True)) == {p.pk for p in overdue}
    running.refresh_from_db()
    assert running.state == "offen"
    assert send_decision_reminders.apply().get() == 0


@pytest.mark.celery_worker
def test_overdue_procedures_close_on_a_real_worker(transactional_db, real_celery):
    from celery.contrib.testing.worker import start_worker

    staff = StaffUserFactory()
    contact = make_contact(PartnerFactory())
    overdue = overdue_procedures(staff, 2)
    mail.outbox.clear()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        result = close_written_procedures.delay()
        assert result.get(timeout=60) == 2
        assert result.backend.__class__.__name__ == "RedisBackend"
    for proposal in overdue:
        proposal.refresh_from_db()
        assert proposal.state == "angenommen" and proposal.number
    assert any(contact.email in m.to for m in mail.outbox)
