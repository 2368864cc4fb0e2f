"""Form widgets."""

from decimal import Decimal

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import fragments


class FastSelect(forms.Select):
    """A single-choice <select> rendered in Python instead of one template per option.

    Django renders each option through a template; for the few hundred partners of a filter
    that dominated the rendering time of public list pages. Same HTML, same attributes.
    With `shared_options="name"` the options (model rows, for instance) are built once per
    content generation and language (core.fragments) instead of on every request; only for
    choices that are the same for every visitor.
    """

    def __init__(self, attrs=None, choices=(), shared_options: str | None = None):
        super().__init__(attrs, choices)
        self.shared_options = shared_options

    def _options(self) -> str:
        """Every option's HTML, none selected (plain text, each value and label escaped)."""
        return "".join(
            str(format_html('<option value="{}">{}</option>', value, label))
            for value, label in (
                ("" if option_value is None else str(option_value), label)
                for option_value, label in self.choices
            )
        )

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        if self.shared_options:
            html = fragments.remember(self.shared_options, (), self._options)
        else:
            html = self._options()
        # Values are unique: the first option with the chosen value is the one. Django's
        # Select marks the empty option when there is no value, and so does this.
        chosen = str(format_html('<option value="{}">', "" if value is None else str(value)))
        html = html.replace(chosen, chosen[:-1] + " selected>", 1)
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(html))  # noqa: S308 - options escaped in _options


class GermanDecimalInput(forms.TextInput):
    """A text input for decimals: the numeric keyboard on phones, the value shown with a
    comma ("1234,5"); what the person typed is shown again unchanged after an error."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float):
            return f"{Decimal(str(value)):f}".replace(".", ",")
        return super().format_value(value)
