"""Celery tasks of consensus decisions; they call services."""

from celery import shared_task


@shared_task(name="decisions.close_written_procedures")
def close_written_procedures() -> int:
    """Every 5 minutes (beat): closes all open written procedures whose deadline has passed,
    including those missed while no worker ran."""
    from . import services

    return services.close_overdue_written_procedures()


@shared_task(name="decisions.send_decision_reminders")
def send_decision_reminders() -> int:
    """Every 5 minutes (beat): reminders two days before a written procedure's deadline."""
    from . import services

    return services.send_deadline_reminders()
