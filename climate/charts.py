"""The target-path chart as inline SVG, drawn on the server (no JavaScript, no external file)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.numbers import format_number

from .selectors import TargetPathData

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


def fmt(value: float) -> str:
    return f"{value:.1f}"


def target_path_svg(data: TargetPathData, *, title: str, description: str) -> SafeString:
    points = data.points
    if not points:
        return mark_safe("")  # noqa: S308 - empty string
    years = [p.year for p in points]
    values = [v for p in points for v in (p.actual, p.target) if v is not None]
    y_max = float(max(values)) * 1.1
    x_min, x_max = min(years), max(years)

    def x(year: int) -> float:
        span = max(x_max - x_min, 1)
        return LEFT + (year - x_min) / span * (WIDTH - LEFT - RIGHT)

    def y(value) -> float:
        return TOP + (1 - float(value) / y_max) * (HEIGHT - TOP - BOTTOM)

    def polyline(attr: str) -> str:
        coords = [(x(p.year), y(getattr(p, attr))) for p in points if getattr(p, attr) is not None]
        return " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)

    step = max(1, round(y_max / 5))
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
        '<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>',
        (
            (LEFT, WIDTH - RIGHT, fmt(y(v)), fmt(y(v)), LEFT - 6, fmt(y(v) + 4), v)
            for v in range(0, int(y_max) + 1, step)
        ),
    )
    label_years = sorted({x_min, x_max, *[yr for yr in years if yr % 10 == 0]})
    x_labels = format_html_join(
        "",
        '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
        ((fmt(x(yr)), HEIGHT - BOTTOM + 18, yr) for yr in label_years),
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3.5" class="actual-dot"><title>{}{}: {} t</title></circle>',
        (
            (
                fmt(x(p.year)),
                fmt(y(p.actual)),
                p.year,
                f" ({gettext('preliminary')})" if p.preliminary else "",
                format_number(p.actual, 2),
            )
            for p in points
            if p.actual is not None
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title chart-desc"'
        ' xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-title">{}</title><desc id="chart-desc">{}</desc>'
        "{}{}"
        '<polyline points="{}" class="target-line" fill="none"/>'
        '<polyline points="{}" class="actual-line" fill="none"/>{}'
        "</svg>",
        WIDTH,
        HEIGHT,
        title,
        description,
        grid,
        x_labels,
        polyline("target"),
        polyline("actual"),
        dots,
    )
