"""Charts of the annual report as inline SVG, drawn from the snapshot.

The home page draws the target path with climate's chart (imported here under its old name).
The report's charts carry an axis title with the unit, a legend and a title/description (the
alt text). They are built from `core.charts` (no viewBox, presentation attributes), so the
same SVG works in WeasyPrint (PDF) and on the HTML page, where its labels keep their size on a
phone.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from climate.charts import end_point_label, target_path_svg  # noqa: F401
from core import charts
from core.charts import GREEN, GREEN_DARK, VIOLET, nice_step  # noqa: F401

HEIGHT, BOTTOM = 360, 32


def _frame(y_max: float, decimals: int, legend_rows: int):
    top = 8 + legend_rows * charts.LINE + charts.LINE + 12
    return charts.value_axis(y_max, height=HEIGHT, plot_top=top, bottom=BOTTOM, decimals=decimals)


def _head(frame, ticks, label, y_label, entries) -> SafeString:
    """Legend, the y-axis title with its unit and the grid."""
    return format_html(
        "{}{}{}",
        charts.legend(entries, 12),
        charts.axis_title(y_label, frame.top - 10),
        charts.y_axis(frame, ticks, label),
    )


def report_path_svg(
    points: list[dict], *, title: str, description: str, labels: dict
) -> SafeString:
    """Per-capita emissions (solid line with dots) against the target path (dashed)."""
    points = [p for p in points if p["actual"] is not None or p["target"] is not None]
    if not points:
        return mark_safe("")  # noqa: S308 - empty
    values = [float(v) for p in points for v in (p["actual"], p["target"]) if v is not None]
    frame, ticks, label = _frame(max(values) * 1.1 or 1.0, 1, 2)
    years = [p["year"] for p in points]
    x_min, x_max = min(years), max(years)

    def fx(year):
        return (year - x_min) / max(x_max - x_min, 1)

    def line(key):
        return [(fx(p["year"]), float(p[key])) for p in points if p[key] is not None]

    label_years = sorted({x_min, x_max, *[yr for yr in years if yr % 10 == 0]})
    dots = mark_safe(  # noqa: S308 - format_html results
        "".join(
            format_html(
                '<circle cx="{}" cy="{}" r="3.5" fill="{}"/>',
                frame.x(fx(p["year"])),
                charts.px(frame.y(p["actual"])),
                GREEN_DARK,
            )
            for p in points
            if p["actual"] is not None
        )
    )
    targets = [p for p in points if p["target"] is not None]
    body = format_html(
        "{}{}{}{}{}{}",
        _head(
            frame,
            ticks,
            label,
            labels["y"],
            [
                (
                    f'<line x1="0" x2="24" y1="1" y2="1" stroke="{GREEN}" stroke-width="3"/>'
                    f'<circle cx="12" cy="1" r="3.5" fill="{GREEN_DARK}"/>',
                    labels["actual"],
                ),
                (
                    f'<line x1="0" x2="24" y1="1" y2="1" stroke="{VIOLET}" stroke-width="2.5" '
                    'stroke-dasharray="8 5"/>',
                    labels["target"],
                ),
            ],
        ),
        charts.x_labels(frame, charts.spread([(fx(yr), yr) for yr in label_years])),
        charts.segments(
            frame,
            line("target"),
            f'stroke="{VIOLET}" stroke-width="2.5" stroke-dasharray="8 5"',
        ),
        charts.segments(frame, line("actual"), f'stroke="{GREEN}" stroke-width="3"'),
        dots,
        end_point_label(frame, targets[-1]["year"], targets[-1]["target"]) if targets else "",
    )
    return charts.frame_svg(
        "path-chart", height=HEIGHT, title=title, description=description, body=body
    )


def contribution_svg(
    contributions: list[dict], *, title: str, description: str, labels: dict
) -> SafeString:
    """Per year two bars: the city's distance to the 2050 goal and the alliance's achieved
    reductions (t CO2e)."""
    rows = [c for c in contributions if c["distance_t"] is not None]
    if not rows:
        return mark_safe("")  # noqa: S308 - empty
    values = [max(float(c["distance_t"]), 0) for c in rows] + [float(c["achieved_t"]) for c in rows]
    frame, ticks, label = _frame(max(values) * 1.1 or 1.0, 0, 2)
    slot = 1 / len(rows)
    width = 100 - frame.left - frame.right
    bar = min(slot * 0.35, 0.08)  # fraction of the plot width

    def bar_rect(x0: float, value: float, fill: str) -> SafeString:
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
            frame.x(x0),
            charts.px(frame.y(value)),
            charts.pct(bar * width),
            charts.px(frame.y(0) - frame.y(value)),
            fill,
        )

    bars = []
    for i, c in enumerate(rows):
        centre = slot * i + slot / 2
        bars.append(bar_rect(centre - bar, max(float(c["distance_t"]), 0), VIOLET))
        bars.append(bar_rect(centre, float(c["achieved_t"]), GREEN))
    every = max(1, round(len(rows) / 6))  # at most about six year labels fit on a phone
    body = format_html(
        "{}{}{}",
        _head(
            frame,
            ticks,
            label,
            labels["y"],
            [
                (
                    f'<rect x="0" y="-5" width="24" height="12" fill="{VIOLET}"/>',
                    labels["distance"],
                ),
                (f'<rect x="0" y="-5" width="24" height="12" fill="{GREEN}"/>', labels["achieved"]),
            ],
        ),
        mark_safe("".join(bars)),  # noqa: S308 - format_html results
        charts.x_labels(
            frame,
            (
                (slot * i + slot / 2, c["year"])
                for i, c in enumerate(rows)
                if i % every == 0 or i == len(rows) - 1
            ),
        ),
    )
    return charts.frame_svg(
        "contribution-chart", height=HEIGHT, title=title, description=description, body=body
    )
