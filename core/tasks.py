"""Site-wide Celery tasks."""

from celery import shared_task


@shared_task(name="core.ping")
def ping(token: str) -> str:
    """Round trip used by the worker test: proves that a worker really executes tasks."""
    return f"pong:{token}"
