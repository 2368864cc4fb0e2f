from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from core.forms import failed_forms
from core.markdown import render_markdown, render_plain_text
from core.numbers import format_tonnes

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.filter(name="tonnes")
def tonnes_filter(value, decimals=1):
    return format_tonnes(value, decimals=int(decimals))


@register.filter(name="markdown_text")
def markdown_text_filter(text):
    """Markdown as plain text, for text mails (autoescape is off there)."""
    return render_plain_text(text)


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
