"""A bar chart of yearly results, drawn on the server as inline SVG (no JavaScript).

Built from `core.charts`, so its labels keep their size on a phone (see there)."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core import charts
from core.numbers import format_number

HEIGHT, TOP, BOTTOM = 280, 44, 32
# Above this many bars the values no longer fit over them on a phone; the table has them.
MAX_VALUE_LABELS = 6


def bar_chart(points: list[tuple[int, Decimal]]) -> SafeString | None:
    """Achieved reduction per year as bars with a y-axis in t CO2e."""
    if not points:
        return None
    top = max(float(value) for _year, value in points)
    frame, ticks, tick_label = charts.value_axis(
        top or 1.0, height=HEIGHT, plot_top=TOP, bottom=BOTTOM, steps=4
    )
    slot = 1 / len(points)
    bar = min(slot * 0.6, 0.12)
    width = 100 - frame.left - frame.right
    with_values = len(points) <= MAX_VALUE_LABELS
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>{}',
        (
            (
                frame.x(slot * i + (slot - bar) / 2),
                charts.px(frame.y(value)),
                charts.pct(bar * width),
                charts.px(frame.y(0) - frame.y(value)),
                charts.GREEN,
                year,
                gettext("%(value)s t CO2e") % {"value": format_number(value, 1)},
                charts.text(
                    frame.x(slot * i + slot / 2),
                    max(frame.y(value) - 5, frame.top + 12),
                    format_number(value, 1),
                    anchor="middle",
                )
                if with_values
                else "",
            )
            for i, (year, value) in enumerate(points)
        ),
    )
    body = format_html(
        "{}{}{}{}",
        charts.axis_title(gettext("t CO2e"), 16),
        charts.y_axis(frame, ticks, tick_label),
        bars,
        charts.x_labels(
            frame,
            charts.spread(
                [(slot * i + slot / 2, year) for i, (year, _v) in enumerate(points)], 0.1
            ),
        ),
    )
    return charts.frame_svg(
        "results-chart",
        height=HEIGHT,
        title=gettext("Achieved reduction per year"),
        description=gettext("Bar chart; the same figures are in the table below."),
        body=body,
    )
