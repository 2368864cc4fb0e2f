"""A bar chart of yearly results, drawn on the server as inline SVG (no JavaScript)."""

from decimal import Decimal

from core.numbers import format_number

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 32


def _nice_max(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        candidate = magnitude * Decimal(str(step))
        if candidate >= value:
            return candidate
    return magnitude * 10


def bar_chart(points: list[tuple[int, Decimal]]) -> dict | None:
    """Geometry for the template: bars (x, y, width, height, labels) and y-axis ticks."""
    if not points:
        return None
    top = _nice_max(max(value for _year, value in points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(points)
    bar_w = min(slot * 0.6, 60)
    bars = []
    for i, (year, value) in enumerate(points):
        h = float(value / top) * plot_h
        x = LEFT + i * slot + (slot - bar_w) / 2
        bars.append(
            {
                "x": round(x, 1),
                "y": round(TOP + plot_h - h, 1),
                "width": round(bar_w, 1),
                "height": round(h, 1),
                "label_x": round(x + bar_w / 2, 1),
                "label_y": HEIGHT - BOTTOM + 20,
                "value_y": round(max(TOP + plot_h - h - 4, TOP + 10), 1),
                "year": year,
                "value": format_number(value, 1),
            }
        )
    ticks = []
    for fraction in (0, 0.5, 1):
        ticks.append(
            {
                "y": round(TOP + plot_h - fraction * plot_h, 1),
                "label": format_number(top * Decimal(str(fraction)), 0),
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bars": bars,
        "ticks": ticks,
        "label_x": LEFT - 8,
    }
