"""Charts of the annual report as inline SVG, drawn from the snapshot.

The home page draws the target path with climate's chart (imported here under its old name).
The report's charts carry an axis label, a legend and a title/description (the alt text) and
use presentation attributes instead of a stylesheet, so the same SVG works in WeasyPrint (PDF)
and on the HTML page under the portal's content security policy.
"""

import math
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from climate.charts import target_path_svg  # noqa: F401
from core.numbers import format_number

WIDTH, HEIGHT = 720, 340
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 40, 48
FONT = 'font-family="DejaVu Sans, sans-serif" font-size="12" fill="#333d38"'
GREEN, VIOLET, GRID = "#0f6b43", "#6b4fbb", "#d7dfdb"


def _f(value: float) -> str:
    return f"{value:.1f}"


def _frame(chart_id: str, title: str, description: str, body: str) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=title,
        desc=description,
        body=body,
    )


def nice_step(y_max: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving at most `ticks` steps."""
    raw = y_max / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw)


def _y_axis(y_max: float, y, label: str, decimals: int = 0) -> SafeString:
    step = nice_step(y_max)
    ticks = [step * i for i in range(int(y_max / step) + 1)]
    decimals = 0 if step >= 1 and float(step).is_integer() else decimals
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="' + GRID + '" stroke-width="1"/>'
        '<text x="{}" y="{}" text-anchor="end" ' + FONT + ">{}</text>",
        (
            (
                LEFT,
                WIDTH - RIGHT,
                _f(y(v)),
                _f(y(v)),
                LEFT - 6,
                _f(y(v) + 4),
                format_number(Decimal(str(round(v, 2))), decimals),
            )
            for v in ticks
        ),
    )
    axis_label = format_html(
        '<text x="14" y="{}" transform="rotate(-90 14 {})" text-anchor="middle" {}>{}</text>',
        _f((TOP + HEIGHT - BOTTOM) / 2),
        _f((TOP + HEIGHT - BOTTOM) / 2),
        mark_safe(FONT),  # noqa: S308 - a constant
        label,
    )
    return format_html("{}{}", grid, axis_label)


def _legend(entries: list[tuple[str, str]]) -> SafeString:
    """Entries (svg sample, label) in one row above the plot."""
    parts = []
    x = LEFT
    for sample, label in entries:
        parts.append(
            format_html(
                '<g transform="translate({} 14)">{}<text x="30" y="5" {}>{}</text></g>',
                x,
                mark_safe(sample),  # noqa: S308 - built here from constants
                mark_safe(FONT),  # noqa: S308 - a constant
                label,
            )
        )
        x += 40 + 7 * len(str(label))
    return mark_safe("".join(parts))  # noqa: S308 - parts are format_html results


def report_path_svg(
    points: list[dict], *, title: str, description: str, labels: dict
) -> SafeString:
    """Per-capita emissions (solid line with dots) against the target path (dashed)."""
    points = [p for p in points if p["actual"] is not None or p["target"] is not None]
    if not points:
        return mark_safe("")  # noqa: S308 - empty
    values = [float(v) for p in points for v in (p["actual"], p["target"]) if v is not None]
    y_max = max(values) * 1.15 or 1.0
    years = [p["year"] for p in points]
    x_min, x_max = min(years), max(years)

    def x(year):
        return LEFT + (year - x_min) / max(x_max - x_min, 1) * (WIDTH - LEFT - RIGHT)

    def y(value):
        return TOP + (1 - float(value) / y_max) * (HEIGHT - TOP - BOTTOM)

    def line(key):
        return " ".join(f"{_f(x(p['year']))},{_f(y(p[key]))}" for p in points if p[key] is not None)

    label_years = sorted({x_min, x_max, *[yr for yr in years if yr % 10 == 0]})
    x_labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" ' + FONT + ">{}</text>",
        ((_f(x(yr)), HEIGHT - BOTTOM + 18, yr) for yr in label_years),
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3.5" fill="#0b4a2f"/>',
        ((_f(x(p["year"])), _f(y(p["actual"]))) for p in points if p["actual"] is not None),
    )
    body = format_html(
        '{}{}<text x="{}" y="{}" text-anchor="middle" {}>{}</text>'
        '<polyline points="{}" fill="none" stroke="' + VIOLET + '" stroke-width="2.5" '
        'stroke-dasharray="8 5"/><polyline points="{}" fill="none" stroke="' + GREEN + '" '
        'stroke-width="3"/>{}{}',
        _y_axis(y_max, y, labels["y"], 1),
        x_labels,
        _f((LEFT + WIDTH - RIGHT) / 2),
        HEIGHT - 8,
        mark_safe(FONT),  # noqa: S308 - a constant
        labels["x"],
        line("target"),
        line("actual"),
        dots,
        _legend(
            [
                (
                    f'<line x1="0" x2="24" y1="1" y2="1" stroke="{GREEN}" stroke-width="3"/>'
                    f'<circle cx="12" cy="1" r="3.5" fill="#0b4a2f"/>',
                    labels["actual"],
                ),
                (
                    f'<line x1="0" x2="24" y1="1" y2="1" stroke="{VIOLET}" stroke-width="2.5" '
                    'stroke-dasharray="8 5"/>',
                    labels["target"],
                ),
            ]
        ),
    )
    return _frame("path-chart", title, description, body)


def contribution_svg(
    contributions: list[dict], *, title: str, description: str, labels: dict
) -> SafeString:
    """Per year two bars: the city's distance to the 2050 goal and the alliance's achieved
    reductions (t CO2e)."""
    rows = [c for c in contributions if c["distance_t"] is not None]
    if not rows:
        return mark_safe("")  # noqa: S308 - empty
    values = [max(float(c["distance_t"]), 0) for c in rows] + [float(c["achieved_t"]) for c in rows]
    y_max = max(values) * 1.15 or 1.0
    slot = (WIDTH - LEFT - RIGHT) / len(rows)
    bar = min(slot * 0.35, 40)

    def y(value):
        return TOP + (1 - float(value) / y_max) * (HEIGHT - TOP - BOTTOM)

    bars = []
    for i, c in enumerate(rows):
        x0 = LEFT + slot * i + slot / 2 - bar
        distance = max(float(c["distance_t"]), 0)
        achieved = float(c["achieved_t"])
        bars.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="' + VIOLET + '"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="' + GREEN + '"/>'
                '<text x="{}" y="{}" text-anchor="middle" {}>{}</text>',
                _f(x0),
                _f(y(distance)),
                _f(bar),
                _f(y(0) - y(distance)),
                _f(x0 + bar),
                _f(y(achieved)),
                _f(bar),
                _f(y(0) - y(achieved)),
                _f(x0 + bar),
                HEIGHT - BOTTOM + 18,
                mark_safe(FONT),  # noqa: S308 - a constant
                c["year"],
            )
        )
    body = format_html(
        '{}{}<text x="{}" y="{}" text-anchor="middle" {}>{}</text>{}',
        _y_axis(y_max, y, labels["y"]),
        mark_safe("".join(bars)),  # noqa: S308 - format_html results
        _f((LEFT + WIDTH - RIGHT) / 2),
        HEIGHT - 8,
        mark_safe(FONT),  # noqa: S308 - a constant
        labels["x"],
        _legend(
            [
                (
                    f'<rect x="0" y="-5" width="24" height="12" fill="{VIOLET}"/>',
                    labels["distance"],
                ),
                (f'<rect x="0" y="-5" width="24" height="12" fill="{GREEN}"/>', labels["achieved"]),
            ]
        ),
    )
    return _frame("contribution-chart", title, description, body)
