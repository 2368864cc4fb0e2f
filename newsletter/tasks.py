"""Celery tasks of the newsletter: they take ids and call the services."""

from celery import shared_task

from .preferences import digests_send
from .services import issue_deliver, subscriptions_purge_unconfirmed


@shared_task(name="newsletter.send_issue", ignore_result=True, acks_late=True)
def send_issue(issue_id: int) -> int:
    """Queued when staff send an issue: one outbox mail per subscriber, in batches."""
    return issue_deliver(issue_id=issue_id)


@shared_task(name="newsletter.send_digests")
def send_digests(frequency: str) -> int:
    """Beat: the daily (every morning) and weekly (Mondays) digests of partner contacts."""
    return digests_send(frequency=frequency)


@shared_task(name="newsletter.purge_unconfirmed", ignore_result=True)
def purge_unconfirmed() -> int:
    """Beat, daily: subscription requests not confirmed within seven days are deleted."""
    return subscriptions_purge_unconfirmed()
