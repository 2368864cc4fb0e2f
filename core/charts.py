"""Building blocks of the portal's server-drawn SVG charts (no JavaScript, no stylesheet).

Every chart is drawn *without a viewBox*: horizontal positions are percentages of the
rendered width, vertical ones pixels of a fixed height. So the chart stretches to its column
while its text keeps its size in CSS pixels; a viewBox would scale the labels down with the
drawing (a 720-unit-wide chart on a 375 px phone showed 12 px labels about 5 px high).
Lines are drawn as segments (`<line>` takes percentages, `<polyline>` does not). Colours and
sizes are presentation attributes, so the same SVG works in WeasyPrint (the annual report's
PDF) and on the page under the content security policy (no style attributes).
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from core.numbers import format_number

FONT_SIZE = 13  # CSS px; never below 12 px, whatever the screen
LINE = 18  # px per line of text
INK, MUTED, GRID = "#1d2521", "#333d38", "#c9d3ce"
GREEN, GREEN_DARK, VIOLET = "#0f6b43", "#0b4a2f", "#6b4fbb"
FONT = format_html(
    'font-family="DejaVu Sans, sans-serif" font-size="{}" fill="{}"', FONT_SIZE, MUTED
)


def nice_step(y_max: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving at most `ticks` steps."""
    raw = y_max / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw)


def pct(value: float) -> str:
    return f"{value:.2f}%"


def px(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Frame:
    """The plot area: `left`/`right` in percent of the width, the rest in pixels."""

    height: int
    top: int
    bottom: int
    left: float
    right: float
    y_max: float

    @property
    def plot_bottom(self) -> float:
        return self.height - self.bottom

    def x(self, fraction: float) -> str:
        """The horizontal position `fraction` (0 to 1) across the plot, in percent."""
        return pct(self.left + fraction * (100 - self.left - self.right))

    def x_value(self, fraction: float) -> float:
        return self.left + fraction * (100 - self.left - self.right)

    def y(self, value) -> float:
        span = self.plot_bottom - self.top
        return self.top + (1 - float(value) / self.y_max) * span


def value_axis(
    top: float, *, height: int, plot_top: int, bottom: int, steps: int = 5, decimals: int = 1
) -> tuple[Frame, list[float], Callable[[float], str]]:
    """The frame, the ticks and their label for values up to `top`: round steps from 0 past
    `top`, labels in German with `decimals` unless the step is whole, and a left gutter
    wide enough for the longest label."""
    step = nice_step(top, steps)
    ticks = [step * i for i in range(int(top / step) + 2)]
    places = 0 if float(step).is_integer() else decimals

    def label(value: float) -> str:
        return format_number(Decimal(str(round(value, 2))), places)

    frame = Frame(
        height=height,
        top=plot_top,
        bottom=bottom,
        left=gutter(label(v) for v in ticks),
        right=2,
        y_max=ticks[-1],
    )
    return frame, ticks, label


def gutter(labels: Iterable[str]) -> float:
    """Left margin in percent wide enough for the longest tick label on a 340 px column."""
    longest = max((len(label) for label in labels), default=1)
    return min(max(2.2 * longest + 2, 8), 26)


def text(x: str, y: float, label, *, anchor: str = "start", weight: str = "normal") -> SafeString:
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" font-weight="{}" {}>{}</text>',
        x,
        px(y),
        anchor,
        weight,
        FONT,
        label,
    )


def y_axis(frame: Frame, ticks: list[float], tick_label: Callable[[float], str]) -> SafeString:
    """Horizontal grid lines with their value at the left, right-aligned in the gutter."""
    return format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="'
        + GRID
        + '" stroke-width="1" class="grid"/>'
        '<text x="{}" y="{}" text-anchor="end" class="axis" {}>{}</text>',
        (
            (
                frame.x(0),
                pct(100 - frame.right),
                px(frame.y(v)),
                px(frame.y(v)),
                pct(frame.left - 1.5),
                px(frame.y(v) + 4),
                FONT,
                tick_label(v),
            )
            for v in ticks
        ),
    )


def axis_title(label, y: float) -> SafeString:
    """The unit of the y-axis, written above the plot at the left edge."""
    return text("4", y, label, weight="bold")


def spread(items: list[tuple[float, object]], min_gap: float = 0.12) -> list[tuple[float, object]]:
    """The labels (fraction, text) without those closer than `min_gap` of the width to the
    previous one (they would overlap on a phone); the first and the last always stay."""
    shown: list[tuple[float, object]] = []
    for i, item in enumerate(items):
        if shown and item[0] - shown[-1][0] < min_gap:
            if i != len(items) - 1:
                continue
            if len(shown) > 1:
                shown.pop()
        shown.append(item)
    return shown


def x_labels(frame: Frame, items: Iterable[tuple[float, object]]) -> SafeString:
    """Labels under the plot; the outermost ones are aligned inwards so they are not cut off."""
    parts = []
    for fraction, label in items:
        anchor = "end" if fraction >= 0.97 else "middle"
        parts.append(text(frame.x(fraction), frame.plot_bottom + LINE, label, anchor=anchor))
    return mark_safe("".join(parts))  # noqa: S308 - format_html results


def segments(frame: Frame, points: list[tuple[float, float]], stroke_attrs: str) -> SafeString:
    """A line through (fraction, value) points, one `<line>` per segment."""
    return format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke-linecap="round" {}/>',
        (
            (
                frame.x(a[0]),
                px(frame.y(a[1])),
                frame.x(b[0]),
                px(frame.y(b[1])),
                mark_safe(stroke_attrs),  # noqa: S308 - constants of the caller
            )
            for a, b in zip(points, points[1:], strict=False)
        ),
    )


def legend(entries: list[tuple[str, str]], top: float) -> SafeString:
    """Entries (sample shape, label) one under the other, so they fit on a phone."""
    parts = []
    for i, (sample, label) in enumerate(entries):
        parts.append(
            format_html(
                '<g transform="translate(4 {})">{}<text x="32" y="5" {}>{}</text></g>',
                px(top + i * LINE),
                mark_safe(sample),  # noqa: S308 - built by the caller from constants
                FONT,
                label,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - format_html results


def frame_svg(chart_id: str, *, height: int, title, description, body) -> SafeString:
    return format_html(
        '<svg class="chart" width="100%" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        body=body,
    )
