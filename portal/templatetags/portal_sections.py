"""Rendering the sections apps contribute to composed pages (see `core.registry`)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context, section) -> str:
    """Like `{% include %}` with the section's own context added to the page's."""
    section_template = context.template.engine.get_template(section.template)
    with context.push(section.context):
        return section_template.render(context)
