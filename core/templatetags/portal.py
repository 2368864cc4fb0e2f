from django import template
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.dates import event_parts
from core.forms import failed_forms
from core.markdown import render_markdown, render_plain_text
from core.numbers import format_tonnes, format_tonnes_co2e

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.filter(name="tonnes")
def tonnes_filter(value, decimals=1):
    return format_tonnes(value, decimals=int(decimals))


@register.filter(name="tco2e")
def tco2e_filter(value, decimals=1):
    return format_tonnes_co2e(value, decimals=int(decimals))


@register.filter(name="markdown_text")
def markdown_text_filter(text):
    """Markdown as plain text, for text mails (autoescape is off there)."""
    return render_plain_text(text)


@register.simple_tag
def event_time(start, end=None, text=False):
    """An event's time in the portal's convention, as `<time>` elements (or plain text for
    mails with `text=True`): "Dienstag, 1. Dezember 2026, 08:00–10:00 Uhr"."""
    first, second = event_parts(start, end)
    # one day: "08:00–10:00 Uhr"; several days: two full texts, set apart by spaces
    sep = " – " if "," in second else "–"
    if text:
        return f"{first}{sep}{second}" if second else first
    parts = [format_html('<time datetime="{}">{}</time>', iso_datetime(start), first)]
    if second:
        parts.append(format_html('<time datetime="{}">{}</time>', iso_datetime(end), second))
    return mark_safe(sep.join(parts))  # noqa: S308 - format_html results


def iso_datetime(value) -> str:
    """The machine form for `datetime` attributes, without microseconds."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.simple_tag(takes_context=True)
def form_error_summaries(context):
    """One error summary per failed form of the page, rendered by base.html at the top of
    the main content (so it is seen first and takes the focus, however long the page),
    for every form of every app without an include in its template."""
    summary = get_template("includes/error_summary.html")
    return mark_safe(  # noqa: S308 - rendered by an autoescaping template
        "".join(
            summary.render({"form": form, "summary_id": name})
            for name, form in failed_forms(context.flatten())
        )
    )
