"""The daily reporting job (#15.5): reminders 14 and 3 days before the deadline, once per
partner, year and stage; one notice to staff after it; beat entry; a real worker."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from core.models import OutboxMail
from klimaportal.celery import app as celery_app
from projects import reporting_services as rs
from projects.models import NothingToReport, ReportingDeadline, ReportingReminder
from projects.tasks import send_reporting_reminders
from tests.factories import PartnerFactory, ProjectFactory, ProjectResultFactory

from .conftest import make_contact

YEAR = 2025
DUE = datetime.date(2026, 3, 31)


def day(days_before: int) -> datetime.date:
    return DUE - datetime.timedelta(days=days_before)


@pytest.fixture
def alliance(db):
    """Two partners with missing reports (one with two contacts), one that has reported, one
    with nothing to report, one withdrawn (owes nothing), and the deadline."""
    missing = PartnerFactory(name="Alpha Energie")
    other = PartnerFactory(name="Beta Bau")
    done = PartnerFactory(name="Gamma Wohnen")
    nothing = PartnerFactory(name="Delta Verkehr")
    withdrawn = PartnerFactory(name="Omega", status="ausgetreten")
    contacts = {
        "missing": [make_contact(missing), make_contact(missing)],
        "other": [make_contact(other)],
        "done": [make_contact(done)],
        "nothing": [make_contact(nothing)],
        "withdrawn": [make_contact(withdrawn)],
    }
    ProjectFactory(lead_partner=missing, title="Alpha Solar")
    ProjectFactory(lead_partner=other, title="Beta Wärme")
    ProjectResultFactory(project=ProjectFactory(lead_partner=done), year=YEAR)
    NothingToReport.objects.create(
        project=ProjectFactory(lead_partner=nothing), year=YEAR, reason="Stillstand"
    )
    ProjectFactory(lead_partner=withdrawn)
    ReportingDeadline.objects.create(year=YEAR, due_date=DUE)
    return contacts


def recipients(kind: str) -> set[str]:
    return set(OutboxMail.objects.filter(kind=kind).values_list("to", flat=True))


def test_beat_runs_the_job_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["projects-reporting-reminders"]
    assert entry["task"] == "projects.send_reporting_reminders"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {15}
    assert "projects.send_reporting_reminders" in celery_app.tasks


@pytest.mark.parametrize(
    ("days_before", "stage"),
    [
        (30, None),
        (15, None),
        (14, "14_tage"),
        (10, "14_tage"),
        (4, "14_tage"),
        (3, "3_tage"),
        (1, "3_tage"),
        (0, "3_tage"),  # the deadline day itself
        (-1, None),
    ],
)
def test_reminder_stage_by_days_before_the_deadline(days_before, stage):
    assert rs.reminder_stage(DUE, day(days_before)) == stage


def test_no_reminder_outside_the_windows(alliance):
    for days_before in (40, 15, -1):
        assert rs.reporting_send_reminders(today=day(days_before)) == 0
    assert not OutboxMail.objects.exists()


def test_first_reminder_goes_once_to_the_partners_with_missing_reports(alliance):
    assert rs.reporting_send_reminders(today=day(14)) == 2
    expected = {u.email for u in alliance["missing"] + alliance["other"]}
    assert recipients("reporting.reminder") == expected
    # Reruns the same day and on the next days of the window send nothing again.
    for days_before in (14, 13, 5, 4):
        assert rs.reporting_send_reminders(today=day(days_before)) == 0
    assert OutboxMail.objects.filter(kind="reporting.reminder").count() == 3
    assert set(ReportingReminder.objects.values_list("stage", flat=True)) == {"14_tage"}


def test_second_reminder_three_days_before_once_and_only_to_who_still_misses(alliance):
    rs.reporting_send_reminders(today=day(14))
    # Beta reports in the meantime.
    beta_project = alliance["other"][0].partner_contact.partner.led_projects.get()
    ProjectResultFactory(project=beta_project, year=YEAR)
    OutboxMail.objects.all().delete()
    assert rs.reporting_send_reminders(today=day(3)) == 1
    assert recipients("reporting.reminder") == {u.email for u in alliance["missing"]}
    assert rs.reporting_send_reminders(today=day(2)) == 0
    assert rs.reporting_send_reminders(today=day(0)) == 0
    mail_row = OutboxMail.objects.filter(kind="reporting.reminder").first()
    assert "Erinnerung" in mail_row.subject and "31.03.2026" in mail_row.subject
    assert "Alpha Solar" in mail_row.body and "nichts-zu-berichten" in mail_row.body
    assert '<html lang="de">' in mail_row.html_body and "Alpha Solar" in mail_row.html_body


def test_a_missed_first_window_sends_only_the_second_reminder(alliance):
    assert rs.reporting_send_reminders(today=day(2)) == 2
    assert set(ReportingReminder.objects.values_list("stage", flat=True)) == {"3_tage"}
    assert OutboxMail.objects.filter(kind="reporting.reminder").count() == 3


def test_staff_told_once_after_the_deadline(alliance):
    assert rs.reporting_notify_staff(today=DUE) == 0  # the deadline day is still due
    assert rs.reporting_notify_staff(today=DUE + datetime.timedelta(days=1)) == 1
    assert rs.reporting_notify_staff(today=DUE + datetime.timedelta(days=2)) == 0
    [notice] = OutboxMail.objects.filter(
        kind="reporting.staff_notice", to=settings.STAFF_NOTIFICATION_EMAIL
    )
    assert "2 Partnerorganisationen" in notice.subject
    assert "Alpha Energie" in notice.body and "Beta Bau" in notice.body
    assert "Gamma Wohnen" not in notice.body and "Omega" not in notice.body
    assert "Alpha Energie" in notice.html_body
    assert ReportingDeadline.objects.get().staff_notified_at is not None


def test_a_moved_deadline_is_notified_again_after_the_new_date(alliance):
    from tests.factories import StaffUserFactory

    rs.reporting_notify_staff(today=DUE + datetime.timedelta(days=1))
    rs.reporting_deadline_set(
        actor=StaffUserFactory(), year=YEAR, due_date=DUE + datetime.timedelta(days=30)
    )
    assert rs.reporting_notify_staff(today=DUE + datetime.timedelta(days=2)) == 0
    assert rs.reporting_notify_staff(today=DUE + datetime.timedelta(days=31)) == 1


def test_no_notice_for_a_deadline_long_past(alliance):
    assert rs.reporting_notify_staff(today=DUE + datetime.timedelta(days=60)) == 0


def test_task_runs_eagerly(alliance, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day(14))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reporting_reminders.apply().get() == 2
    assert {address for m in mail.outbox for address in m.to} == {
        u.email for u in alliance["missing"] + alliance["other"]
    }
    assert all(m.alternatives for m in mail.outbox)  # HTML and text


@pytest.mark.celery_worker
def test_reminders_and_notice_run_on_a_real_worker(transactional_db, real_celery):
    from celery.contrib.testing.worker import start_worker

    today = timezone.localdate()
    partner = PartnerFactory(name="Alpha Energie")
    contact = make_contact(partner)
    ProjectFactory(lead_partner=partner, title="Alpha Solar")
    # Reminder due now (last year's deadline in 10 days) and a notice due (an earlier year's
    # deadline passed yesterday).
    ReportingDeadline.objects.create(
        year=today.year - 1, due_date=today + datetime.timedelta(days=10)
    )
    ReportingDeadline.objects.create(
        year=today.year - 2, due_date=today - datetime.timedelta(days=1)
    )
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        result = send_reporting_reminders.delay()
        assert result.get(timeout=60) == 2
        assert result.backend.__class__.__name__ == "RedisBackend"
        again = send_reporting_reminders.delay()
        assert again.get(timeout=60) == 0
    assert ReportingReminder.objects.get().partner == partner
    assert recipients("reporting.reminder") == {contact.email}
    assert OutboxMail.objects.filter(kind="reporting.staff_notice").exists()
