"""Reporting compliance pages (#15.5) in a real browser at 1280 px and 375 px: the partner's
section and "nothing to report" form, the staff list with the deadline form; axe-core and the
HTML checker stay clean, also after a failed submit (focus on the error summary)."""

import datetime

import pytest
from django.utils import timezone

from projects.models import NothingToReport, ReportingDeadline
from tests.browser.harness import assert_page_ok
from tests.browser.test_partner_journey import log_in
from tests.factories import PartnerFactory, ProjectFactory, ProjectResultFactory, StaffUserFactory
from tests.projects.conftest import make_contact

pytestmark = pytest.mark.browser

YEAR = timezone.localdate().year - 1


def seed():
    partner = PartnerFactory(name="Alpha Energie GmbH")
    contact = make_contact(partner)
    missing = ProjectFactory(lead_partner=partner, title="Wärmepumpe Nord", slug="waermepumpe-nord")
    ProjectResultFactory(project=ProjectFactory(lead_partner=partner), year=YEAR)
    NothingToReport.objects.create(
        project=ProjectFactory(lead_partner=PartnerFactory(name="Beta Bau eG")),
        year=YEAR,
        reason="Anlage außer Betrieb",
    )
    ReportingDeadline.objects.create(year=YEAR, due_date=datetime.date(YEAR + 1, 3, 31))
    return contact, missing


@pytest.mark.parametrize("width", [1280, 375])
def test_partner_section_and_statement_form_are_accessible(page, live_server, width):
    contact, missing = seed()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, contact.email)
    page.goto("/mein-bereich/")
    assert page.locator("#reporting-heading").is_visible()
    assert_page_ok(page)
    link = page.locator(
        f"a[href='/mein-bereich/berichtspflicht/{missing.slug}/{YEAR}/nichts-zu-berichten/']"
    )
    assert link.count() == 1
    page.goto(link.get_attribute("href"))
    assert_page_ok(page)
    page.get_by_role("button", name="Nichts zu berichten erklären").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_page_ok(page)
    page.locator("#id_reason").fill("Umbau, die Anlage lief nicht")
    page.get_by_role("button", name="Nichts zu berichten erklären").click()
    page.wait_for_load_state()
    assert page.url.endswith("/mein-bereich/")
    assert NothingToReport.objects.filter(project=missing, year=YEAR).exists()


@pytest.mark.parametrize("width", [1280, 375])
def test_staff_list_and_deadline_form_are_accessible(page, live_server, width):
    seed()
    staff = StaffUserFactory()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, staff.email)
    page.goto("/stabsstelle/")
    assert_page_ok(page)
    page.goto(f"/stabsstelle/berichtspflicht/?jahr={YEAR}")
    assert_page_ok(page)
    page.locator("#id_deadline-due_date").fill(f"{YEAR}-12-01")
    page.get_by_role("button", name="Frist speichern").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_page_ok(page)
