"""The project map (#19) without a browser: the Content Security Policy with and without a tile
server, the page's list of the projects with coordinates (what a visitor without JavaScript
gets, and the map's text alternative), the links between list and map keeping the filters, and
the small maps on project pages and partner profiles."""

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache

from partners.models import Body
from projects.models import Project
from tests.factories import PartnerFactory, ProjectFactory
from tests.projects.tiles import configure_tiles

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
URL = "/projekte/karte/"
TILES = "https://kacheln.magdeburg.example/basemap/{z}/{x}/{y}.png"


def located(**kwargs):
    kwargs.setdefault("latitude", Decimal("52.131400"))
    kwargs.setdefault("longitude", Decimal("11.640000"))
    return ProjectFactory(**kwargs)


def get(client, url):
    cache.clear()  # anonymous public pages are cached
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def img_src(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    (directive,) = [d.strip() for d in policy.split(";") if d.strip().startswith("img-src")]
    return directive.split()[1:]


def map_config(html: str, config_id: str = "project-map-config") -> dict:
    match = re.search(rf'<script id="{config_id}" type="application/json">(.*?)</script>', html)
    assert match, f"no {config_id} in the page"
    return json.loads(match.group(1))


def listed_slugs(html: str) -> list[str]:
    return re.findall(r'<tr data-project="([^"]+)">', html)


# --- Content Security Policy -------------------------------------------------------------------


def test_without_a_tile_server_images_come_only_from_the_portal(client, settings):
    assert settings.MAP_TILE_URL == ""
    response = get(client, URL)
    assert img_src(response) == ["'self'", "data:"]
    html = response.content.decode()
    assert "Keine Hintergrundkarte konfiguriert" in html
    assert map_config(html)["tiles"]["url"] == ""


def test_with_a_tile_server_exactly_its_host_is_allowed(client, settings):
    configure_tiles(settings, TILES, "© Landeshauptstadt Magdeburg")
    response = get(client, URL)
    assert img_src(response) == ["'self'", "data:", "https://kacheln.magdeburg.example"]
    html = response.content.decode()
    assert "Keine Hintergrundkarte konfiguriert" not in html
    tiles = map_config(html)["tiles"]
    assert tiles == {
        "url": TILES,
        "attribution": "© Landeshauptstadt Magdeburg",
        "max_zoom": settings.MAP_MAX_ZOOM,
    }
    # Scripts, styles, fonts and connections stay with the portal.
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy + ";"
    assert "connect-src 'self';" in policy + ";"


def settings_in_a_process(**env) -> subprocess.CompletedProcess:
    """klimaportal.settings as a fresh process reads it from the environment."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; import json; "
        "print(json.dumps([s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
        "s.MAP_TILE_URL, s.MAP_TILE_ATTRIBUTION, s.MAP_MAX_ZOOM]))"
    )
    environment = {key: value for key, value in os.environ.items() if not key.startswith("MAP_")}
    environment.update(DJANGO_SETTINGS_MODULE="klimaportal.settings", DEBUG="1", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_environment_names_the_tile_server():
    plain = settings_in_a_process()
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout)[0] == ["'self'", "data:"]
    configured = settings_in_a_process(
        MAP_TILE_URL=TILES, MAP_TILE_ATTRIBUTION="© GeoBasis-DE / BKG", MAP_MAX_ZOOM="17"
    )
    assert configured.returncode == 0, configured.stderr
    assert json.loads(configured.stdout) == [
        ["'self'", "data:", "https://kacheln.magdeburg.example"],
        TILES,
        "© GeoBasis-DE / BKG",
        17,
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MAP_TILE_URL": "https://{s}.tile.example.org/{z}/{x}/{y}.png"}, "one host"),
        ({"MAP_TILE_URL": "http://tiles.example.org/{z}/{x}/{y}.png"}, "https"),
        ({"MAP_TILE_URL": "https://tiles.example.org/tiles.png"}, "{z}, {x} and {y}"),
        ({"MAP_TILE_URL": TILES, "MAP_TILE_ATTRIBUTION": ""}, "MAP_TILE_ATTRIBUTION"),
        ({"MAP_MAX_ZOOM": "40"}, "MAP_MAX_ZOOM"),
    ],
)
def test_a_tile_server_the_policy_cannot_name_exactly_is_refused(env, message):
    env.setdefault("MAP_TILE_ATTRIBUTION", "© Test")
    result = settings_in_a_process(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


# --- the list of the projects on the map -----------------------------------------------------


def test_the_list_shows_the_filtered_projects_with_coordinates(client):
    verkehr = Body.objects.get(slug="verkehr")
    a = located(title="Lastenräder", field_of_action=verkehr, address="Breiter Weg 1")
    b = located(title="E-Busse", field_of_action=verkehr, status="geplant")
    ProjectFactory(title="Ohne Ort", field_of_action=verkehr)
    located(title="Solardach")  # another field of action
    located(title="Entwurf mit Ort", field_of_action=verkehr, publication="entwurf")

    html = get(client, URL + "?field_of_action=verkehr").content.decode()
    expected = Project.objects.published().filter(field_of_action=verkehr, latitude__isnull=False)
    assert set(listed_slugs(html)) == {p.slug for p in expected} == {a.slug, b.slug}
    assert "Breiter Weg 1" in html
    assert "Breite 52,1314, Länge 11,6400" in html
    assert "Entwurf mit Ort" not in html
    # 2 of the 3 shown projects have a location; the third is only in the list.
    assert "2 Projekte mit Standort" in html and "von 3 angezeigten Projekten" in html

    html = get(client, URL + "?field_of_action=verkehr&status=geplant").content.decode()
    assert listed_slugs(html) == [b.slug]


def test_without_javascript_the_list_is_shown_and_the_map_hidden(client):
    located(title="Lastenräder")
    html = get(client, URL).content.decode()
    assert re.search(r'<div class="project-map"[^>]*data-project-map="project-map-config"', html)
    assert re.search(r'<div class="project-map"[^>]*\shidden>', html)  # map.js shows it
    assert "<noscript>" in html
    section = html[html.index('id="projektliste"') :]
    table = section[: section.index("</table>")]
    assert not re.search(r"\shidden[\s>=]", table) and "visually-hidden" not in table
    assert 'href="#projektliste"' in html  # the map links to its text alternative


def test_the_map_reads_the_geojson_with_the_pages_filters(client):
    html = get(client, URL + "?status=geplant&q=Solar&seite=2").content.decode()
    config = map_config(html)
    assert config["geojson_url"] == "/projekte/export.geojson?status=geplant&q=Solar"
    assert config["collection"] is None
    assert set(config["styles"]) == set(
        Body.objects.working_groups().values_list("slug", flat=True)
    )
    letters = [style["letter"] for style in config["styles"].values()]
    shapes = [style["shape"] for style in config["styles"].values()]
    assert len(set(letters)) == len(letters) and len(set(shapes)) == len(shapes)
    assert config["statuses"]["geplant"] == "geplant"


def test_list_and_map_link_to_each_other_keeping_the_filters(client):
    list_html = get(client, "/projekte/?status=geplant&q=Solar").content.decode()
    assert 'href="/projekte/karte/?status=geplant&amp;q=Solar"' in list_html
    assert 'href="/projekte/export.geojson?status=geplant&amp;q=Solar"' in list_html
    map_html = get(client, URL + "?status=geplant&q=Solar").content.decode()
    assert 'href="/projekte/?status=geplant&amp;q=Solar"' in map_html
    unfiltered = get(client, "/projekte/").content.decode()
    assert 'href="/projekte/karte/"' in unfiltered


def test_the_legend_does_not_rely_on_colour(client):
    html = get(client, URL).content.decode()
    legend = html[html.index('class="map-legend"') :]
    for name, letter in [
        ("Energiesysteme / Stromnutzung", "E"),
        ("Gebäude / Stadtplanung", "G"),
        ("Verkehr", "V"),
        ("Kommunikation / Bürger", "K"),
    ]:
        assert f"{letter} – {name}" in legend


def test_partners_without_consent_are_not_named_on_the_map_page(client):
    hidden = PartnerFactory(name="Geheim GmbH", slug="geheim-gmbh", public_listing=False)
    located(title="Verdeckt geführt", lead_partner=hidden)
    html = get(client, URL).content.decode()
    assert "Verdeckt geführt" in html
    assert "Geheim GmbH" not in html and "geheim-gmbh" not in html


def test_the_map_page_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(2):
        located()
    cache.clear()
    with django_assert_max_num_queries(12) as few:
        client.get(URL + "?status=in_umsetzung")
    for _ in range(10):
        located(lead_partner=PartnerFactory())
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL + "?status=in_umsetzung")
    assert len(listed_slugs(response.content.decode())) == 12


# --- small maps ------------------------------------------------------------------------------


def test_a_project_page_with_coordinates_has_a_small_map(client):
    project = located(title="Lastenräder")
    html = get(client, project.get_absolute_url()).content.decode()
    config = map_config(html, "projektstandort-config")
    (feature,) = config["collection"]["features"]
    assert feature["id"] == project.slug
    assert feature["geometry"]["coordinates"] == [11.64, 52.1314]
    assert "vendor/leaflet/leaflet.js" in html


def test_a_project_page_without_coordinates_has_no_map(client):
    project = ProjectFactory(title="Ohne Ort")
    html = get(client, project.get_absolute_url()).content.decode()
    assert "data-project-map" not in html
    assert "leaflet" not in html


def test_a_partner_profile_shows_its_projects_on_a_small_map(client):
    partner = PartnerFactory(name="Elbe Mobil", slug="elbe-mobil", public_listing=True)
    hidden = PartnerFactory(name="Geheim GmbH", slug="geheim-gmbh", public_listing=False)
    led = located(title="Carsharing", lead_partner=partner)
    joined = located(title="Ladepunkte", lead_partner=hidden)
    joined.partners.add(partner, through_defaults={"state": "bestaetigt"})
    invited = located(title="Nur eingeladen")
    invited.partners.add(partner)  # an invitation is no participation
    located(title="Entwurf", lead_partner=partner, publication="entwurf")
    ProjectFactory(title="Ohne Ort", lead_partner=partner)

    html = get(client, partner.get_absolute_url()).content.decode()
    config = map_config(html, "partnerprojekte-karte-config")
    assert {f["id"] for f in config["collection"]["features"]} == {led.slug, joined.slug}
    assert "Geheim GmbH" not in html
    assert 'href="/projekte/karte/?partner=elbe-mobil"' in html


def test_a_partner_without_located_projects_has_no_map(client):
    partner = PartnerFactory(name="Elbe Mobil", slug="elbe-mobil", public_listing=True)
    ProjectFactory(title="Ohne Ort", lead_partner=partner)
    html = get(client, partner.get_absolute_url()).content.decode()
    assert "data-project-map" not in html


def test_docker_compose_passes_the_map_settings_through():
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    env = services["web"]["environment"]
    assert env["MAP_TILE_URL"] == "${MAP_TILE_URL:-}"
    assert env["MAP_TILE_ATTRIBUTION"] == "${MAP_TILE_ATTRIBUTION:-}"
    assert env["MAP_MAX_ZOOM"] == "${MAP_MAX_ZOOM:-18}"


def test_the_vendored_map_libraries_are_the_pinned_ones_with_their_licences():
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]
    vendor = ROOT / "static" / "vendor"
    for name in ("leaflet", "leaflet.markercluster"):
        version = lock[f"node_modules/{name}"]["version"]
        assert pinned[name] == version  # exact pin, no range
        assert (vendor / name / "VERSION").read_text().strip() == version
    assert "Leaflet 1.9.4" in (vendor / "leaflet" / "leaflet.js").read_text()[:200]
    assert "BSD" in (vendor / "leaflet" / "LICENSE").read_text()
    mit = (vendor / "leaflet.markercluster" / "MIT-LICENCE.txt").read_text()
    assert "Permission is hereby granted" in mit


def test_the_marker_styles_follow_a_renamed_working_group(client, settings):
    """The working groups' marker styles are kept per content generation (issue 21)."""
    from projects import geo

    settings.PAGE_CACHE_SECONDS = 0
    group = Body.objects.working_groups().first()
    assert group.name in {style.name for style in geo.working_group_styles()}
    Body.objects.filter(pk=group.pk).update(name="Wasser und Boden")
    assert "Wasser und Boden" in {style.name for style in geo.working_group_styles()}
    assert "Wasser und Boden" in client.get("/projekte/karte/").content.decode()
