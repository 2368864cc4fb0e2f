"""The annual report pages in a real browser: axe-core and the HTML checker stay clean."""

import pytest

from reports import services
from reports.models import AnnualReport
from tests.browser.harness import assert_page_ok
from tests.browser.test_partner_journey import log_in
from tests.factories import StaffUserFactory
from tests.reports.helpers import done_report

pytestmark = pytest.mark.browser


def test_staff_and_public_report_pages_are_accessible(page, live_server):
    staff = StaffUserFactory()
    done_report(year=2024, published=True)
    draft = done_report(year=2025)
    failed = services.report_request(actor=staff, year=2023, queue=False)
    services.report_fail(report_id=failed.pk, reason="ValueError: Vorlage fehlerhaft")

    page.goto("/berichte/")
    assert_page_ok(page)
    assert page.locator("main table a[href$='/bericht.pdf']").count() == 1

    log_in(page, staff.email)
    page.goto("/stabsstelle/berichte/")
    assert_page_ok(page)
    assert page.locator("main").get_by_text("Vorlage fehlerhaft").count() == 1

    # Publish through the page: the public list then offers two reports.
    page.get_by_role("button", name="2025, Version 1 veröffentlichen").click()
    page.wait_for_load_state()
    draft.refresh_from_db()
    assert draft.published
    assert_page_ok(page)

    # While a report is pending the page reloads itself; the reloading can be stopped.
    services.report_request(actor=staff, year=2022, queue=False)
    page.goto("/stabsstelle/berichte/")
    assert page.locator("meta[http-equiv=refresh]").count() == 1
    page.get_by_role("link", name="Neuladen beenden").click()
    page.wait_for_load_state()
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert_page_ok(page)

    page.goto("/berichte/")
    assert page.locator("main table a[href$='/bericht.pdf']").count() == 2
    assert AnnualReport.objects.filter(published=True).count() == 2
