"""Results from activity data (issue #15.2): quantities saved per energy carrier × the
emission factor valid for the result's year.

    t CO2e = Σ quantity × kg CO2e per unit ÷ 1000

The exact sum is rounded once, by the portal's one rule (core.numbers.round_figure: one
decimal, half up). Each line keeps the factor version it was computed with
(climate.selectors.factor_for: the newest version valid in the year); the services store the
lines with the result, so a factor version added later never changes a stored result. Only a
change of the activity data itself (other carriers, quantities or units) is computed anew.

Pure computation and its German texts; the services (projects/services.py) call `compute` and
store what it returns, the forms and the CSV import ask `line_error` for early messages.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from climate.models import EmissionFactor
from climate.selectors import factor_for
from core.numbers import format_number, format_tonnes, round_figure

from .models import DataQuality
from .validators import MAX_REDUCTION

# More lines than this in one result are a file or form gone wrong.
MAX_LINES = 20


@dataclass(frozen=True)
class LineInput:
    """What a partner enters: e.g. erdgas, 120000, kWh."""

    carrier: str
    quantity: Decimal
    unit: str

    def key(self) -> tuple:
        return (self.carrier, Decimal(self.quantity).normalize(), self.unit)


@dataclass(frozen=True)
class ComputedLine:
    carrier: str
    quantity: Decimal
    unit: str
    factor: EmissionFactor
    kg_co2e: Decimal

    def input(self) -> LineInput:
        return LineInput(self.carrier, self.quantity, self.unit)


@dataclass(frozen=True)
class Computation:
    lines: tuple[ComputedLine, ...]
    exact_t: Decimal  # Σ kg ÷ 1000, unrounded

    @property
    def total_t(self) -> Decimal:
        """The result's t CO2e, rounded by the portal's rule."""
        return round_figure(self.exact_t)


def carrier_label(carrier: str) -> str:
    try:
        return str(EmissionFactor.Carrier(carrier).label)
    except ValueError:
        return carrier


def unit_label(unit: str) -> str:
    # The unit as it is written after a number (kWh, l, kg, m³).
    return {"m3": "m³"}.get(unit, unit)


def exact_number(value) -> str:
    """A quantity or factor in German notation with the decimals it has, none added or cut:
    120.000, 8.000, 1.234,5, 0,247."""
    number = Decimal(value).normalize()
    places = max(0, -number.as_tuple().exponent)
    return format_number(number, places)


def line_error(carrier: str, unit: str, year: int | None) -> str | None:
    """Why a line cannot be computed for `year` (no factor, other unit), or None."""
    if year is None:
        return None
    factor = factor_for(carrier, year)
    if factor is None:
        return _(
            "There is no emission factor for %(carrier)s valid in %(year)s. Please enter the "
            "result in t CO2e directly, or ask the Stabsstelle to add the factor."
        ) % {"carrier": carrier_label(carrier), "year": year}
    if factor.unit != unit:
        return _(
            "The emission factor for %(carrier)s is given per %(factor_unit)s; please enter "
            "the quantity in %(factor_unit)s, not in %(unit)s."
        ) % {
            "carrier": carrier_label(carrier),
            "factor_unit": unit_label(factor.unit),
            "unit": unit_label(unit),
        }
    return None


def compute(
    lines: Sequence[LineInput], year: int, *, keep: Sequence[ComputedLine] = ()
) -> Computation:
    """The lines computed with the factors valid in `year`. `keep`: the lines stored so far;
    if the activity data is the same, their factor versions are kept (a stored result never
    changes because a new factor version appeared). Raises ValidationError({"lines": [...]})
    with one German message per faulty line."""
    lines = list(lines)
    if not lines:
        raise ValidationError(
            {"lines": _("Please enter at least one line of activity data.")}, code="required"
        )
    if len(lines) > MAX_LINES:
        raise ValidationError(
            {"lines": _("At most %(max)s lines of activity data.") % {"max": MAX_LINES}}
        )
    if keep and same_data(lines, keep):
        computed = tuple(keep)
    else:
        errors, built = [], []
        for number, line in enumerate(lines, start=1):
            error = line_error(line.carrier, line.unit, year)
            if error:
                errors.append(_("Line %(n)s: %(error)s") % {"n": number, "error": error})
                continue
            factor = factor_for(line.carrier, year)
            built.append(
                ComputedLine(
                    carrier=line.carrier,
                    quantity=Decimal(line.quantity),
                    unit=line.unit,
                    factor=factor,
                    kg_co2e=Decimal(line.quantity) * factor.kg_co2e_per_unit,
                )
            )
        if errors:
            raise ValidationError({"lines": errors}, code="invalid")
        computed = tuple(built)
    exact = sum((line.kg_co2e for line in computed), Decimal(0)) / Decimal(1000)
    result = Computation(lines=computed, exact_t=exact)
    if result.total_t > MAX_REDUCTION:
        raise ValidationError(
            {
                "lines": _(
                    "The activity data come to %(value)s CO2e; at most %(max)s are possible. "
                    "Please check the quantities and units."
                )
                % {"value": format_tonnes(result.total_t), "max": format_tonnes(MAX_REDUCTION, 0)}
            }
        )
    return result


def same_data(lines: Sequence[LineInput], computed: Sequence[ComputedLine]) -> bool:
    """Whether `lines` are the activity data of `computed` (in any order)."""
    return sorted(line.key() for line in lines) == sorted(line.input().key() for line in computed)


def stored(lines: Iterable) -> tuple[ComputedLine, ...]:
    """Stored lines (ResultLine / ResultRevisionLine) as computed lines, to be kept."""
    return tuple(
        ComputedLine(
            carrier=line.carrier,
            quantity=line.quantity,
            unit=line.unit,
            factor=line.factor,
            kg_co2e=line.kg_co2e,
        )
        for line in lines
    )


def describe_line(line) -> str:
    """ "120.000 kWh Erdgas × 0,25 kg CO2e/kWh (Faktor 2016, Version 1, Quelle: …)"."""
    factor = line.factor
    return _(
        "%(quantity)s %(unit)s %(carrier)s × %(factor)s kg CO2e/%(unit)s (factor %(year)s, "
        "version %(version)s, source: %(source)s)"
    ) % {
        "quantity": exact_number(line.quantity),
        "unit": unit_label(line.unit),
        "carrier": carrier_label(line.carrier),
        "factor": exact_number(factor.kg_co2e_per_unit),
        "year": factor.source_year,
        "version": factor.version,
        "source": factor.source,
    }


def describe(lines: Sequence, data_quality: str = "") -> str:
    """What the pages show with a computed result: "berechnet aus 120.000 kWh Erdgas × 0,25 kg
    CO2e/kWh (Faktor 2016, …) + …, Datenqualität B (aus Messwerten berechnet)"."""
    text = ""
    if lines:
        text = _("calculated from %(lines)s") % {
            "lines": " + ".join(describe_line(line) for line in lines)
        }
    quality = quality_text(data_quality)
    if text and quality:
        return f"{text}, {quality}"
    return text or quality


def quality_text(data_quality: str) -> str:
    if not data_quality:
        return ""
    words = {
        DataQuality.MEASURED: _("measured"),
        DataQuality.CALCULATED: _("calculated from measured data"),
        DataQuality.ESTIMATED: _("estimated"),
        DataQuality.ROUGH: _("rough estimate"),
    }
    return _("data quality %(grade)s (%(words)s)") % {
        "grade": data_quality,
        "words": words.get(data_quality, ""),
    }
