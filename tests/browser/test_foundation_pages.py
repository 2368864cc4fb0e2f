"""The foundation's pages pass axe-core (WCAG 2.1 A/AA) and the Nu HTML checker."""

import pytest

from tests.browser.harness import assert_page_ok

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Magdeburger Klimaallianz"),
        ("/konto/login/", "Anmeldung"),
        ("/konto/signup/", "Registrieren"),
        ("/konto/password/reset/", "Passwort zurücksetzen"),
        ("/impressum/", "Impressum"),
    ],
)
def test_public_pages_are_accessible_and_valid(page, path, heading):
    response = page.goto(path)
    assert response.status == 200
    assert heading in page.locator("h1").inner_text()
    assert_page_ok(page)


def test_404_page_is_accessible_and_valid(page):
    response = page.goto("/seite-gibt-es-nicht/")
    assert response.status == 404
    assert "Seite nicht gefunden" in page.locator("h1").inner_text()
    assert_page_ok(page)


def test_skip_link_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"


def test_sign_up_form_keeps_input_and_shows_german_errors(page):
    page.goto("/konto/signup/")
    page.fill("#id_name", "Max Beispiel")
    page.fill("#id_email", "max@example.org")
    page.fill("#id_password1", "kurz")
    page.fill("#id_password2", "anders")
    page.locator("main form button[type=submit]").click()
    assert page.input_value("#id_email") == "max@example.org"
    assert page.input_value("#id_name") == "Max Beispiel"
    assert "Passw" in page.locator("main").inner_text()
    assert_page_ok(page)
