"""The whole way of an organisation into the alliance, in a real browser."""

import re

import pytest
from django.core import mail

from partners.models import Partner
from tests.browser.harness import assert_page_ok
from tests.factories import PASSWORD, DeclarationFactory, StaffUserFactory

pytestmark = pytest.mark.browser


def log_in(page, email, password=PASSWORD):
    page.goto("/konto/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_sign_up_register_sign_confirm_listed_certificate(page, browser, live_server):
    declaration = DeclarationFactory(version="2026-1")
    staff = StaffUserFactory()

    # Sign up; verification is mandatory.
    page.goto("/konto/signup/")
    assert_page_ok(page)
    page.fill("#id_name", "Erika Muster")
    page.fill("#id_email", "erika@elbauen.example")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/konto/confirm-email/")
    assert_page_ok(page)

    link = re.search(r"(/konto/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    assert_page_ok(page)
    page.locator("main form button[type=submit]").click()

    # First login leads an account without organisation to the registration.
    log_in(page, "erika@elbauen.example")
    page.wait_for_url("**/partner/registrieren/")
    assert_page_ok(page)
    page.fill("#id_name", "Elbauen Solar GmbH")
    page.select_option("#id_kind", "unternehmen")
    page.fill("#id_website", "https://elbauen.example")
    page.fill("#id_description", "Photovoltaik für Magdeburger Dächer.")
    page.locator("main form button[type=submit]").click()

    # Sign the current declaration.
    page.wait_for_url("**/unterzeichnen/")
    assert_page_ok(page)
    for checkbox in page.locator("input[type=checkbox]").all():
        checkbox.check()
    page.fill("#id_signatory_name", "Erika Muster")
    page.fill("#id_signatory_function", "Geschäftsführerin")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mein-bereich/")
    assert "Bestätigung durch die Stabsstelle ausstehend" in page.locator("main").inner_text()
    assert_page_ok(page)

    # Staff confirm in their own session.
    staff_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    staff_page = staff_context.new_page()
    log_in(staff_page, staff.email)
    staff_page.wait_for_url("**/stabsstelle/")
    assert_page_ok(staff_page)
    staff_page.get_by_role("button", name="Elbauen Solar GmbH bestätigen").click()
    staff_page.wait_for_url("**/stabsstelle/")
    staff_context.close()

    partner = Partner.objects.get(name="Elbauen Solar GmbH")
    assert partner.status == Partner.Status.ACTIVE

    page.goto("/partner/")
    assert "Elbauen Solar GmbH" in page.locator("main").inner_text()
    assert_page_ok(page)
    page.get_by_role("link", name="Elbauen Solar GmbH").click()
    assert_page_ok(page)

    page.goto("/mein-bereich/")
    assert_page_ok(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Beitrittsurkunde herunterladen (PDF)").click()
    from pypdf import PdfReader

    reader = PdfReader(download_info.value.path())
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Elbauen Solar GmbH" in text
    assert declaration.version in text

    page.goto("/erklaerung/")
    assert "Elbauen Solar GmbH" in page.locator("main").inner_text()
    assert_page_ok(page)
