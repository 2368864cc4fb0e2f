"""Plausibility of partners' figures (DESIGN.md, "Plausibility"): the one place for the thresholds.

A yearly result is compared with two references:

- the project's **expected reduction per year**: a result above `RESULT_HIGH_FACTOR` times the
  expected value (3×) or below `RESULT_LOW_FACTOR` times it (1/10) is far from what the
  project set out to achieve. A typical cause is a unit slip (kg or MWh typed as t CO2e) or a
  result for several years entered as one year. A result above 0 for a project that expects
  0 t is flagged as well.
- the **previous year's result** of the same project: more than `YEAR_JUMP_FACTOR` times it
  (a jump) or less than its 1/`YEAR_JUMP_FACTOR` (a drop). Real projects grow or shrink, but
  rarely more than double from one year to the next without a reason worth stating.

A change of a published project's **expected reduction** by more than `EXPECTED_CHANGE_FACTOR`
(either way) is flagged too, since it shifts the alliance's expected total.

Flags that `requires_justification` can only be saved with a short justification by the partner
(the form field becomes required, the CSV import needs the fourth column); the flags are shown
while entering, kept with the value and shown to staff in the review. A result without evidence
for a project without a calculation method is flagged as a hint only.
"""

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.numbers import format_number

RESULT_HIGH_FACTOR = Decimal("3")
RESULT_LOW_FACTOR = Decimal("0.1")
YEAR_JUMP_FACTOR = Decimal("2")
EXPECTED_CHANGE_FACTOR = Decimal("2")


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    requires_justification: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


def _t(value: Decimal) -> str:
    return format_number(value, 1)


def result_flags(
    *,
    value: Decimal,
    expected: Decimal | None,
    previous: Decimal | None,
    has_evidence: bool = True,
    has_method: bool = True,
) -> list[Flag]:
    """The flags of a yearly result `value` (t CO2e) against the expected reduction per year
    and the previous year's result (None: not known)."""
    flags: list[Flag] = []
    if expected is not None:
        if expected == 0 and value > 0:
            flags.append(
                Flag(
                    "expected_zero",
                    _(
                        "The project expects no reduction (0 t CO2e per year), but %(value)s t "
                        "are entered."
                    )
                    % {"value": _t(value)},
                )
            )
        elif expected > 0 and value > expected * RESULT_HIGH_FACTOR:
            flags.append(
                Flag(
                    "above_expected",
                    _(
                        "%(value)s t CO2e is more than %(factor)s times the expected reduction "
                        "of %(expected)s t per year."
                    )
                    % {
                        "value": _t(value),
                        "factor": format_number(RESULT_HIGH_FACTOR, 0),
                        "expected": _t(expected),
                    },
                )
            )
        elif expected > 0 and value < expected * RESULT_LOW_FACTOR:
            flags.append(
                Flag(
                    "below_expected",
                    _(
                        "%(value)s t CO2e is less than a tenth of the expected reduction of "
                        "%(expected)s t per year."
                    )
                    % {"value": _t(value), "expected": _t(expected)},
                )
            )
    if previous is not None:
        if value > previous * YEAR_JUMP_FACTOR and value > 0:
            flags.append(
                Flag(
                    "jump",
                    _(
                        "%(value)s t CO2e is more than twice the previous year's result "
                        "(%(previous)s t)."
                    )
                    % {"value": _t(value), "previous": _t(previous)},
                )
            )
        elif value * YEAR_JUMP_FACTOR < previous:
            flags.append(
                Flag(
                    "drop",
                    _(
                        "%(value)s t CO2e is less than half of the previous year's result "
                        "(%(previous)s t)."
                    )
                    % {"value": _t(value), "previous": _t(previous)},
                )
            )
    if not has_evidence and not has_method:
        flags.append(
            Flag(
                "no_evidence",
                _(
                    "There is neither an evidence file nor a calculation method for this "
                    "value. Please add one of them if you can."
                ),
                requires_justification=False,
            )
        )
    return flags


def expected_change_flags(*, old: Decimal | None, new: Decimal | None) -> list[Flag]:
    """A change of the expected reduction per year by more than EXPECTED_CHANGE_FACTOR."""
    if old is None or new is None or old == new:
        return []
    if new > old * EXPECTED_CHANGE_FACTOR or new * EXPECTED_CHANGE_FACTOR < old:
        return [
            Flag(
                "expected_change",
                _(
                    "The expected reduction changes from %(old)s to %(new)s t CO2e per year, "
                    "by more than a factor of two."
                )
                % {"old": _t(old), "new": _t(new)},
            )
        ]
    return []


def needs_justification(flags: list[Flag]) -> bool:
    return any(flag.requires_justification for flag in flags)


def justification_error(flags: list[Flag]) -> str:
    """The German error on the justification field: why it is needed, flag by flag."""
    reasons = " ".join(flag.message for flag in flags if flag.requires_justification)
    return _("%(reasons)s Please explain the value briefly (e.g. what changed).") % {
        "reasons": reasons
    }


def result_hint(*, expected: Decimal | None, previous: Decimal | None) -> str:
    """Shown with the result form before anything is entered: from which values on a
    justification is needed."""
    parts = []
    if expected is not None and expected > 0:
        parts.append(
            _("below %(low)s or above %(high)s t CO2e (expected: %(expected)s t per year)")
            % {
                "low": _t(expected * RESULT_LOW_FACTOR),
                "high": _t(expected * RESULT_HIGH_FACTOR),
                "expected": _t(expected),
            }
        )
    if previous is not None and previous > 0:
        parts.append(
            _("below %(low)s or above %(high)s t CO2e (previous year: %(previous)s t)")
            % {
                "low": _t(previous / YEAR_JUMP_FACTOR),
                "high": _t(previous * YEAR_JUMP_FACTOR),
                "previous": _t(previous),
            }
        )
    if not parts:
        return _("A value far from the expected reduction needs a short justification.")
    return _("A value %(ranges)s needs a short justification; staff see it in the review.") % {
        "ranges": _(" or ").join(parts)
    }


def expected_hint(*, old: Decimal | None) -> str:
    if old is None or old <= 0:
        return ""
    return _(
        "If you change the expected reduction to less than %(low)s or more than %(high)s t "
        "CO2e per year, please justify the change briefly."
    ) % {
        "low": _t(old / EXPECTED_CHANGE_FACTOR),
        "high": _t(old * EXPECTED_CHANGE_FACTOR),
    }


def project_result_flags(project, results) -> list[tuple]:
    """`(result, flags)` for the project's stored results in year order, each against the
    expected reduction and the year before: what staff must see before they publish."""
    checked = []
    previous = None
    for result in sorted(results, key=lambda r: r.year):
        flags = result_flags(
            value=result.achieved_reduction,
            expected=project.expected_reduction,
            previous=previous,
            has_evidence=bool(result.evidence),
            # A result computed from activity data has its computation as the method.
            has_method=bool(project.calculation_method.strip()) or bool(result.lines.all()),
        )
        if flags:
            checked.append((result, flags))
        previous = result.achieved_reduction
    return checked
