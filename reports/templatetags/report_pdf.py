"""Filters for the annual report PDF: the snapshot holds ISO dates and decimal strings."""

import datetime
import re

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import mark_safe

from core.markdown import render_markdown
from core.numbers import format_number, format_tonnes, format_tonnes_co2e

register = template.Library()


@register.filter
def iso_date(value, fmt="DATE_FORMAT"):
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


HEADING = re.compile(r"<(/?)h([1-6])(\b[^>]*)>")


@register.filter
def markdown_below(text, level=3):
    """Markdown whose headings stay inside the chapter: the highest heading in the text becomes
    `level` (an outlook's "## Schwerpunkte" is an h3 under the chapter's h2), the others keep
    their distance to it, and none goes beyond h6."""
    html = str(render_markdown(text or ""))
    levels = [int(match.group(2)) for match in HEADING.finditer(html)]
    if not levels:
        return mark_safe(html)  # noqa: S308 - render_markdown's sanitised output
    shift = int(level) - min(levels)

    def replace(match):
        new = max(1, min(6, int(match.group(2)) + shift))
        return f"<{match.group(1)}h{new}{match.group(3)}>"

    return mark_safe(HEADING.sub(replace, html))  # noqa: S308 - only tag names change


@register.filter
def tco2(value, decimals=1):
    """t CO2e with the unit spelled out ("1.234,5 t CO2e")."""
    return format_tonnes_co2e(value, int(decimals))


@register.filter
def percent(value, decimals=1):
    return "–" if value in (None, "") else f"{format_number(value, int(decimals))}\u00a0%"
