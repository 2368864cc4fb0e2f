"""The daily reminder job: beat schedule, and a real run on a Celery worker over Redis."""

import datetime
import time

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from core.models import OutboxMail
from klimaportal.celery import app as celery_app
from meetings.models import ActionItem
from meetings.tasks import send_action_item_reminders
from tests.factories import ActionItemFactory, MeetingFactory, PartnerFactory
from tests.meetings.conftest import make_contact


def test_beat_runs_the_reminders_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["meetings-action-item-reminders"]
    assert entry["task"] == "meetings.send_action_item_reminders"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert "meetings.send_action_item_reminders" in celery_app.tasks


def test_task_runs_eagerly_without_broker(db, django_capture_on_commit_callbacks):
    partner = PartnerFactory()
    contact = make_contact(partner)
    ActionItemFactory(
        meeting=MeetingFactory(),
        responsible_partner=partner,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_action_item_reminders.apply().get() == 1
    assert mail.outbox[0].to == [contact.email]


@pytest.mark.celery_worker
def test_reminders_run_on_a_real_worker(transactional_db, real_celery):
    from celery.contrib.testing.worker import start_worker

    partner = PartnerFactory()
    contact = make_contact(partner)
    today = timezone.localdate()
    soon = ActionItemFactory(
        meeting=MeetingFactory(),
        responsible_partner=partner,
        due_on=today + datetime.timedelta(days=7),
        title="Förderantrag einreichen",
    )
    late = ActionItemFactory(
        meeting=soon.meeting,
        responsible_partner=partner,
        due_on=today - datetime.timedelta(days=3),
        title="Bericht nachreichen",
    )
    # Assigned weeks ago (an item assigned within the seven days gets no due reminder).
    ActionItem.objects.update(created_at=timezone.now() - datetime.timedelta(days=30))
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        result = send_action_item_reminders.delay()
        assert result.get(timeout=60) == 2
        # Once only: a second run (the same day, or any later day) sends nothing again.
        assert send_action_item_reminders.delay().get(timeout=60) == 0
        assert result.backend.__class__.__name__ == "RedisBackend"
        # The reminders are outbox rows; the same worker sends them after the task's commit.
        deadline = time.monotonic() + 30
        while OutboxMail.objects.exclude(status=OutboxMail.Status.SENT).exists():
            assert time.monotonic() < deadline, "outbox mails were not sent by the worker"
            time.sleep(0.2)
    subjects = sorted(message.subject for message in mail.outbox)
    assert any("Förderantrag einreichen" in s and s.count("Fällig am") for s in subjects)
    assert any("Überfällig: Bericht nachreichen" in s for s in subjects)
    assert all(message.to == [contact.email] for message in mail.outbox)
    assert set(ActionItem.objects.values_list("last_reminded_on", flat=True)) == {today}
    assert ActionItem.objects.get(pk=soon.pk).due_reminder_sent_on == today
    assert ActionItem.objects.get(pk=late.pk).overdue_reminder_sent_on == today
    assert late.pk
