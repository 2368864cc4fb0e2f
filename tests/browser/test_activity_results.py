"""Issue 15.2's journey: a partner enters "120.000 kWh Erdgas eingespart" and sees the t CO2e,
the factor and its source; the form passes axe-core and the HTML checker, also after a failed
submit (a unit that is not the factor's) and at 375 px."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from climate.services import emission_factor_add_version
from partners.services import contact_add
from projects.models import ProjectResult
from tests.browser.harness import assert_page_ok
from tests.browser.test_projects import log_in
from tests.factories import PartnerFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.browser


def test_a_partner_enters_activity_data_and_sees_the_computed_result(page):
    year = datetime.date.today().year - 1
    factor = emission_factor_add_version(
        actor=None,
        carrier="erdgas",
        unit="kWh",
        kg_co2e_per_unit=Decimal("0.2470"),
        source="Umweltbundesamt, Emissionsfaktoren 2024",
        source_year=2024,
        valid_from=year - 1,
    )
    partner = PartnerFactory(name="Sudenburg Wärme eG", slug="sudenburg-waerme")
    contact = UserFactory()
    contact_add(partner=partner, user=contact)
    project = ProjectFactory(
        title="Heizungstausch Sudenburg",
        slug="heizungstausch-sudenburg",
        lead_partner=partner,
        publication="entwurf",
        start_date=datetime.date(year - 2, 1, 1),
        expected_reduction=Decimal("30"),
    )

    log_in(page, contact.email)
    page.goto(f"/mein-bereich/projekte/{project.slug}/ergebnisse/neu/")
    assert_page_ok(page)
    page.fill("#id_year", str(year))
    page.select_option("#id_lines-0-carrier", "erdgas")
    page.fill("#id_lines-0-quantity", "120.000")
    page.select_option("#id_lines-0-unit", "l")  # not the factor's unit
    page.select_option("#id_data_quality", "B")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    assert summary.count() == 1
    # The deferred script moves the focus; expect() waits for it instead of racing it.
    expect(summary).to_be_focused()
    assert "kWh" in summary.inner_text()
    assert page.input_value("#id_lines-0-quantity") == "120.000"
    assert_page_ok(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_page_ok(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.select_option("#id_lines-0-unit", "kWh")
    page.locator("main form button[type=submit]").click()
    main = " ".join(page.locator("main").inner_text().split())
    # 120.000 kWh × 0,247 kg = 29.640 kg = 29,6 t
    assert "29,6 t CO2e" in main
    assert "120.000 kWh Erdgas × 0,247 kg CO2e/kWh" in main
    assert "Quelle: Umweltbundesamt, Emissionsfaktoren 2024" in main
    assert "Datenqualität B" in main
    assert_page_ok(page)
    result = ProjectResult.objects.get(project=project, year=year)
    assert result.achieved_reduction == Decimal("29.6")
    assert result.lines.get().factor == factor
