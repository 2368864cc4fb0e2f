"""The annual report as an HTML page (#17.4) in a real browser: axe-core and the HTML checker
stay clean at 1280 and 375 px, the tables scroll inside keyboard-reachable regions, and the
downloads under the year work."""

import pytest

from reports import services
from tests.browser.harness import assert_page_ok
from tests.reports.helpers import YEAR, seed_alliance

pytestmark = pytest.mark.browser


def test_the_report_page_is_accessible_on_wide_and_narrow_screens(page, live_server):
    seed_alliance()
    report = services.report_request(
        actor=None, year=YEAR, outlook="## Schwerpunkte 🌱\n\nMehr Photovoltaik.", queue=False
    )
    services.report_render(report_id=report.pk)
    services.report_publish(actor=None, report=report)

    for width, height in ((1280, 900), (375, 800)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/berichte/{YEAR}/")
        assert_page_ok(page)
        assert page.get_by_role("heading", level=1).inner_text().startswith(f"Jahresbericht {YEAR}")
        assert page.get_by_role("heading", name="Das Wichtigste in Leichter Sprache").count() == 1
        # The outlook's heading stays inside its chapter (an h3 below "Ausblick").
        assert page.locator("h3", has_text="Schwerpunkte").count() == 1
        regions = page.locator("main div.table-wrap[role=region]")
        assert regions.count() >= 6
        regions.first.focus()
        assert page.evaluate("document.activeElement.getAttribute('role')") == "region"

    page.get_by_role("link", name="Alle Projekte").first.click()
    assert page.url.endswith("#project-list")
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Daten des Berichts {YEAR}").click()
    assert download.value.suggested_filename == f"jahresbericht-{YEAR}-v1-daten.zip"

    page.goto("/berichte/")
    assert_page_ok(page)
    page.get_by_role("link", name=f"Jahresbericht {YEAR}", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/berichte/{YEAR}/")
