"""The portal's form renderer: choice widgets rendered in Python.

Django renders every <option>, radio button and checkbox through three nested template
includes. A staff meeting page lists every partner and every contact person, so those
includes took most of its time (issue 21). This renderer builds exactly the HTML of Django's
own widget templates for selects and radio/checkbox lists in Python; everything else, and any
widget template a project app overrides, still goes through the templates.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

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


FAST = {SELECT: _select, MULTIPLE_INPUTS[0]: _multiple_inputs, MULTIPLE_INPUTS[1]: _multiple_inputs}


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
)


class ChoiceWidgetRenderer(DjangoTemplates):
    """Choice widgets in Python where Django's templates would render them unchanged."""

    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        widget = context.get("widget")
        if fast is None or widget is None or not self._fast_path(template_name, widget):
            return super().render(template_name, context, request=request)
        return mark_safe(fast(widget))  # noqa: S308 - every value is escaped above

    def _fast_path(self, template_name: str, widget: dict) -> bool:
        allowed = OPTION_TEMPLATES[template_name]
        return self._templates_are_djangos and all(
            option["template_name"] in allowed
            for _group, options, _index in widget["optgroups"]
            for option in options[:1]
        )

    @cached_property
    def _templates_are_djangos(self) -> bool:
        django_dir = str(Path(django.forms.__file__).parent / "templates")
        return all(self.get_template(name).origin.name.startswith(django_dir) for name in REPLACED)
