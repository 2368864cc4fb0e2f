"""Form fields shared by the apps."""

import re
from decimal import Decimal

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .widgets import GermanDecimalInput

# Largest primary key the databases store (bigint); a larger number is not an id at all.
MAX_ID = 2**63 - 1


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Checks that every submitted value is a plausible id before the database sees it.

    SQLite raises OverflowError for integers beyond 64 bits instead of finding nothing.
    """

    def _check_values(self, value):
        for item in value:
            text = str(item).strip()
            if not text.isdigit() or int(text) > MAX_ID:
                raise forms.ValidationError(
                    _("Select a valid choice. %(value)s is not one of the available choices."),
                    code="invalid_choice",
                    params={"value": text[:20]},
                )
        return super()._check_values(value)


# German number input: digits grouped by "." (or a space) in threes, "," before the decimals.
# A first group of "0" is no grouping ("0.125" is a decimal point). Only ASCII digits.
_GROUPED = r"[1-9]\d{0,2}(?:(?P<sep>[.\u0020\u00a0\u202f])\d{3})(?:(?P=sep)\d{3})*"
GERMAN_NUMBER = re.compile(rf"(?P<sign>[-+]?)(?P<int>{_GROUPED}|\d+)(?:,(?P<frac>\d+))?", re.ASCII)
# Accepted as well, being unambiguous: one decimal point without any grouping ("1234.5").
POINT_NUMBER = re.compile(r"(?P<sign>[-+]?)(?P<int>\d+)\.(?P<frac>\d+)", re.ASCII)
MAX_NUMBER_INPUT = 64


def parse_german_decimal(text: str) -> Decimal | None:
    """The number a person typed in German notation ("1.234,5", "23,75", "1234"), or one with
    a plain decimal point and no grouping ("1234.5"); None for anything else. "1.234" is the
    German one thousand two hundred and thirty-four, never 1.234."""
    text = text.strip()
    if not text or len(text) > MAX_NUMBER_INPUT:
        return None
    match = GERMAN_NUMBER.fullmatch(text) or POINT_NUMBER.fullmatch(text)
    if match is None:
        return None
    digits = re.sub(r"\D", "", match["int"])
    fraction = f".{match['frac']}" if match["frac"] is not None else ""
    # Built from the text, so exact at any length (the field's max_digits refuses long ones).
    number = Decimal(f"{match['sign']}{digits}{fraction}")
    return abs(number) if number.is_zero() else number  # no "-0"


def format_german_decimal(value) -> str:
    """A Decimal as it is typed in a German form: "1234,5" (no grouping, comma)."""
    if value is None or value == "":
        return ""
    return f"{Decimal(str(value)):f}".replace(".", ",")


def _example(decimal_places: int | None) -> str:
    places = 1 if decimal_places is None else min(decimal_places, 3)
    return "1.234" + ("," + "5678"[:places] if places else "")


def _invalid_message(decimal_places: int | None) -> str:
    example = _example(decimal_places)
    if decimal_places == 0:
        return gettext(
            "Please enter a whole number without decimal places, for example %(example)s."
        ) % {"example": example}
    if decimal_places is None:
        return gettext(
            "Please enter a number, for example %(example)s, with a comma before the decimal "
            "places."
        ) % {"example": example}
    return ngettext(
        "Please enter a number, for example %(example)s, with a comma before the decimal "
        "places and at most %(places)s decimal place.",
        "Please enter a number, for example %(example)s, with a comma before the decimal "
        "places and at most %(places)s decimal places.",
        decimal_places,
    ) % {"example": example, "places": decimal_places}


def _places_message(decimal_places: int) -> str:
    if decimal_places == 0:
        return _invalid_message(0)
    return ngettext(
        "Please enter at most %(places)s decimal place, for example %(example)s.",
        "Please enter at most %(places)s decimal places, for example %(example)s.",
        decimal_places,
    ) % {"places": decimal_places, "example": _example(decimal_places)}


def _digits_message(whole_digits: int, decimal_places: int | None) -> str:
    message = ngettext(
        "The number is too large: at most %(digits)s digit before the decimal comma.",
        "The number is too large: at most %(digits)s digits before the decimal comma.",
        whole_digits,
    ) % {"digits": whole_digits}
    if decimal_places:
        message += " " + _places_message(decimal_places)
    return message


_lazy_invalid = lazy(_invalid_message, str)
_lazy_places = lazy(_places_message, str)
_lazy_digits = lazy(_digits_message, str)


class GermanDecimalField(forms.DecimalField):
    """The portal's decimal input: German notation first ("1.234,5", "23,75"), a plain
    decimal point without grouping too ("1234.5"); never exponents, NaN, infinity or
    non-ASCII digits. Its German errors name the format and the precision expected."""

    widget = GermanDecimalInput

    def __init__(self, *, max_digits=None, decimal_places=None, **kwargs):
        messages = {"invalid": _lazy_invalid(decimal_places)}
        if decimal_places is not None:
            messages["max_decimal_places"] = _lazy_places(decimal_places)
        if max_digits is not None:
            whole = max_digits - (decimal_places or 0)
            messages["max_whole_digits"] = _lazy_digits(whole, None)
            messages["max_digits"] = _lazy_digits(whole, decimal_places)
        messages.update(kwargs.pop("error_messages", None) or {})
        kwargs.pop("localize", None)
        super().__init__(
            max_digits=max_digits, decimal_places=decimal_places, error_messages=messages, **kwargs
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        number = parse_german_decimal(str(value))
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float):
            return format_german_decimal(value)
        return value

    def widget_attrs(self, widget):
        # No "step"/"min"/"max": those belong to <input type="number">, which we do not use.
        return forms.Field.widget_attrs(self, widget)
