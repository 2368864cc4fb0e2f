"""Filters for the annual report PDF: the snapshot holds ISO dates and decimal strings."""

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat

from core.numbers import format_number, format_tonnes

register = template.Library()


@register.filter
def iso_date(value, fmt="j. F Y"):
    """An ISO date or timestamp from the snapshot, in German ("3. März 2025")."""
    if not value:
        return "–"
    try:
        parsed = (
            datetime.datetime.fromisoformat(value)
            if "T" in value
            else datetime.date.fromisoformat(value)
        )
    except (TypeError, ValueError):
        return "–"
    return date_filter(parsed, fmt)


@register.filter
def number(value, decimals=0):
    return format_number(value, int(decimals))


@register.filter
def t(value, decimals=1):
    return format_tonnes(value, int(decimals))


@register.filter
def size_de(value):
    """File size with a decimal comma (1,2 MB), whatever the active locale."""
    return filesizeformat(value).replace(".", ",")
