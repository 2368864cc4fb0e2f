"""Annual report #17.2: every table fits the page, also for the benchmark's large alliance.

WeasyPrint's layout boxes say where each piece of text is drawn; a text box reaching past the
page box (left, right or bottom edge) is a glyph a reader of the printed or PDF report cannot
see. Running headers and "Seite x von y" are margin boxes and stay inside the page as well.
"""

import sys
from pathlib import Path

from django.utils import translation
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TextBox

from core.pdf import PDF_BASE_URL, PortalURLFetcher
from reports.rendering import PDF_VARIANT, report_html
from reports.snapshot import build_snapshot
from tests.reports.helpers import YEAR, pdf_reader, pdf_text, seed_alliance

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from alliance import seed_large_alliance  # noqa: E402

# Rounding of the layout (CSS px) may put a box a hair beyond the edge without any ink there.
EPSILON = 0.5


def layout(html: str):
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=PortalURLFetcher()).render(
        pdf_variant=PDF_VARIANT
    )


def text_boxes(box):
    if isinstance(box, TextBox):
        yield box
    for child in getattr(box, "children", []) or []:
        yield from text_boxes(child)


def glyphs_outside(document) -> list[tuple[int, str]]:
    """(page number, text) of every text box not wholly inside its page."""
    outside = []
    for number, page in enumerate(document.pages, start=1):
        width, height = page.width, page.height
        for box in text_boxes(page._page_box):
            if not box.text.strip():
                continue
            right = box.position_x + box.width
            bottom = box.position_y + box.height
            if (
                box.position_x < -EPSILON
                or box.position_y < -EPSILON
                or right > width + EPSILON
                or bottom > height + EPSILON
            ):
                outside.append((number, box.text))
    return outside


def render(year=YEAR, outlook=""):
    with translation.override("de"):
        data = build_snapshot(year=year, outlook=outlook)
    data["version"] = 1
    return report_html(data)


def test_the_small_alliance_report_has_nothing_outside_the_page(db):
    seed_alliance()
    document = layout(render(outlook="Ausblick mit einem sehr langen Wort: " + "Klima" * 40))
    assert glyphs_outside(document) == []
    sizes = {(round(page.width), round(page.height)) for page in document.pages}
    assert len(sizes) == 2  # portrait and landscape pages for the wide tables


def test_the_large_alliance_report_has_nothing_outside_the_page(db, settings):
    """The benchmark's 300 partners, 1,500 projects, 30 meetings and 60 decisions."""
    seed_large_alliance()
    from django.utils import timezone

    year = timezone.localdate().year - 1
    html = render(year=year)
    document = layout(html)
    assert len(document.pages) > 20
    outside = glyphs_outside(document)
    assert outside == [], outside[:20]
    # The running header (chapter) and the page numbers stay on every page after the cover.
    content = document.write_pdf(pdf_variant=PDF_VARIANT)
    text = pdf_text(pdf_reader(content))
    assert f"Seite 2 von {len(document.pages)}" in text
    assert f"Seite {len(document.pages)} von {len(document.pages)}" in text
    assert "Alle Projekte" in text
