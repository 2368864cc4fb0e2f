"""Celery tasks of the projects app; they call services."""

from celery import shared_task


@shared_task(name="projects.send_reporting_reminders")
def send_reporting_reminders() -> int:
    """Daily (beat): reminders 14 and 3 days before a reporting deadline to the partners with
    missing reports, and after the deadline one notice to staff (each only once). Returns the
    number of partners reminded plus the number of years staff were told about."""
    from . import reporting_services

    reminded = reporting_services.reporting_send_reminders()
    return reminded + reporting_services.reporting_notify_staff()
