"""Pieces of pages kept per content generation (core.fragments, issue 21): a list page reuses
each card across filters and pages, and shows a change at once, bulk updates included."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from core import fragments
from partners.models import Partner
from projects.models import Project
from tests.factories import PartnerFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_card_is_rendered_once_and_shown_on_other_filters_and_pages(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ProjectFactory(title="Solardach Hafen")
    calls = []
    real = fragments.remember

    def counting(name, parts, compute):
        return real(name, parts, lambda: calls.append(name) or compute())

    fragments.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fragments, "remember", counting)
        for query in ("", "?sort=titel", "?status=in_umsetzung&sort=neueste"):
            assert "Solardach Hafen" in client.get(f"/projekte/{query}").content.decode()
    assert calls.count("project-list-card") == 1


def test_cards_follow_a_bulk_update_and_a_partner_rename(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    project = ProjectFactory(title="Solardach Hafen")
    assert "Solardach Hafen" in client.get("/projekte/").content.decode()
    Project.objects.filter(pk=project.pk).update(title="Wärmepumpe Rathaus")
    page = client.get("/projekte/?sort=titel").content.decode()
    assert "Wärmepumpe Rathaus" in page and "Solardach Hafen" not in page
    Partner.objects.filter(pk=project.lead_partner_id).update(name="Stadtwerke Neu")
    assert "Stadtwerke Neu" in client.get("/projekte/").content.decode()


def test_partner_filter_options_follow_a_new_partner(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ProjectFactory()
    client.get("/projekte/")
    PartnerFactory(name="Neuer Partner Buckau")
    page = client.get("/projekte/?partner=").content.decode()
    assert "Neuer Partner Buckau" in page


def test_a_piece_is_kept_per_language():
    template = Template(
        '{% load i18n portal %}{% fragment "t" 1 %}{% translate "Yes" %}{% endfragment %}'
    )
    fragments.clear()
    with translation.override("de"):
        german = template.render(Context())
    with translation.override("en"):
        english = template.render(Context())
    assert (german, english) == ("Ja", "Yes")


def test_during_a_cache_outage_nothing_is_kept(monkeypatch):
    from django.core.cache import cache

    template = Template('{% load portal %}{% fragment "t" %}{{ value }}{% endfragment %}')
    fragments.clear()
    monkeypatch.setattr(type(cache), "degraded", True, raising=False)
    assert template.render(Context({"value": "a"})) == "a"
    assert template.render(Context({"value": "b"})) == "b"


@pytest.mark.parametrize(
    "body",
    [
        "{{ user.email }}",
        "{% if request.user.is_staff %}x{% endif %}",
        "{% csrf_token %}",
        "{% for m in messages %}{{ m }}{% endfor %}",
        '{% include "templates_for_tests/per_visitor.html" %}',
    ],
)
def test_a_piece_that_differs_between_visitors_is_refused(body, settings, tmp_path):
    folder = tmp_path / "templates_for_tests"
    folder.mkdir()
    (folder / "per_visitor.html").write_text("{{ user.get_full_name }}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    with pytest.raises(TemplateSyntaxError, match="shared by every visitor"):
        Template('{% load portal %}{% fragment "t" %}' + body + "{% endfragment %}")


def test_a_page_of_kept_cards_reads_only_the_ids(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0
    ProjectFactory(title="Solardach Hafen", summary="Zusammenfassung Hafen")
    fragments.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get("/projekte/")
    with CaptureQueriesContext(connection) as warm:
        page = client.get("/projekte/?sort=titel").content.decode()
    assert "Zusammenfassung Hafen" in page
    assert any('"summary"' in q["sql"] for q in cold.captured_queries)
    assert not any('"summary"' in q["sql"] for q in warm.captured_queries)


def test_a_row_whose_card_was_dropped_loads_its_object():
    project = ProjectFactory(title="Solardach Hafen")
    loads = []

    def load(pks):
        loads.append(list(pks))
        return Project.objects.filter(pk__in=pks)

    fragments.clear()
    fragments.remember("card", (str(project.pk),), lambda: "kept")
    (row,) = fragments.card_rows("card", [project.pk], load)
    assert loads == []
    fragments.clear()
    assert row.title == "Solardach Hafen"
    assert loads == [[project.pk]]


def test_meeting_rows_follow_a_bulk_update(client, settings):
    import datetime

    from django.utils import timezone

    from meetings.models import Meeting
    from tests.factories import MeetingFactory

    settings.PAGE_CACHE_SECONDS = 0
    past = timezone.now() - datetime.timedelta(days=30)
    meeting = MeetingFactory(
        title="Plenum Frühjahr", starts_at=past, ends_at=past + datetime.timedelta(hours=2)
    )
    assert "Plenum Frühjahr" in client.get("/termine/").content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(title="Plenum Herbst")
    page = client.get("/termine/?page=1").content.decode()
    assert "Plenum Herbst" in page and "Plenum Frühjahr" not in page


def test_an_object_deleted_between_ids_and_load_is_left_out():
    kept, gone = ProjectFactory(), ProjectFactory()
    fragments.clear()
    rows = fragments.card_rows(
        "card", [kept.pk, gone.pk], lambda pks: Project.objects.filter(pk__in=pks, pk=kept.pk)
    )
    assert [row.pk for row in rows] == [kept.pk]


def test_the_main_navigation_marks_the_current_section_only(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    fragments.clear()
    for path, current in [("/projekte/", "/projekte/"), ("/aktuelles/", "/aktuelles/")]:
        page = client.get(path).content.decode()
        assert page.count('aria-current="page"') == 1
        assert f'<a href="{current}" aria-current="page">' in page
    other = client.get("/impressum/").content.decode()
    assert 'class="main-nav"' in other and 'aria-current="page"' not in other


def test_the_anonymous_header_is_not_shown_to_a_logged_in_person(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    fragments.clear()
    assert "Anmelden" in client.get("/projekte/").content.decode()
    client.force_login(UserFactory())
    page = client.get("/projekte/").content.decode()
    assert "Abmelden" in page and ">Anmelden<" not in page
