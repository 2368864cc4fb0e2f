"""The annual report's HTML (from the snapshot only) and its PDF (WeasyPrint, PDF/UA-1).

The PDF and the accessible HTML page /berichte/<year>/ render the same chapters
(reports/report_body.html) from the same stored snapshot.
"""

import re

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.pdf import RenderedPDF, render_pdf_document

from .charts import contribution_svg, report_path_svg

PDF_VARIANT = "pdf/ua-1"

# Pictographs (emoji) that DejaVu, the only font the PDF embeds (no web fonts), does not have:
# WeasyPrint would draw them as empty boxes. The PDF leaves them out; the HTML page keeps them.
EMOJI = re.compile("[\U0001f000-\U0001faff\U0001fc00-\U0001ffff\ufe0e\ufe0f\u200d\u20e3]")


def strip_emoji(value):
    """The snapshot with every string freed of pictographs the PDF font cannot draw."""
    if isinstance(value, str):
        return EMOJI.sub("", value)
    if isinstance(value, list):
        return [strip_emoji(item) for item in value]
    if isinstance(value, dict):
        return {key: strip_emoji(item) for key, item in value.items()}
    return value


def charts_from_snapshot(snapshot: dict) -> dict:
    emissions = snapshot["emissions"]
    year = snapshot["year"]
    path = report_path_svg(
        emissions["points"],
        title=_("Per-capita emissions against the target path"),
        description=_(
            "Line chart: the city's emissions in t CO2e per inhabitant and year up to %(year)s "
            "(solid green line with dots) and the straight target path to 3.2 t in 2050 (dashed "
            "violet line). The figures are listed in the table below the chart."
        )
        % {"year": year},
        labels={
            "x": _("Year"),
            "y": _("t CO2e per inhabitant"),
            "actual": _("City balance (actual)"),
            "target": _("Target path"),
        },
    )
    contribution = contribution_svg(
        emissions.get("contributions", []),
        title=_("The alliance's contribution against the city's distance to the goal"),
        description=_(
            "Bar chart: per year the city's distance to the 2050 goal in t CO2e (violet bar) "
            "and the reductions the alliance's projects achieved (green bar). The figures are "
            "listed in the table below the chart."
        ),
        labels={
            "x": _("Year"),
            "y": _("t CO2e"),
            "distance": _("Distance to the 2050 goal"),
            "achieved": _("Achieved by the alliance"),
        },
    )
    return {"path": path, "contribution": contribution}


def _context(snapshot: dict) -> dict:
    return {"s": snapshot, "charts": charts_from_snapshot(snapshot)}


def report_html(snapshot: dict) -> str:
    """The report as HTML for the PDF, German, from the snapshot alone (no database access)."""
    snapshot = strip_emoji(snapshot)
    with translation.override("de"):
        return render_to_string("reports/pdf/annual_report.html", _context(snapshot))


TABLE = re.compile(r"<table(?P<attrs>[^>]*)>(?P<inner>.*?)</table>", re.S)
CAPTION = re.compile(r"<caption>(.*?)</caption>", re.S)


def report_page_body(snapshot: dict) -> str:
    """The chapters for the HTML page /berichte/<year>/: each table in a region that scrolls
    on narrow screens and can be reached by keyboard, named by its caption."""
    with translation.override("de"):
        html = render_to_string("reports/report_body.html", _context(snapshot))
    count = 0

    def wrap(match):
        nonlocal count
        count += 1
        caption = CAPTION.search(match.group("inner"))
        cid = f"report-table-{count}"
        inner = match.group("inner")
        if caption:
            inner = inner.replace("<caption>", f'<caption id="{cid}">', 1)
        label = f' aria-labelledby="{cid}"' if caption else ""
        return (
            f'<div class="table-wrap" tabindex="0" role="region"{label}>'
            f"<table{match.group('attrs')}>{inner}</table></div>"
        )

    return mark_safe(TABLE.sub(wrap, html))  # noqa: S308 - our own rendered template


def render_report_pdf(html: str) -> RenderedPDF:
    return render_pdf_document(html, variant=PDF_VARIANT)
