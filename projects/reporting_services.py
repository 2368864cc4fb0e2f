"""Writes of reporting compliance (#15.5): the deadline per year (staff), the "nothing to
report" statement (contacts of the active lead partner), and the daily reminders.

Reminders go 14 and 3 days before a year's deadline to the contacts of every partner with a
missing report, each once per partner, year and stage (a `ReportingReminder` row, unique, is
written in the same transaction as the mail, so a second run -- or a second worker -- sends
nothing again). A run that was missed catches up within the stage's window: 14 to 4 days
before the deadline the first reminder, 3 days to the deadline day the second one (if the
first window was missed entirely, only the second is sent). After the deadline staff are told
once which partners have not reported (`ReportingDeadline.staff_notified_at`), at most
STAFF_NOTICE_DAYS days late (a deadline entered long after it passed sends no notice: staff
see the list on their page). All mail goes through the outbox, in German, HTML and text.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit.services import diff, field_values, log_action
from core.dates import date_short
from core.mail import queue_mail
from partners.models import Contact, Partner
from partners.services import staff_emails

from . import reporting
from .models import NothingToReport, Project, ReportingDeadline, ReportingReminder

FIRST_REMINDER_DAYS = 14
SECOND_REMINDER_DAYS = 3
STAFF_NOTICE_DAYS = 14


# Staff: the deadline ---------------------------------------------------------------------------


@transaction.atomic
def reporting_deadline_set(*, actor, year: int, due_date: datetime.date) -> ReportingDeadline:
    """Sets or changes the deadline of a reporting year (audited: old → new). A changed date
    clears the staff notice, which then follows the new date."""
    row = ReportingDeadline.objects.select_for_update(of=("self",)).filter(year=year).first()
    before = field_values(row, ["due_date"]) if row is not None else None
    if row is None:
        row = ReportingDeadline(year=year)
    elif row.due_date == due_date:
        return row
    row.due_date = due_date
    row.set_by = actor if getattr(actor, "is_authenticated", False) else None
    row.set_at = timezone.now()
    row.staff_notified_at = None
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        # Someone set the same year at the same moment (unique year).
        raise ValidationError(
            {"due_date": _("The deadline could not be saved; please try again.")}
        ) from exc
    log_action(
        obj=row,
        action="changed" if before is not None else "created",
        actor=actor,
        changes=diff(row, before) if before is not None else {},
    )
    return row


# Partners: "nothing to report" ------------------------------------------------------------------


@transaction.atomic
def nothing_to_report_state(*, project: Project, actor, year: int, reason: str) -> NothingToReport:
    """The lead partner states that `project` has nothing to report for `year`, with the
    reason. Only for a year the project owes a report for and has not reported yet."""
    stored = Project.objects.select_related("lead_partner").get(pk=project.pk)
    if not actor.has_perm("projects.state_nothing_to_report", stored):
        raise PermissionDenied
    if not reporting.owes_report(stored, year):
        raise ValidationError(
            _("The project owes no report for %(year)s.") % {"year": year}, code="not_owed"
        )
    state = reporting.project_has_reported(stored, year)
    if state in (reporting.REPORTED, reporting.PENDING):
        raise ValidationError(
            _(
                "A result for %(year)s is already recorded for this project; there is nothing "
                "left to state."
            )
            % {"year": year},
            code="reported",
        )
    if state == reporting.NOTHING:
        raise ValidationError(
            _("“Nothing to report” has already been stated for %(year)s.") % {"year": year},
            code="stated",
        )
    statement = NothingToReport(
        project=stored, year=year, reason=(reason or "").strip(), stated_by=actor
    )
    statement.full_clean()
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError as exc:
        # A colleague stated it at the same moment (one statement per project and year).
        raise ValidationError(
            _("“Nothing to report” has already been stated for %(year)s.") % {"year": year},
            code="stated",
        ) from exc
    log_action(obj=statement, action="created", actor=actor, note=statement.reason)
    return statement


# Reminders ----------------------------------------------------------------------------------


def reminder_stage(due_date: datetime.date, today: datetime.date) -> str | None:
    """Which reminder is due on `today` for a deadline: the second one from 3 days before to
    the deadline day, the first one from 14 to 4 days before, else none."""
    days = (due_date - today).days
    if days < 0:
        return None
    if days <= SECOND_REMINDER_DAYS:
        return ReportingReminder.Stage.DAYS_3
    if days <= FIRST_REMINDER_DAYS:
        return ReportingReminder.Stage.DAYS_14
    return None


def _render(name: str, context: dict) -> tuple[str, str]:
    context = {"site_url": settings.SITE_URL, **context}
    text = render_to_string(f"projects/reporting/email/{name}.txt", context)
    html = render_to_string(f"projects/reporting/email/{name}.html", context)
    return text, html


def _project_links(projects, year: int) -> list[dict]:
    site = settings.SITE_URL
    return [
        {
            "project": project,
            "result_url": site + reverse("projects_partner:result_add", args=[project.slug]),
            "statement_url": site
            + reverse("projects_reporting:statement", args=[project.slug, year]),
        }
        for project in projects
    ]


def _contacts(partner: Partner) -> list:
    return [
        contact.user
        for contact in Contact.objects.filter(partner=partner, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def _remind(*, entry, deadline: ReportingDeadline, stage: str, today: datetime.date) -> bool:
    """One partner's reminder: recorded and queued in one transaction; False when it was
    already sent (a rerun or a concurrent worker)."""
    partner = entry.partner
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReportingReminder.objects.create(partner=partner, year=deadline.year, stage=stage)
        except IntegrityError:
            return False
        days = (deadline.due_date - today).days
        text, html = _render(
            "reminder",
            {
                "partner": partner,
                "year": deadline.year,
                "deadline": deadline.due_date,
                "days": days,
                "projects": _project_links(entry.missing_projects, deadline.year),
                "dashboard_url": settings.SITE_URL + reverse("partner_dashboard"),
            },
        )
        queue_mail(
            to=_contacts(partner),
            subject=_("Reminder: please report your results for %(year)s by %(date)s")
            % {"year": deadline.year, "date": date_short(deadline.due_date)},
            body=text,
            html_body=html,
            kind="reporting.reminder",
        )
    return True


def reporting_send_reminders(*, today: datetime.date | None = None) -> int:
    """Reminders to the partners with missing reports, 14 and 3 days before each deadline;
    returns the number of partners reminded in this run."""
    today = today or timezone.localdate()
    sent = 0
    upcoming = ReportingDeadline.objects.filter(
        due_date__gte=today, due_date__lte=today + datetime.timedelta(days=FIRST_REMINDER_DAYS)
    ).order_by("due_date")
    for deadline in upcoming:
        stage = reminder_stage(deadline.due_date, today)
        if stage is None:
            continue
        already = set(
            ReportingReminder.objects.filter(year=deadline.year, stage=stage).values_list(
                "partner_id", flat=True
            )
        )
        for entry in reporting.compliance(deadline.year).partners_missing:
            if entry.partner.pk in already:
                continue
            if _remind(entry=entry, deadline=deadline, stage=stage, today=today):
                sent += 1
    return sent


def reporting_notify_staff(*, today: datetime.date | None = None) -> int:
    """After a deadline: tells staff once which partners have not reported (or that all
    have); returns the number of years notified in this run."""
    today = today or timezone.localdate()
    due = ReportingDeadline.objects.filter(
        staff_notified_at__isnull=True,
        due_date__lt=today,
        due_date__gte=today - datetime.timedelta(days=STAFF_NOTICE_DAYS),
    ).values_list("pk", flat=True)
    notified = 0
    for pk in list(due):
        with transaction.atomic():
            deadline = (
                ReportingDeadline.objects.select_for_update(of=("self",))
                .filter(pk=pk, staff_notified_at__isnull=True)
                .first()
            )
            if deadline is None:
                continue
            status = reporting.compliance(deadline.year)
            text, html = _render(
                "staff_notice",
                {
                    "year": deadline.year,
                    "deadline": deadline.due_date,
                    "compliance": status,
                    "missing": status.partners_missing,
                    "page_url": settings.SITE_URL
                    + reverse("projects_reporting:staff")
                    + f"?jahr={deadline.year}",
                },
            )
            if status.partners_missing:
                count = len(status.partners_missing)
                subject = ngettext(
                    "Reporting %(year)s: %(count)s partner has not reported by the deadline",
                    "Reporting %(year)s: %(count)s partners have not reported by the deadline",
                    count,
                ) % {"year": deadline.year, "count": count}
            else:
                subject = _("Reporting %(year)s: all partners have reported") % {
                    "year": deadline.year
                }
            queue_mail(
                to=staff_emails(),
                subject=subject,
                body=text,
                html_body=html,
                kind="reporting.staff_notice",
            )
            ReportingDeadline.objects.filter(pk=pk).update(staff_notified_at=timezone.now())
            notified += 1
    return notified
