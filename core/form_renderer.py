"""The portal's form renderer: widgets, labels and error lists rendered in Python.

Django renders every <option>, radio button and checkbox through three nested template
includes, and every input, label and error list through one or two more. A staff meeting page
lists every partner and every contact person, and every page has a form or two, so those
includes took most of the rendering time (issue 21). This renderer builds exactly the HTML of
Django's own templates in Python for selects, radio/checkbox lists, single inputs, text areas,
labels and legends and field error lists; everything else, and any of those templates a
project app overrides, still goes through the templates.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
MULTIPLE_INPUTS = ("django/forms/widgets/radio.html", "django/forms/widgets/checkbox_select.html")
OPTION_TEMPLATES = {
    SELECT: ("django/forms/widgets/select_option.html",),
    MULTIPLE_INPUTS[0]: ("django/forms/widgets/radio_option.html",),
    MULTIPLE_INPUTS[1]: ("django/forms/widgets/checkbox_option.html",),
}


def _attrs(attrs: dict) -> str:
    """attrs.html: `True` is a bare attribute, `False` leaves it out, the rest is escaped."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _select(widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_option(option: dict) -> str:
    value = option["value"]
    html = (
        f'<input type="{conditional_escape(option["type"])}" '
        f'name="{conditional_escape(option["name"])}"'
        + ("" if value is None else f' value="{conditional_escape(str(value))}"')
        + f"{_attrs(option['attrs'])}>\n"
    )
    # The trailing newlines are those of input_option.html and radio/checkbox_option.html.
    if not option.get("wrap_label"):
        return html + "\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{conditional_escape(option_id)}"' if option_id else ""
    return f"<label{label_for}>{html} {conditional_escape(option['label'])}</label>\n\n"


def _multiple_inputs(widget: dict) -> str:
    widget_id = widget["attrs"].get("id")
    css_class = widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{conditional_escape(widget_id)}"' if widget_id else "",
        f' class="{conditional_escape(css_class)}"' if css_class else "",
        ">",
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{conditional_escape(group_name)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_input_option(option)}</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _input(widget: dict) -> str:
    """text.html and its siblings: input.html included (the renderer strips the newlines)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(_text(value))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _text(value) -> str:
    """`|stringformat:'s'`: a safe string stays safe, so it is not escaped again."""
    return value if isinstance(value, SafeData) else f"{value}"


def _textarea(widget: dict) -> str:
    value = widget["value"]
    shown = conditional_escape(localize(value)) if value else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{shown}</textarea>"
    )


def _label(context: dict) -> str:
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"


def _error_list(context: dict) -> str:
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    shown_id = f' id="{conditional_escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{conditional_escape(localize(error))}</li>" for error in errors)
    return f'<ul class="{conditional_escape(context["error_class"])}"{shown_id}>{items}</ul>'


def _form_div(context: dict) -> str:
    """django/forms/div.html, newline for newline."""
    errors, fields = context["errors"], context["fields"]
    hidden = "".join(str(conditional_escape(field)) for field in context["hidden_fields"])
    parts = [str(conditional_escape(errors)), "\n"]
    if errors and not fields:
        parts.append(f"\n  <div>{hidden}</div>\n")
    parts.append("\n")
    for index, (field, _errors) in enumerate(fields):
        classes = field.css_classes()
        shown = f' class="{conditional_escape(classes)}"' if classes else ""
        parts.append(f"\n  <div{shown}>\n    {conditional_escape(field.as_field_group())}\n    ")
        if index == len(fields) - 1:
            parts.append(f"\n      {hidden}\n    ")
        parts.append("\n</div>\n")
    parts.append("\n")
    if not fields and not errors:
        parts.append(f"\n  {hidden}\n")
    parts.append("\n")
    return "".join(parts)


INPUT_NAMES = "checkbox color date datetime email file hidden number password search tel text time"
INPUT_NAMES += " url"
INPUTS = tuple(f"django/forms/widgets/{name}.html" for name in INPUT_NAMES.split(" "))
TEXTAREA = "django/forms/widgets/textarea.html"
LABEL = "django/forms/label.html"
ERROR_LIST = ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")
WIDGETS = {
    SELECT: _select,
    MULTIPLE_INPUTS[0]: _multiple_inputs,
    MULTIPLE_INPUTS[1]: _multiple_inputs,
    TEXTAREA: _textarea,
    **dict.fromkeys(INPUTS, _input),
}
# Rendered from the whole context, not a widget's.
FORM_DIV = "django/forms/div.html"
OTHERS = {LABEL: _label, FORM_DIV: _form_div, **dict.fromkeys(ERROR_LIST, _error_list)}


# Every template the Python versions stand in for; a project or app override of any of them
# sends that widget back to the templates.
REPLACED = (
    SELECT,
    *MULTIPLE_INPUTS,
    *(name for names in OPTION_TEMPLATES.values() for name in names),
    "django/forms/widgets/multiple_input.html",
    "django/forms/widgets/input_option.html",
    "django/forms/widgets/input.html",
    "django/forms/widgets/attrs.html",
    *INPUTS,
    TEXTAREA,
    LABEL,
    FORM_DIV,
    "django/forms/attrs.html",
    *ERROR_LIST,
)


class ChoiceWidgetRenderer(DjangoTemplates):
    """Widgets, labels and error lists in Python where Django's templates would render them
    unchanged."""

    def render(self, template_name, context, request=None):
        if self._templates_are_djangos:
            other = OTHERS.get(template_name)
            if other is not None:
                return mark_safe(other(context).strip())  # noqa: S308 - every value is escaped above
            fast = WIDGETS.get(template_name)
            widget = context.get("widget")
            if fast is not None and widget is not None and self._fast_path(template_name, widget):
                return mark_safe(fast(widget).strip())  # noqa: S308 - every value is escaped above
        return super().render(template_name, context, request=request)

    def _fast_path(self, template_name: str, widget: dict) -> bool:
        allowed = OPTION_TEMPLATES.get(template_name)
        if allowed is None:
            return True
        return all(
            option["template_name"] in allowed
            for _group, options, _index in widget["optgroups"]
            for option in options[:1]
        )

    @cached_property
    def _templates_are_djangos(self) -> bool:
        django_dir = str(Path(django.forms.__file__).parent / "templates")
        return all(self.get_template(name).origin.name.startswith(django_dir) for name in REPLACED)
