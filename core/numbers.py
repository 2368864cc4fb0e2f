"""German number formatting for figures in t CO2e (1.234,5 t), independent of the active locale."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def format_number(value, decimals: int = 1) -> str:
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "–"
    quant = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    number = number.quantize(quant, rounding=ROUND_HALF_UP)
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


def format_tonnes(value, decimals: int = 1) -> str:
    formatted = format_number(value, decimals)
    return formatted if formatted == "–" else f"{formatted}\u00a0t"
