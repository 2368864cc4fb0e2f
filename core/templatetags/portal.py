from django import template

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
