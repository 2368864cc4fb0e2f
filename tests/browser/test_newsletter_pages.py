"""The newsletter in a real browser (1280 px and 375 px): subscribe (also after a failed
submit, with focus on the error summary), confirm, the archive and the staff pages stay
clean in axe-core and the HTML checker; a partner contact's notification settings too."""

import re

import pytest
from playwright.sync_api import expect

from newsletter import services
from newsletter.models import Subscriber
from partners.services import contact_add
from tests.browser.harness import assert_page_ok
from tests.browser.test_partner_journey import log_in
from tests.factories import PartnerFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_subscribe_and_confirm_are_accessible(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/newsletter/")
    assert_page_ok(page)
    # A failed submit: no consent, an invalid address; the input stays, focus on the summary.
    page.get_by_label("E-Mail-Adresse").fill("kein-at")
    page.get_by_role("button", name="Abonnieren").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    expect(summary).to_be_focused()
    assert page.get_by_label("E-Mail-Adresse").input_value() == "kein-at"
    assert_page_ok(page)
    page.get_by_label("E-Mail-Adresse").fill(f"leser{width}@example.org")
    page.get_by_label("Projekte").check()
    page.get_by_label(re.compile("Ich bin einverstanden")).check()
    page.get_by_role("button", name="Abonnieren").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Bitte sehen Sie in Ihr Postfach").is_visible()
    assert_page_ok(page)
    subscriber = Subscriber.objects.get(email=f"leser{width}@example.org")
    page.goto(f"/newsletter/bestaetigen/{services.confirm_token(subscriber)}/")
    assert_page_ok(page)
    page.get_by_role("button", name="Abonnement bestätigen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Abonnement bestätigt").is_visible()
    assert_page_ok(page)
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
    page.goto(f"/newsletter/abmelden/{subscriber.unsubscribe_key}/")
    assert_page_ok(page)
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
    assert_page_ok(page)
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED


def test_staff_pages_archive_and_preferences_are_accessible(page, live_server, monkeypatch):
    from news.services import post_create
    from newsletter import tasks

    # The issue's task runs in the server's thread, whatever broker the run names.
    monkeypatch.setattr(tasks.send_issue, "delay", lambda pk: tasks.issue_deliver(issue_id=pk))

    staff = StaffUserFactory()
    post_create(author=staff, title="Neue Ladesäulen", teaser="Zwölf Ladepunkte.", body="Text")
    log_in(page, staff.email)
    page.goto("/stabsstelle/newsletter/")
    assert_page_ok(page)
    page.goto("/stabsstelle/newsletter/neu/")
    assert_page_ok(page)
    page.get_by_role("button", name="Speichern und Vorschau").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_page_ok(page)
    page.get_by_label("Betreff").fill("Dezember")
    page.get_by_role("button", name="Speichern und Vorschau").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Vorschau (Nur-Text)").is_visible()
    assert_page_ok(page)
    page.get_by_role("button", name="An alle Abonnements senden").click()
    page.wait_for_load_state()
    assert_page_ok(page)
    for url in ("/newsletter/archiv/", "/newsletter/archiv/1/"):
        page.goto(url)
        assert_page_ok(page)
    contact = UserFactory()
    contact_add(partner=PartnerFactory(), user=contact)
    page.context.clear_cookies()
    log_in(page, contact.email)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/konto/benachrichtigungen/")
        assert_page_ok(page)
