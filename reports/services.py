"""Writes on annual reports (staff only). The city balance and the target path are written
in climate.services; their names stay importable here."""

import hashlib
import logging
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from climate.services import emissions_delete, emissions_save, target_path_set  # noqa: F401

from .models import AnnualReport

# Annual reports ---------------------------------------------------------------------------

logger = logging.getLogger(__name__)

REPORT_MAX_ATTEMPTS = 3
VERSION_RETRIES = 5


def report_year_range() -> range:
    """Years a report can be made for: from 2000 up to the current year."""
    return range(2000, timezone.localdate().year + 1)


def report_request(
    *, actor: User | None, year: int, outlook: str = "", queue: bool = True
) -> AnnualReport:
    """A new version of the year's report, queued for rendering once the transaction commits.

    `queue=False` leaves the rendering to the caller (the management command).
    The version is the next free number for the year: existing rows are locked, and a
    concurrent request that still takes the same number hits the unique constraint and retries.
    """
    if year not in report_year_range():
        raise ValidationError({"year": _("Choose a year between 2000 and the current year.")})
    for attempt in range(VERSION_RETRIES):
        try:
            with transaction.atomic():
                versions = list(
                    AnnualReport.objects.select_for_update(of=("self",))
                    .filter(year=year)
                    .values_list("version", flat=True)
                )
                now = timezone.now()
                report = AnnualReport(
                    year=year,
                    version=max(versions, default=0) + 1,
                    outlook=outlook,
                    requested_by=actor,
                    requested_at=now,
                    queued_at=now,
                )
                report.full_clean(exclude=["version"], validate_constraints=False)
                report.save()
        except IntegrityError:
            if attempt == VERSION_RETRIES - 1:
                raise
            continue
        if queue:
            _queue(report.pk)
        return report
    raise AssertionError("unreachable")  # pragma: no cover


def _send(report_id: int) -> None:
    from .tasks import render_annual_report

    try:
        render_annual_report.delay(report_id)
    except Exception:  # the broker is unreachable: the stale check queues the report again
        logger.exception("Annual report %s could not be queued; the stale check retries", report_id)


def _queue(report_id: int) -> None:
    transaction.on_commit(lambda: _send(report_id))


def _report_start(report_id: int) -> tuple[AnnualReport, int] | None:
    """Marks the report "in Arbeit" and counts the attempt; None when there is nothing to do
    (done, failed or deleted). A report already "in Arbeit" is rendered again: that is a
    re-delivery after a lost worker."""
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update(of=("self",)).filter(pk=report_id).first()
        if report is None or report.state in (
            AnnualReport.State.DONE,
            AnnualReport.State.FAILED,
        ):
            return None
        report.state = AnnualReport.State.RUNNING
        report.started_at = timezone.now()
        report.attempts += 1
        report.error = ""
        report.save(update_fields=["state", "started_at", "attempts", "error"])
        return report, report.attempts


def write_atomically(name: str, content: bytes) -> str:
    """Writes the file under MEDIA_ROOT: a temporary file in the same directory, flushed to
    disk, then renamed over the final name, so a reader never sees half a file."""
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return name


def report_render(*, report_id: int) -> AnnualReport | None:
    """Renders the report: snapshot, HTML, PDF, file, figures. Idempotent: a finished or
    failed report is left alone. Raises on errors (the task decides: retry or failed)."""
    from .rendering import render_report_pdf, report_html
    from .snapshot import build_snapshot

    started = _report_start(report_id)
    if started is None:
        return None
    report, attempt = started
    with translation.override("de"):
        snapshot = build_snapshot(year=report.year, outlook=report.outlook)
    snapshot["version"] = report.version
    rendered = render_report_pdf(report_html(snapshot))
    name = write_atomically(
        f"reports/jahresbericht-{report.year}-v{report.version}-{attempt}.pdf", rendered.content
    )
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update(of=("self",)).get(pk=report_id)
        if report.state != AnnualReport.State.RUNNING or report.attempts != attempt:
            # A later attempt took over (or the report was failed meanwhile): keep its result.
            default_storage.delete(name)
            return report
        report.state = AnnualReport.State.DONE
        report.finished_at = timezone.now()
        report.pdf.name = name
        report.size = len(rendered.content)
        report.sha256 = hashlib.sha256(rendered.content).hexdigest()
        report.page_count = rendered.page_count
        report.snapshot = snapshot
        report.error = ""
        report.save()
    return report


def report_fail(*, report_id: int, reason: str) -> None:
    """Marks a queued or running report as failed with the reason (never a finished one)."""
    with transaction.atomic():
        AnnualReport.objects.filter(
            pk=report_id, state__in=[AnnualReport.State.QUEUED, AnnualReport.State.RUNNING]
        ).update(state=AnnualReport.State.FAILED, error=reason[:5000], finished_at=timezone.now())


def requeue_stale_reports(*, now=None) -> dict[str, list[int]]:
    """Reports "in Arbeit" longer than REPORT_STALE_AFTER_SECONDS (the worker was lost: no
    task outlives the hard time limit) or "wartend" that long (the message was lost): queued
    again, or failed with a reason after REPORT_MAX_ATTEMPTS attempts."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)
    result: dict[str, list[int]] = {"requeued": [], "failed": []}
    with transaction.atomic():
        stale = AnnualReport.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            Q(state=AnnualReport.State.RUNNING, started_at__lt=limit)
            | Q(state=AnnualReport.State.QUEUED, queued_at__lt=limit)
        )
        for report in stale:
            if report.attempts >= REPORT_MAX_ATTEMPTS:
                report.state = AnnualReport.State.FAILED
                report.finished_at = now
                report.error = _(
                    "The rendering did not finish after %(n)s attempts (the worker was lost or "
                    "the time limit was exceeded). Start a new version."
                ) % {"n": report.attempts}
                report.save(update_fields=["state", "finished_at", "error"])
                result["failed"].append(report.pk)
            else:
                report.state = AnnualReport.State.QUEUED
                report.queued_at = now
                report.save(update_fields=["state", "queued_at"])
                _queue(report.pk)
                result["requeued"].append(report.pk)
    return result


@transaction.atomic
def report_publish(*, actor: User, report: AnnualReport) -> AnnualReport:
    report = AnnualReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
    if report.state != AnnualReport.State.DONE:
        raise ValidationError(_("Only a finished report can be published."))
    if not report.published:
        report.published = True
        report.published_at = timezone.now()
        report.save(update_fields=["published", "published_at"])
    return report


@transaction.atomic
def report_unpublish(*, actor: User, report: AnnualReport) -> AnnualReport:
    report = AnnualReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
    report.published = False
    report.published_at = None
    report.save(update_fields=["published", "published_at"])
    return report
