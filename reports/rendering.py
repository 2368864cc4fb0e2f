"""The annual report's HTML (from the snapshot only) and its PDF (WeasyPrint, PDF/UA-1)."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.pdf import RenderedPDF, render_pdf_document

from .charts import target_path_svg
from .selectors import PathPoint, TargetPathData

PDF_VARIANT = "pdf/ua-1"
CHART_CSS = (
    ".grid{stroke:#d7dfdb;stroke-width:1}.axis{font-size:12px;fill:#4a5650;"
    'font-family:"DejaVu Sans"}.target-line{stroke:#6b4fbb;stroke-width:2.5;'
    "stroke-dasharray:8 5}.actual-line{stroke:#0f6b43;stroke-width:3}.actual-dot{fill:#0b4a2f}"
)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def chart_from_snapshot(emissions: dict) -> str:
    points = [
        PathPoint(p["year"], _decimal(p["actual"]), _decimal(p["target"]))
        for p in emissions["points"]
    ]
    if not points:
        return ""
    latest = emissions["latest"]
    data = TargetPathData(
        base_year=emissions["base_year"],
        points=points,
        latest=next((p for p in points if latest and p.year == latest["year"]), None),
    )
    svg = target_path_svg(
        data,
        title=_("Per-capita emissions against the target path"),
        description=_(
            "Line chart: the city's emissions in t CO2e per inhabitant and year (solid line with "
            "dots) and the straight target path to 3.2 t in 2050 (dashed line). The figures are "
            "listed in the table below."
        ),
    )
    # WeasyPrint styles an inline SVG only from a stylesheet inside it.
    return mark_safe(svg.replace("</desc>", f"</desc><style>{CHART_CSS}</style>", 1))  # noqa: S308


def report_html(snapshot: dict) -> str:
    """The report as HTML, German, from the snapshot alone (no database access)."""
    with translation.override("de"):
        return render_to_string(
            "reports/pdf/annual_report.html",
            {"s": snapshot, "chart": chart_from_snapshot(snapshot["emissions"])},
        )


def render_report_pdf(html: str) -> RenderedPDF:
    return render_pdf_document(html, variant=PDF_VARIANT)
