import re

from django import template
from django.template.loader import get_template
from django.template.loader_tags import IncludeNode
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import fragments
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


# What differs between visitors or requests: a `{% fragment %}` must not read it.
_PER_VISITOR = re.compile(r"\b(request|user|perms|csrf_token|messages|may_\w+)\b")


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        parts = tuple(str(part.resolve(context)) for part in self.parts)
        return fragments.remember(self.name, parts, lambda: self.nodelist.render(context))


def _refuse_per_visitor(nodelist, name: str, seen: frozenset[str] = frozenset()) -> None:
    """Raise when the block, or a template it includes by a fixed name, reads what differs
    between visitors."""
    for node in nodelist.get_nodes_by_type(template.Node):
        if isinstance(node, template.base.TextNode):
            continue
        contents = getattr(getattr(node, "token", None), "contents", "")
        if _PER_VISITOR.search(contents):
            raise template.TemplateSyntaxError(
                f"{{% fragment {name} %}} is shared by every visitor and must not use "
                f"{{% {contents} %}}"
            )
        included = getattr(getattr(node, "template", None), "var", None)
        if isinstance(node, IncludeNode) and isinstance(included, str) and included not in seen:
            _refuse_per_visitor(get_template(included).template.nodelist, name, seen | {included})


@register.tag
def fragment(parser, token):
    """`{% fragment "name" value ... %}…{% endfragment %}`: the block rendered once per content
    generation, language and day for the same values (core.fragments). The values must name
    everything the block shows that is not content (a selected option, a page number)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    _refuse_per_visitor(nodelist, bits[1])
    name = bits[1].strip("\"'")
    return FragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
