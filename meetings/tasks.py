"""Celery tasks of the meetings app; they call services."""

from celery import shared_task


@shared_task(name="meetings.send_action_item_reminders")
def send_action_item_reminders() -> int:
    """Daily (beat): reminders for action items due in seven days and overdue ones."""
    from . import services

    return services.action_item_send_reminders()
