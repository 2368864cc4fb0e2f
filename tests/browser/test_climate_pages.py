"""The balance and methods pages in a real browser (1280 px and 375 px): axe-core and the HTML
checker stay clean, also after a failed submit on the staff forms."""

import importlib
from decimal import Decimal

import pytest

from climate import services
from tests.browser.harness import assert_page_ok
from tests.browser.test_partner_journey import log_in
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.browser


def part(total: str, share: str) -> Decimal:
    return (Decimal(total) * Decimal(share)).quantize(Decimal("1"))


def seed_default_factors():
    """The data migration's factor set (a transactional test's flush removes it)."""
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("climate.migrations.0003_default_emission_factors")
    migration.seed(apps, SimpleNamespace(connection=connection))


def seed(staff):
    seed_default_factors()
    for year, total in ((2010, "2200000"), (2020, "1500000")):
        services.emissions_save(
            actor=staff,
            year=year,
            total_t=Decimal(total),
            population=235_000,
            source="Energie- und THG-Bilanz der Landeshauptstadt",
            households_t=part(total, "0.3"),
            commerce_t=part(total, "0.2"),
            industry_t=part(total, "0.2"),
            municipal_t=part(total, "0.05"),
            transport_t=part(total, "0.25"),
            preliminary=year == 2020,
        )
    services.target_path_set(actor=staff, base_year=2010)


@pytest.mark.parametrize("width", [1280, 375])
def test_public_balance_and_methods_pages_are_accessible(page, live_server, width):
    seed(StaffUserFactory())
    page.set_viewport_size({"width": width, "height": 900})
    for url in ("/klimabilanz/", "/methodik/"):
        page.goto(url)
        assert_page_ok(page)
    assert page.get_by_text("vom Fachamt zu bestätigen").count() == 8


def test_staff_balance_and_factor_pages_are_accessible(page, live_server):
    staff = StaffUserFactory()
    seed(staff)
    log_in(page, staff.email)
    for url in (
        "/stabsstelle/klimabilanz/",
        "/stabsstelle/klimabilanz/2020/",
        "/stabsstelle/emissionsfaktoren/",
        "/stabsstelle/emissionsfaktoren/erdgas/neue-version/",
    ):
        page.goto(url)
        assert_page_ok(page)
    # A failed submit: the sectors do not add up; focus on the error summary.
    page.goto("/stabsstelle/klimabilanz/2020/")
    page.get_by_label("Verkehr (t CO2e)").fill("1")
    page.get_by_role("button", name="Speichern", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".error-summary, [role=alert]").first.is_visible()
    assert_page_ok(page)
