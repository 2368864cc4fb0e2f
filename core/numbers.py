"""German number formatting for figures in t CO2e (1.234,5 t), independent of the active locale.

The portal's one rounding rule (issue #13): every figure in t CO2e (expected and achieved
reductions, totals, per project, per partner, per year) is shown with **one decimal place**,
rounded half up, in German notation: "1.836,6 t". Pages and mails use `format_tonnes` (the
`tonnes` template filter); the open-data exports give the very same rounded value in a form
machines read: `export_tonnes` for CSV ("1836,6": decimal comma, no grouping, as German
spreadsheets read numbers) and `json_tonnes` for JSON (the number 1836.6). So one figure reads
the same on the home page, the project list, the partner profile, the dashboards and in the
exports. Only per-inhabitant values of the city balance (t per inhabitant, a different unit)
are given with two decimals, as the 3,2 t goal is.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TONNES_DECIMALS = 1


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def round_figure(value, decimals: int = TONNES_DECIMALS) -> Decimal | None:
    """The value rounded by the portal's rule (half up), or None if it is no number."""
    number = _decimal(value)
    if number is None:
        return None
    quant = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    number = number.quantize(quant, rounding=ROUND_HALF_UP)
    return abs(number) if number.is_zero() else number  # no "-0,0"


def format_number(value, decimals: int = TONNES_DECIMALS) -> str:
    number = round_figure(value, decimals)
    if number is None:
        return "–"
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    result = sign + ".".join(groups)
    if decimals > 0:
        result += "," + fraction.ljust(decimals, "0")[:decimals]
    return result


def format_tonnes(value, decimals: int = TONNES_DECIMALS) -> str:
    formatted = format_number(value, decimals)
    return formatted if formatted == "–" else f"{formatted}\u00a0t"


def format_tonnes_co2e(value, decimals: int = TONNES_DECIMALS) -> str:
    """A key figure's value with its unit ("1.234,5 t CO2e"), so its label needs none."""
    formatted = format_tonnes(value, decimals)
    return formatted if formatted == "–" else f"{formatted}\u00a0CO2e"


def export_tonnes(value, decimals: int = TONNES_DECIMALS) -> str:
    """A figure in a CSV cell: the rounded value with a decimal comma and no grouping
    ("1836,6"); empty for no value."""
    number = round_figure(value, decimals)
    if number is None:
        return ""
    return f"{number:f}".replace(".", ",")


def json_tonnes(value) -> float | None:
    """A figure in JSON: the rounded value as a number (1836.6), None for no value."""
    number = round_figure(value)
    return None if number is None else float(number)
