"""`modified_since` and its kin: a point in time in ISO 8601, as clients send it."""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

INVALID_TIME = _(
    "Please give a point in time in ISO 8601 format, e.g. 2026-01-31 or 2026-01-31T12:00:00+01:00."
)


def parse_point_in_time(value: str) -> datetime.datetime | None:
    """An aware datetime from '2026-01-31', '2026-01-31T12:00' or '...+01:00' / 'Z'; a time
    without offset is Magdeburg's local time. None for anything else (also impossible dates
    such as month 13, or years the database cannot compare)."""
    value = (value or "").strip()
    if not value or len(value) > 40:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                return None
            moment = datetime.datetime.combine(day, datetime.time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # Far outside what the portal holds, and near the calendar's ends the conversion to
        # UTC would overflow.
        if not 1900 <= moment.year <= 9000:
            return None
        return moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        return None


class PointInTimeField(forms.Field):
    default_error_messages = {"invalid": INVALID_TIME}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        moment = parse_point_in_time(str(value))
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return moment


class PointInTimeFilter(django_filters.Filter):
    """Objects changed (or created) at or after the given time; `method` or `field_name`
    decides which timestamp counts."""

    field_class = PointInTimeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault(
            "help_text",
            _("Only objects changed at or after this time (ISO 8601, e.g. 2026-01-31T12:00Z)."),
        )
        super().__init__(*args, **kwargs)
