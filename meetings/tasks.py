"""Celery tasks of the meetings app; they call services."""

from celery import shared_task


@shared_task(name="meetings.send_action_item_reminders")
def send_action_item_reminders() -> int:
    """Daily (beat): reminders for action items due in seven days and overdue ones."""
    from . import services

    return services.action_item_send_reminders()


@shared_task(name="meetings.close_written_procedures")
def close_written_procedures() -> int:
    """Every 5 minutes (beat): closes all open written procedures whose deadline has passed,
    including those missed while no worker ran."""
    from . import decision_services

    return decision_services.close_overdue_written_procedures()


@shared_task(name="meetings.send_decision_reminders")
def send_decision_reminders() -> int:
    """Every 5 minutes (beat): reminders two days before a written procedure's deadline."""
    from . import decision_services

    return decision_services.send_deadline_reminders()
