from django import template

from core.markdown import render_markdown
from core.numbers import format_tonnes

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.filter(name="tonnes")
def tonnes_filter(value, decimals=1):
    return format_tonnes(value, decimals=int(decimals))
