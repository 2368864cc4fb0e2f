"""Form widgets."""

from decimal import Decimal

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A single-choice <select> rendered in Python instead of one template per option.

    Django renders each option through a template; for the few hundred partners of a filter
    that dominated the rendering time of public list pages. Same HTML, same attributes.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    "" if option_value is None else option_value,
                    mark_safe(" selected") if str(option_value) == selected else "",
                    label,
                )
                for option_value, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class GermanDecimalInput(forms.TextInput):
    """A text input for decimals: the numeric keyboard on phones, the value shown with a
    comma ("1234,5"); what the person typed is shown again unchanged after an error."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float):
            return f"{Decimal(str(value)):f}".replace(".", ",")
        return super().format_value(value)
