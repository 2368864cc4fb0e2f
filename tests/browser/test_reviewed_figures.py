"""Issue 13's journey: a partner changes a published result, the public keeps the approved
figure until staff approve the change; axe-core and the HTML checker on every page."""

import datetime
from decimal import Decimal

import pytest

from partners.services import contact_add
from projects.models import ProjectResult
from tests.browser.harness import assert_page_ok
from tests.browser.test_projects import log_in, log_out
from tests.factories import PartnerFactory, ProjectFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.browser

TITLE = "Wärmepumpen im Quartier Buckau"


def test_a_changed_result_goes_public_only_after_approval(page):
    partner = PartnerFactory(name="Buckau Wärme GmbH", slug="buckau-waerme")
    contact = UserFactory()
    contact_add(partner=partner, user=contact)
    staff = StaffUserFactory()
    project = ProjectFactory(
        title=TITLE,
        slug="waermepumpen-buckau",
        lead_partner=partner,
        publication="veroeffentlicht",
        start_date=datetime.date(2021, 4, 1),
        expected_reduction=Decimal("75.2"),
    )
    year = datetime.date.today().year - 1
    ProjectResult.objects.create(project=project, year=year, achieved_reduction=Decimal("67.7"))

    log_in(page, contact.email)
    page.goto(f"/mein-bereich/projekte/{project.slug}/ergebnisse/{year}/")
    assert_page_ok(page)
    page.fill("#id_achieved_reduction", "99.999,9")
    page.locator("main form button[type=submit]").click()
    # Far above the expected reduction: the partner is asked for a justification first.
    assert page.locator("[data-error-summary]").count() == 1
    assert page.input_value("#id_achieved_reduction") == "99.999,9"
    assert_page_ok(page)
    page.fill("#id_justification", "Zweite Ausbaustufe mit 400 Wärmepumpen in Betrieb.")
    page.locator("main form button[type=submit]").click()
    main = page.locator("main").inner_text()
    assert "99.999,9" in main  # the partner sees what is pending
    assert_page_ok(page)
    log_out(page)

    page.goto(f"/projekte/{project.slug}/")
    main = page.locator("main").inner_text()
    assert "67,7" in main and "99.999,9" not in main
    csv_text = page.context.request.get("/projekte/export.csv").text()
    assert "99999" not in csv_text.replace(".", "").replace(",", "")

    log_in(page, staff.email)
    page.goto("/stabsstelle/projekte/")
    assert_page_ok(page)
    page.locator("#revisions-heading ~ div").get_by_role("link", name=TITLE).click()
    main = page.locator("main").inner_text()
    assert "67,7" in main and "99.999,9" in main  # old → new
    assert_page_ok(page)
    page.get_by_role("button", name="Änderung freigeben").click()
    page.wait_for_load_state()
    log_out(page)

    page.goto(f"/projekte/{project.slug}/")
    main = page.locator("main").inner_text()
    assert "99.999,9" in main
    assert_page_ok(page)
