"""The public face of the portal in a real browser: figures, chart, news, search, legal pages."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from news import services as news_services
from partners.models import Partner
from tests.browser.harness import assert_page_ok
from tests.factories import PartnerFactory, StaffUserFactory, seed_city_balance

pytestmark = pytest.mark.browser


@pytest.fixture
def portal(transactional_db):
    staff = StaffUserFactory()
    PartnerFactory.create_batch(4)
    PartnerFactory(status="registriert")
    for i in range(3):
        news_services.post_create(
            author=staff,
            title=f"Meldung Nummer {i}",
            teaser="Kurzfassung",
            body="## Abschnitt\n\nText mit **Betonung**.",
            publish_at=timezone.now() - datetime.timedelta(days=i + 1),
        )
    seed_city_balance(staff)


def test_home_page_shows_database_figures_and_chart(page, portal):
    page.goto("/")
    figures = page.locator(".figure-list").inner_text()
    assert f"{Partner.objects.active().count()}\naktive Partner" in figures
    chart = page.locator("svg.chart")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("circle").count() == 15
    page.get_by_text("Die Zahlen als Tabelle").click()
    assert "2024" in page.locator("details table").inner_text()
    assert_page_ok(page)


def test_news_search_and_legal_pages_are_accessible(page, portal):
    for path in ("/aktuelles/", "/impressum/", "/datenschutz/", "/suche/?q=Meldung"):
        page.goto(path)
        assert_page_ok(page)
    page.goto("/aktuelles/")
    page.get_by_role("link", name="Meldung Nummer 0").click()
    assert page.locator("h1").inner_text() == "Meldung Nummer 0"
    assert_page_ok(page)


def test_feedback_form(page, portal):
    page.goto("/barrierefreiheit/")
    assert_page_ok(page)
    page.locator("main form button[type=submit]").click()
    assert "Bitte schreiben Sie Ihre Nachricht." in page.locator("main").inner_text()
    assert_page_ok(page)
    page.fill("#id_message", "Die Tabelle auf der Startseite ist schwer lesbar.")
    page.fill("#id_email", "leserin@example.org")
    page.locator("main form button[type=submit]").click()
    assert "Vielen Dank" in page.locator("main").inner_text()
    assert any("leserin@example.org" in m.to for m in mail.outbox)
