"""The project map in Chromium (#19): tiles come from the configured server and from nowhere
else, the markers are the filtered projects with coordinates, keyboard focus on a marker opens
its details without trapping the focus, the page works without a tile server and without
JavaScript, and axe-core finds nothing at 1280 and 375 px."""

import threading
import zlib
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from struct import pack
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from partners.models import Body
from tests.browser.harness import assert_accessible, assert_page_ok
from tests.factories import PartnerFactory, ProjectFactory
from tests.projects.tiles import configure_tiles

pytestmark = pytest.mark.browser


def png(width: int = 256, height: int = 256) -> bytes:
    """A plain light-grey PNG tile."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xe4\xe8\xe6" * width for _ in range(height))
    header = pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def tile_server():
    """A tile server on loopback that answers every path with a PNG and records the paths."""
    tile = png()
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.requested = requested
    server.origin = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def projects(transactional_db):
    """Three transport projects far enough apart not to cluster, one of another field of
    action, one without coordinates and a draft: the filter field_of_action=verkehr shows
    three markers."""
    verkehr = Body.objects.get(slug="verkehr")
    hidden = PartnerFactory(name="Geheim GmbH", slug="geheim-gmbh", public_listing=False)
    shown = [
        ProjectFactory(
            title="Lastenrad-Verleih Innenstadt",
            field_of_action=verkehr,
            latitude=Decimal("52.131400"),
            longitude=Decimal("11.640000"),
            address="Breiter Weg 1, 39104 Magdeburg",
        ),
        ProjectFactory(
            title="E-Busse Linie 73",
            field_of_action=verkehr,
            lead_partner=hidden,
            latitude=Decimal("52.180000"),
            longitude=Decimal("11.560000"),
        ),
        ProjectFactory(
            title="Carsharing Buckau",
            field_of_action=verkehr,
            status="geplant",
            latitude=Decimal("52.090000"),
            longitude=Decimal("11.700000"),
        ),
    ]
    ProjectFactory(
        title="Solardach Rathaus", latitude=Decimal("52.130000"), longitude=Decimal("11.600000")
    )
    ProjectFactory(title="Radweg ohne Ort", field_of_action=verkehr)
    ProjectFactory(
        title="Entwurf mit Ort",
        field_of_action=verkehr,
        publication="entwurf",
        latitude=Decimal("52.150000"),
        longitude=Decimal("11.650000"),
    )
    return shown


def record_hosts(page) -> list[str]:
    origins: list[str] = []
    page.on(
        "request",
        lambda request: origins.append(
            "{0.scheme}://{0.netloc}".format(urlsplit(request.url))
            if request.url.startswith("http")
            else request.url.split(":", 1)[0]
        ),
    )
    return origins


def open_map(page, query=""):
    cache.clear()  # the anonymous page cache must not serve another test's settings
    page.goto("/projekte/karte/" + query)
    page.locator("#projektkarte[data-state=ready]").wait_for()


def marker_slugs(page) -> set[str]:
    return set(page.locator("#projektkarte").get_attribute("data-markers").split())


def test_tiles_from_the_configured_server_and_nothing_from_elsewhere(
    page, live_server, settings, tile_server, projects
):
    configure_tiles(
        settings, tile_server.origin + "/tiles/{z}/{x}/{y}.png", "© Testkacheln Magdeburg"
    )
    origins = record_hosts(page)
    open_map(page, "?field_of_action=verkehr")
    page.locator(".leaflet-tile-loaded").first.wait_for()

    assert tile_server.requested, "no tile was requested"
    assert all(path.startswith("/tiles/") for path in tile_server.requested)
    assert set(origins) <= {live_server.url, tile_server.origin}, set(origins)
    assert "Keine Hintergrundkarte konfiguriert" not in page.locator("main").inner_text()
    assert "© Testkacheln Magdeburg" in page.locator(".leaflet-control-attribution").inner_text()

    # The markers are the filtered projects with coordinates, as the list below names them.
    expected = {p.slug for p in projects}
    assert marker_slugs(page) == expected
    rows = page.locator("#projektliste tr[data-project]")
    assert {rows.nth(i).get_attribute("data-project") for i in range(rows.count())} == expected
    shown = page.locator("#projektkarte .project-marker")
    assert {shown.nth(i).get_attribute("data-project") for i in range(shown.count())} == expected
    assert "Geheim GmbH" not in page.content()


def test_keyboard_focus_on_a_marker_opens_its_details_and_the_focus_moves_on(
    page, live_server, settings, tile_server, projects
):
    configure_tiles(settings, tile_server.origin + "/{z}/{x}/{y}.png")
    open_map(page, "?field_of_action=verkehr")
    page.locator("a[href='#projektliste']").focus()
    marker = None
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('project-marker')"):
            marker = page.evaluate("document.activeElement.dataset.project")
            break
    assert marker, "no marker reached with the Tab key"
    focused = page.locator(f".project-marker[data-project='{marker}']")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    title = {p.slug: p.title for p in projects}[marker]
    assert title in popup.inner_text()
    assert "Status" in popup.inner_text() and "Erwartete Minderung" in popup.inner_text()

    # Enter moves into the details, Escape back to the marker.
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('map-popup__link')")
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith(f"/{marker}/")
    page.keyboard.press("Escape")
    assert focused.evaluate("node => node === document.activeElement")
    popup.wait_for(state="detached")  # Leaflet fades it out first

    # No keyboard trap: Tab leaves the map.
    for _ in range(20):
        page.keyboard.press("Tab")
        if not page.evaluate("!!document.activeElement.closest('#projektkarte')"):
            break
    assert not page.evaluate("!!document.activeElement.closest('#projektkarte')")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_map_page_is_accessible(page, live_server, settings, tile_server, projects, width):
    configure_tiles(settings, tile_server.origin + "/{z}/{x}/{y}.png")
    page.set_viewport_size({"width": width, "height": 900})
    open_map(page)
    assert_page_ok(page)
    # With a marker's details open as well.
    page.locator(".project-marker, .project-cluster").first.focus()
    page.keyboard.press("Enter")
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 375])
def test_without_a_tile_server(page, live_server, projects, width):
    page.set_viewport_size({"width": width, "height": 900})
    origins = record_hosts(page)
    open_map(page)
    assert set(origins) == {live_server.url}
    assert page.locator(".map-note").is_visible()
    assert "Keine Hintergrundkarte konfiguriert" in page.locator(".map-note").inner_text()
    assert page.locator(".leaflet-control-scale").is_visible()
    assert page.locator(".map-bounds-label").is_visible()
    assert page.locator(".leaflet-tile").count() == 0
    assert len(marker_slugs(page)) == 4
    assert_page_ok(page)


def test_small_maps_on_the_project_page_and_the_partner_profile(page, live_server, projects):
    project = projects[0]
    cache.clear()
    page.goto(project.get_absolute_url())
    page.locator("#projektstandort[data-state=ready]").wait_for()
    assert marker_slugs_of(page, "#projektstandort") == {project.slug}
    assert_page_ok(page)

    partner = project.lead_partner
    partner.public_listing = True
    partner.save()
    cache.clear()
    page.goto(partner.get_absolute_url())
    page.locator("#partnerprojekte-karte[data-state=ready]").wait_for()
    assert marker_slugs_of(page, "#partnerprojekte-karte") == {project.slug}
    assert_page_ok(page)


def marker_slugs_of(page, selector) -> set[str]:
    return set(page.locator(selector).get_attribute("data-markers").split())


def test_without_javascript_the_list_remains(browser, live_server, projects):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        cache.clear()
        page.goto("/projekte/karte/?field_of_action=verkehr")
        assert not page.locator("#projektkarte").is_visible()
        assert page.locator("noscript").count() == 1
        rows = page.locator("#projektliste tr[data-project]")
        assert {rows.nth(i).get_attribute("data-project") for i in range(rows.count())} == {
            p.slug for p in projects
        }
        assert "Breiter Weg 1, 39104 Magdeburg" in page.locator("#projektliste").inner_text()
        # (axe needs scripts; the same list passes it in the tests above, with the map.)
    finally:
        context.close()
