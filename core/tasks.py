"""Site-wide Celery tasks."""

from celery import shared_task

from .kept_uploads import purge
from .mail import outbox_mail_send, outbox_send_due


@shared_task(name="core.ping")
def ping(token: str) -> str:
    """Round trip used by the worker test: proves that a worker really executes tasks."""
    return f"pong:{token}"


@shared_task(name="core.send_outbox_mail", ignore_result=True)
def send_outbox_mail(mail_id: int) -> str:
    """Queued on commit for each new outbox row; a no-op when the row is no longer pending."""
    return outbox_mail_send(mail_id=mail_id)


@shared_task(name="core.send_due_mail", ignore_result=True)
def send_due_mail() -> int:
    """Beat, every minute: retries after backoff and rows whose queue message was lost."""
    return outbox_send_due()


@shared_task(name="core.purge_kept_uploads", ignore_result=True)
def purge_kept_uploads() -> int:
    """Beat, hourly: files kept for a failed form that were not submitted again in time."""
    return purge()
