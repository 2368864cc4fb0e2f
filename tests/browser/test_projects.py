"""A partner contact records a project and submits it, staff publish it, and it appears in the
filtered public list, the CSV and the JSON. axe-core and the HTML checker on every page."""

import json

import pytest

from partners.services import contact_add
from tests.browser.harness import assert_page_ok
from tests.factories import PASSWORD, PartnerFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.browser

TITLE = "Solarcarport am Elbufer"


def log_in(page, email):
    page.goto("/konto/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def log_out(page):
    page.locator(".user-nav form button[type=submit]").click()
    page.wait_for_load_state()


def test_partner_records_staff_publish_citizens_find(page):
    partner = PartnerFactory(name="Elbstrom Energie GmbH", slug="elbstrom")
    PartnerFactory(name="Wohnbau eG", slug="wohnbau")
    contact = UserFactory()
    contact_add(partner=partner, user=contact)
    staff = StaffUserFactory()

    log_in(page, contact.email)
    page.goto("/mein-bereich/projekte/")
    assert_page_ok(page)
    page.goto("/mein-bereich/projekte/neu/")
    assert_page_ok(page)

    # bad input first: the error is shown in German and the input is kept
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Ein Carport mit Solarmodulen für 40 Fahrzeuge.")
    page.select_option("#id_field_of_action", label="Energiesysteme / Stromnutzung")
    page.select_option("#id_status", "in_umsetzung")
    page.fill("#id_start_date", "2022-03-01")
    page.fill("#id_expected_reduction", "-5")
    page.locator("main form button[type=submit]").click()
    assert "nicht negativ" in page.locator("main").inner_text()
    assert page.input_value("#id_title") == TITLE
    # Focus is on the error summary (static/js/error-summary.js); its link leads to the field.
    # Polled from here: wait_for_function compiles its string in the page, which the portal's
    # CSP (no 'unsafe-eval') refuses whenever the first check comes too early.
    page.locator("[data-error-summary]:focus").wait_for(timeout=5000)
    page.locator("[data-error-summary] a[href='#id_expected_reduction']").click()
    assert page.evaluate("document.activeElement.id") == "id_expected_reduction"
    assert_page_ok(page)
    # A German number with thousands separator is read as such.
    page.fill("#id_expected_reduction", "1.234.567,5")
    page.locator("main form button[type=submit]").click()
    assert "1.000.000" in page.locator("[data-error-summary]").inner_text()

    page.fill("#id_expected_reduction", "85,5")
    page.fill("#id_description", "## Technik\n\n- 320 kWp\n- Ladepunkte")
    page.check("text=Wohnbau eG")
    page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/mein-bereich/projekte/solarcarport-am-elbufer/")
    assert "Entwurf" in page.locator("main").inner_text()
    assert_page_ok(page)

    page.get_by_role("link", name="Jahresergebnis hinzufügen").click()
    assert_page_ok(page)
    page.fill("#id_year", "2023")
    page.fill("#id_achieved_reduction", "70,0")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    assert "eingereicht" in page.locator("main").inner_text()

    page.goto("/mein-bereich/projekte/ergebnisse/import/")
    assert_page_ok(page)
    log_out(page)

    # not public yet
    assert page.goto("/projekte/solarcarport-am-elbufer/").status == 404

    log_in(page, staff.email)
    page.goto("/stabsstelle/projekte/")
    assert_page_ok(page)
    page.get_by_role("link", name=TITLE).first.click()
    assert_page_ok(page)
    page.get_by_role("button", name="Veröffentlichen").click()
    assert "Projekt veröffentlicht." in page.locator("main").inner_text()
    log_out(page)

    page.goto("/projekte/")
    page.select_option("#id_field_of_action", label="Energiesysteme / Stromnutzung")
    page.fill("#id_q", "Solarcarport")
    page.get_by_role("button", name="Projekte anzeigen").click()
    assert "field_of_action=energiesysteme-stromnutzung" in page.url
    assert TITLE in page.locator("main").inner_text()
    assert_page_ok(page)

    page.get_by_role("link", name=TITLE).click()
    main = page.locator("main").inner_text()
    # Wohnbau eG was invited, not yet confirmed: it is not named as a participant.
    assert "Wohnbau eG" not in main and "70,0" in main
    assert page.locator("svg.chart").count() == 1
    assert_page_ok(page)

    query = "field_of_action=energiesysteme-stromnutzung&q=Solarcarport"
    csv_text = page.context.request.get(f"/projekte/export.csv?{query}").text()
    assert TITLE in csv_text and "85,5" in csv_text
    data = json.loads(page.context.request.get(f"/projekte/export.json?{query}").text())
    assert [p["title"] for p in data["projects"]] == [TITLE]
    other = json.loads(
        page.context.request.get("/projekte/export.json?field_of_action=verkehr").text()
    )
    assert other["projects"] == []
