"""Dates and times as the portal writes them (README, "UI conventions").

Templates use Django's named formats (`|date:"DATE_FORMAT"`, set in core/formats/de/formats.py);
Python code that writes a date into a message, a mail or a CSV cell for people uses these
functions, so both follow the one convention. Machine formats (ISO in `datetime` attributes,
APIs and documented CSV columns) are not affected.
"""

import datetime

from django.utils import formats, timezone

WEEKDAY = "l"  # "Dienstag"; only ever put before a long date


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date_text(value) -> str:
    """ "1. Dezember 2026" (running text)."""
    return formats.date_format(_local(value), "DATE_FORMAT") if value else ""


def date_short(value) -> str:
    """ "01.12.2026" (tables, lists)."""
    return formats.date_format(_local(value), "SHORT_DATE_FORMAT") if value else ""


def datetime_text(value) -> str:
    """ "1. Dezember 2026, 08:00 Uhr"."""
    return formats.date_format(_local(value), "DATETIME_FORMAT") if value else ""


def datetime_short(value) -> str:
    """ "01.12.2026, 08:00 Uhr"."""
    return formats.date_format(_local(value), "SHORT_DATETIME_FORMAT") if value else ""


def time_text(value) -> str:
    """ "08:00 Uhr"."""
    return formats.time_format(_local(value), "TIME_FORMAT") if value else ""


def event_parts(start, end=None) -> tuple[str, str]:
    """An event's start and end as two texts to be joined by a dash: on one day
    ("Dienstag, 1. Dezember 2026, 08:00", "10:00 Uhr"), the unit written once; over several
    days both in full. Without an end the first text is complete and the second empty."""
    start = _local(start)
    weekday = formats.date_format(start, WEEKDAY)
    if end is None:
        return f"{weekday}, {datetime_text(start)}", ""
    end = _local(end)
    if start.date() == end.date():
        clock = formats.time_format(start, "H:i")
        return f"{weekday}, {date_text(start)}, {clock}", time_text(end)
    end_weekday = formats.date_format(end, WEEKDAY)
    return f"{weekday}, {datetime_text(start)}", f"{end_weekday}, {datetime_text(end)}"


def spreadsheet_datetime(value) -> str:
    """A date and time in a CSV cell for people ("01.12.2026 08:00"): German spreadsheets
    read this as a date and time, which they would not with the "Uhr" of the page."""
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def start_of_day(now=None) -> datetime.datetime:
    """Midnight of `now`'s local day, aware: what a list kept for the day starts from, so
    that which of its entries have passed can be decided from the clock on every request."""
    now = now or timezone.now()
    return timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time.min)
    )
