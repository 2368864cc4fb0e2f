"""Celery tasks of the reports app: render an annual report, re-queue stale ones."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from . import services

logger = logging.getLogger(__name__)

# Worth another try: the database or the storage was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
MAX_RETRIES = 3


@shared_task(
    bind=True,
    name="reports.render_annual_report",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=10,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_annual_report(self, report_id: int) -> str:
    """Renders the report. Idempotent: a finished report is not rendered again; a report left
    "in Arbeit" by a lost worker is rendered again when the message comes back."""
    try:
        report = services.report_render(report_id=report_id)
    except SoftTimeLimitExceeded:
        logger.error("Annual report %s: time limit exceeded", report_id)
        services.report_fail(
            report_id=report_id,
            reason=_("The rendering took longer than %(seconds)s seconds and was stopped.")
            % {"seconds": settings.CELERY_TASK_SOFT_TIME_LIMIT},
        )
        return "failed"
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            logger.exception("Annual report %s: giving up after retries", report_id)
            services.report_fail(
                report_id=report_id,
                reason=_("Temporary error, still failing after %(n)s retries: %(error)s")
                % {"n": self.max_retries, "error": f"{type(exc).__name__}: {exc}"},
            )
            return "failed"
        logger.warning("Annual report %s: temporary error, retrying: %s", report_id, exc)
        raise  # autoretry_for: retried with exponential backoff
    except Exception as exc:
        logger.exception("Annual report %s failed", report_id)
        services.report_fail(
            report_id=report_id,
            reason=_("The rendering failed: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"},
        )
        return "failed"
    return "skipped" if report is None else report.state


@shared_task(name="reports.requeue_stale_reports")
def requeue_stale_reports() -> dict:
    """Periodic (Celery beat, every five minutes): no report stays stuck."""
    return services.requeue_stale_reports()
