"""`{% meeting_sections meeting "detail" %}`: the sections other apps contribute to a meeting
page (see meetings/sections.py)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ..sections import meeting_sections as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_sections(context, meeting, page: str):
    request = context.get("request")
    parts = [conditional_escape(section(request, meeting, page=page)) for section in registry]
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - each part is escaped
