import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news import services as news_services
from partners.models import Partner
from portal.models import LegalPage
from projects.models import Project
from reports import services as report_services
from tests.factories import MeetingFactory, PartnerFactory, ProjectFactory, StaffUserFactory


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def fill_portal(n: int):
    staff = StaffUserFactory()
    PartnerFactory.create_batch(n)
    for i in range(n):
        news_services.post_create(
            author=staff,
            title=f"Meldung {i}",
            teaser="T",
            body="B",
            publish_at=timezone.now() - datetime.timedelta(days=i),
        )
    for year in range(2010, 2010 + n):
        report_services.emissions_save(
            actor=staff,
            year=year,
            total_t=Decimal(1_000_000 - year),
            population=200_000,
            source="x",
        )
    report_services.target_path_set(actor=staff, base_year=2010)
    MeetingFactory.create_batch(n)
    ProjectFactory.create_batch(n)


def test_home_page_query_count_is_constant(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 0
    empty = query_count(client, "/")
    fill_portal(3)
    few = query_count(client, "/")
    fill_portal(12)
    assert query_count(client, "/") == few
    assert empty <= few


def test_home_page_shows_figures_and_chart(client, db):
    fill_portal(3)
    html = client.get("/").content.decode()
    assert '<svg class="chart"' in html
    assert 'role="img"' in html
    assert "Meldung 0" in html and "Meldung 2" in html
    assert "Allianzversammlung" in html  # next meetings
    active = Partner.objects.active().count()
    assert f'<span class="value">{active}</span> aktive Partner' in html
    published = Project.objects.published().count()
    assert f'<span class="value">{published}</span> veröffentlichte' in html


@pytest.mark.parametrize(
    "query", ["", "x" * 1000, "'; DROP TABLE partners_partner; --", "%_\\", "ö & | !"]
)
def test_search_never_fails(client, db, query):
    PartnerFactory(name="Elbe Energie")
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 200


def test_search_groups_results_by_type(client, db):
    staff = StaffUserFactory()
    PartnerFactory(name="Solarwerk Magdeburg", description="Photovoltaik")
    news_services.post_create(author=staff, title="Solarwerk eröffnet", teaser="t", body="b")
    html = client.get("/suche/", {"q": "Solarwerk"}).content.decode()
    assert 'id="group-partner"' in html and 'id="group-aktuelles"' in html
    assert "Solarwerk Magdeburg" in html and "Solarwerk eröffnet" in html


@pytest.mark.postgres
def test_search_uses_german_stemming_on_postgresql(client, db):
    PartnerFactory(name="Stadtwerke", description="Wir betreiben Fernwärmenetze und Solaranlagen.")
    html = client.get("/suche/", {"q": "Solaranlage"}).content.decode()
    assert "Stadtwerke" in html


def test_legal_pages_come_from_the_database_and_staff_edit_them(client, db, contact_user):
    page = LegalPage.objects.get(slug="impressum")
    assert "§ 18 Abs. 2 MStV" in client.get("/impressum/").content.decode()
    client.force_login(contact_user)
    assert client.get("/stabsstelle/seiten/impressum/").status_code == 403
    staff = StaffUserFactory()
    client.force_login(staff)
    client.post("/stabsstelle/seiten/impressum/", {"body": "## Neu\n\n<script>x</script>Text"})
    page.refresh_from_db()
    assert page.updated_by == staff
    client.logout()
    html = client.get("/impressum/").content.decode()
    assert "<h2>Neu</h2>" in html and "<script>x" not in html


def test_privacy_notice_matches_what_the_portal_does(client, db):
    html = client.get("/datenschutz/").content.decode()
    assert "kein Tracking" in html
    assert "Einwilligungs-Banner" in html


def test_accessibility_feedback_mails_and_confirms(
    client, db, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/barrierefreiheit/",
            {"message": "Der Kontrast im Fußbereich ist zu gering.", "email": "leser@example.org"},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [
        [settings.STAFF_NOTIFICATION_EMAIL],
        ["leser@example.org"],
    ]
    assert "Kontrast im Fußbereich" in mail.outbox[0].body


def test_accessibility_feedback_refuses_empty_and_is_rate_limited(
    client, db, django_capture_on_commit_callbacks
):
    response = client.post("/barrierefreiheit/", {"message": "   ", "name": "Max"})
    assert response.status_code == 200
    assert "Bitte schreiben Sie Ihre Nachricht." in response.content.decode()
    assert response.context["feedback_form"].data["name"] == "Max"
    # Five messages per hour and address; the refused empty one does not count.
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert client.post("/barrierefreiheit/", {"message": "Hinweis"}).status_code == 302
    response = client.post("/barrierefreiheit/", {"message": "Hinweis"})
    assert response.status_code == 200
    assert "Zu viele Nachrichten" in response.content.decode()
    assert len(mail.outbox) == 5  # to the Stabsstelle only: no sender address given


def test_public_pages_are_cached_and_invalidated(client, db):
    staff = StaffUserFactory()
    news_services.post_create(author=staff, title="Erste", teaser="t", body="b")
    response = client.get("/aktuelles/")
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    with CaptureQueriesContext(connection) as ctx:
        assert "Erste" in client.get("/aktuelles/").content.decode()
    assert len(ctx.captured_queries) == 0  # served from the cache
    news_services.post_create(author=staff, title="Zweite", teaser="t", body="b")
    assert "Zweite" in client.get("/aktuelles/").content.decode()


def test_logged_in_pages_are_not_cached(client, contact_user):
    client.force_login(contact_user)
    response = client.get("/aktuelles/")
    assert "public" not in response.get("Cache-Control", "")
