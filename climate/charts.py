"""The target-path chart as inline SVG, drawn on the server (no JavaScript, no external file).

Built from `core.charts`, so its labels keep their size on a phone (see there)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core import charts
from core.numbers import format_number

from .selectors import TargetPathData

HEIGHT, TOP, BOTTOM = 320, 36, 32


def target_label(year: int, value) -> tuple[str, str]:
    """The two lines naming the target path's end point: "2050: 3,2 t CO2e" / "je Einwohner…"."""
    return (
        gettext("%(year)s: %(value)s t CO2e") % {"year": year, "value": format_number(value, 1)},
        gettext("per inhabitant"),
    )


def end_point_label(frame: charts.Frame, year: int, value) -> SafeString:
    """The target's end point, marked and named at the right edge, below the point when
    there is room (the lines run above it) and above it otherwise."""
    cy = frame.y(value)
    first, second = target_label(year, value)
    room_below = frame.plot_bottom - cy
    y1 = cy + charts.LINE if room_below >= 2 * charts.LINE + 4 else cy - 2 * charts.LINE + 4
    x = frame.x(1)
    return format_html(
        '<line x1="{x}" x2="{x}" y1="{a}" y2="{b}" stroke="{c}" stroke-width="3" '
        'class="target-end"/>{t1}{t2}',
        x=x,
        a=charts.px(cy - 7),
        b=charts.px(cy + 7),
        c=charts.VIOLET,
        t1=charts.text(x, y1, first, anchor="end", weight="bold"),
        t2=charts.text(x, y1 + charts.LINE - 2, second, anchor="end"),
    )


def target_path_svg(
    data: TargetPathData, *, title: str, description: str, chart_id: str = "chart"
) -> SafeString:
    points = data.points
    if not points:
        return mark_safe("")  # noqa: S308 - empty string
    years = [p.year for p in points]
    values = [float(v) for p in points for v in (p.actual, p.target) if v is not None]
    frame, ticks, tick_label = charts.value_axis(
        max(values) * 1.1, height=HEIGHT, plot_top=TOP, bottom=BOTTOM
    )
    x_min, x_max = min(years), max(years)

    def fx(year: int) -> float:
        return (year - x_min) / max(x_max - x_min, 1)

    def line(attr: str) -> list[tuple[float, float]]:
        return [(fx(p.year), getattr(p, attr)) for p in points if getattr(p, attr) is not None]

    label_years = sorted({x_min, x_max, *[yr for yr in years if yr % 10 == 0]})
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3.5" fill="{}" class="actual-dot">'
        "<title>{}{}: {}</title></circle>",
        (
            (
                frame.x(fx(p.year)),
                charts.px(frame.y(p.actual)),
                charts.GREEN_DARK,
                p.year,
                f" ({gettext('preliminary')})" if p.preliminary else "",
                gettext("%(value)s t CO2e per inhabitant") % {"value": format_number(p.actual, 2)},
            )
            for p in points
            if p.actual is not None
        ),
    )
    targets = [p for p in points if p.target is not None]
    end = end_point_label(frame, targets[-1].year, targets[-1].target) if targets else ""
    body = format_html(
        "{}{}{}{}{}{}{}",
        charts.axis_title(gettext("t CO2e per inhabitant"), 16),
        charts.y_axis(frame, ticks, tick_label),
        charts.x_labels(frame, charts.spread([(fx(yr), yr) for yr in label_years])),
        charts.segments(
            frame,
            line("target"),
            f'stroke="{charts.VIOLET}" stroke-width="2.5" stroke-dasharray="8 5" '
            'class="target-line"',
        ),
        charts.segments(
            frame, line("actual"), f'stroke="{charts.GREEN}" stroke-width="3" class="actual-line"'
        ),
        dots,
        end,
    )
    return charts.frame_svg(
        chart_id, height=HEIGHT, title=title, description=description, body=body
    )
