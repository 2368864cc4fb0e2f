"""The portal's composed pages render what the apps register in core.registry: an app that
registers a section in its ready() appears on the page without any change to portal/."""

import pytest
from django.urls import reverse

from core.registry import Registry, Section
from portal.sections import rows
from tests.factories import PartnerFactory, StaffUserFactory, UserFactory

SAMPLE_APP = "tests.portal.sample_app"


@pytest.fixture
def sample_app(settings):
    from tests.portal.sample_app.apps import unregister

    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, SAMPLE_APP]
    yield
    unregister()


@pytest.fixture
def contact(db):
    from partners.services import contact_add

    partner = PartnerFactory(name="Elbe Energie")
    user = UserFactory(email="kontakt@example.org")
    contact_add(partner=partner, user=user)
    return user


def test_a_registered_home_section_and_figure_appear_on_the_home_page(client, db, sample_app):
    html = client.get("/").content.decode()
    assert "Mitmachaktion" in html and "Stadtradeln 2026" in html
    assert '<span class="value">4711</span> gepflanzte Bäume' in html
    # In the order of registration: after the target path (20), before the news (30).
    assert html.index('id="path-heading"') < html.index("Mitmachaktion")
    assert html.index("Mitmachaktion") < html.index('id="news-heading"')
    # The key figure joins the other figures, after the projects' ones.
    assert html.index("aktive Partner") < html.index("gepflanzte Bäume")


def test_a_registered_dashboard_section_appears_on_my_area(client, contact, sample_app):
    client.force_login(contact)
    html = client.get("/mein-bereich/").content.decode()
    assert "Beispielbereich" in html
    assert "Für Elbe Energie als kontakt@example.org" in html


def test_a_section_that_does_not_apply_is_left_out(client, db, sample_app):
    client.force_login(StaffUserFactory())
    response = client.get("/stabsstelle/")
    assert response.status_code == 200
    assert "Partnerorganisationen" in response.content.decode()


def test_a_registered_search_type_is_searched(client, db, sample_app):
    from partners.models import Sector

    # A whole word: PostgreSQL's German full-text search does not split compounds.
    Sector.objects.create(name="Grüner Wasserstoff", slug="wasserstoff")
    html = client.get(reverse("search"), {"q": "Wasserstoff"}).content.decode()
    assert 'id="group-branchen"' in html and "Grüner Wasserstoff" in html
    html = client.get(reverse("search"), {"q": "Wasserstoff", "typ": "branchen"}).content.decode()
    assert "<h2>Branchen</h2>" in html


def test_without_the_app_its_sections_are_gone(client, db):
    html = client.get("/").content.decode()
    assert "Mitmachaktion" not in html and "gepflanzte Bäume" not in html


def test_the_apps_register_the_portals_sections_in_order():
    from core import registry

    assert registry.home_sections.keys() == [
        "portal.key_figures",
        "reports.target_path",
        "news.latest",
        "meetings.next",
        "decisions.latest",
    ]
    assert registry.home_figures.keys() == [
        "partners.active",
        "projects.totals",
        "reports.contribution",
    ]
    assert registry.partner_dashboard_sections.keys() == [
        "partners.status",
        "projects.participation_requests",
        "projects.reporting",
        "projects.projects",
        "decisions",
        "meetings",
        "partners.organisation",
        "newsletter.preferences",
    ]
    assert registry.staff_dashboard_sections.keys() == [
        "partners.counts",
        "projects.review",
        "projects.reporting",
        "meetings",
        "decisions",
        "reports",
        "portal.failed_mails",
        "partners.work",
        "portal.public_portal",
    ]
    assert [t.key for t in registry.search_types] == [
        "projekte",
        "partner",
        "aktuelles",
        "termine",
        "beschluesse",
    ]


def test_portal_pages_import_no_feature_app():
    """The composed pages learn about the apps from the registry only (the partner area asks
    partners whose it is; the demo seeding order is the portal's job and imports them all)."""
    import ast
    from pathlib import Path

    portal = Path(__file__).resolve().parents[2] / "portal"
    feature_apps = {"projects", "meetings", "news", "decisions", "reports"}
    found = []
    for name in ("views.py", "dashboards.py", "search.py", "sections.py", "context_processors.py"):
        tree = ast.parse((portal / name).read_text())
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            found += [f"{name}: {m}" for m in modules if m.split(".")[0] in feature_apps]
    assert not found, found


def test_registry_orders_replaces_and_unregisters():
    registry = Registry("test")
    registry.register("b", "second", order=20)
    registry.register("a", "first", order=10)
    registry.register("b", "second again", order=20)  # a second ready() replaces
    assert list(registry) == ["first", "second again"]
    registry.unregister("a")
    registry.unregister("missing")
    assert registry.keys() == ["b"]


def test_column_sections_share_a_grid_row():
    wide, col1, col2, col3 = (
        Section("w.html"),
        Section("c1.html", column=True),
        Section("c2.html", column=True),
        Section("c3.html", column=True),
    )
    layout = rows([wide, col1, col2, wide, col3])
    assert [(row.grid, [s.template for s in row.sections]) for row in layout] == [
        (False, ["w.html"]),
        (True, ["c1.html", "c2.html"]),
        (False, ["w.html"]),
        (True, ["c3.html"]),
    ]
