"""/projekte/export.geojson (#18.4): an RFC 7946 FeatureCollection of the published projects
with coordinates, longitude first, the JSON export's record as properties, the list's filters
and the licence; nothing unpublished, no pending revision, no partner without consent."""

import json
from decimal import Decimal

import pytest
from django.core.cache import cache

from core.licence import LICENCE_URL
from partners.models import Body
from projects import services
from projects.models import ProjectRevision, last_complete_year
from tests.factories import PartnerFactory, ProjectFactory, ProjectResultFactory

pytestmark = pytest.mark.django_db

URL = "/projekte/export.geojson"
YEAR = last_complete_year()


def located(**kwargs):
    kwargs.setdefault("latitude", Decimal("52.131400"))
    kwargs.setdefault("longitude", Decimal("11.640000"))
    return ProjectFactory(**kwargs)


def get_collection(client, query=""):
    cache.clear()  # anonymous public pages are cached
    response = client.get(URL + query)
    assert response.status_code == 200
    return response, json.loads(response.content)


def assert_valid_geojson(data):
    """The parts of RFC 7946 a client relies on (sections 3.1.2, 3.2, 3.3)."""
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list)
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) == {"type", "id", "geometry", "properties"}
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert all(isinstance(v, float) for v in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert isinstance(feature["properties"], dict)
    if data["features"]:
        lons = [f["geometry"]["coordinates"][0] for f in data["features"]]
        lats = [f["geometry"]["coordinates"][1] for f in data["features"]]
        assert data["bbox"] == [min(lons), min(lats), max(lons), max(lats)]


def test_feature_collection_with_longitude_first_and_the_licence(client, published):
    published.latitude, published.longitude = Decimal("52.120500"), Decimal("11.627600")
    published.save()
    ProjectFactory(title="Ohne Standort")  # published, but nowhere on the map
    response, data = get_collection(client)
    assert response["Content-Type"] == "application/geo+json"
    assert response["Link"].startswith(f'<{LICENCE_URL}>; rel="license"')
    assert data["license"]["id"] == "dl-de/by-2-0"
    assert data["license"]["url"] == LICENCE_URL
    assert_valid_geojson(data)
    assert data["count"] == 1
    (feature,) = data["features"]
    assert feature["id"] == published.slug
    # Magdeburg lies at about 52.1 N, 11.6 E: longitude first (RFC 7946 3.1.1).
    assert feature["geometry"]["coordinates"] == [11.6276, 52.1205]


def test_properties_are_the_json_exports_record(client, published, participant_partner):
    published.latitude, published.longitude = Decimal("52.120500"), Decimal("11.627600")
    published.save()
    ProjectResultFactory(project=published, year=2022, achieved_reduction=Decimal("10.5"))
    _response, data = get_collection(client)
    cache.clear()
    record = json.loads(client.get("/projekte/export.json").content)["projects"][0]
    assert data["features"][0]["properties"] == record
    assert record["participating_partners"] == [
        {"slug": participant_partner.slug, "name": participant_partner.name}
    ]


def test_the_lists_filters_apply(client):
    verkehr = located(title="Lastenräder", field_of_action=Body.objects.get(slug="verkehr"))
    done = located(title="Solardach", status="abgeschlossen", end_date="2023-12-31")
    partner = PartnerFactory(name="Elbe Mobil", slug="elbe-mobil", public_listing=True)
    led = located(title="Carsharing", lead_partner=partner)
    old = located(title="Wärmepumpe", start_date="2019-05-01")

    def slugs(query):
        return {f["id"] for f in get_collection(client, query)[1]["features"]}

    assert slugs("?field_of_action=verkehr") == {verkehr.slug}
    assert slugs("?status=abgeschlossen") == {done.slug}
    assert slugs("?partner=elbe-mobil") == {led.slug}
    assert slugs("?start_year=2019") == {old.slug}
    # (a whole word: PostgreSQL's German full-text search does not match prefixes)
    assert slugs("?q=Lastenräder") == {verkehr.slug}
    assert slugs("?credited=ja") == set()
    assert len(slugs("")) == 4
    # The list's page number means nothing here.
    assert len(slugs("?seite=3")) == 4


def test_nothing_unpublished(client):
    located(title="Veröffentlicht")
    for state in ("entwurf", "eingereicht", "zurueckgegeben"):
        located(title=f"Nicht öffentlich {state}", publication=state)
    _response, data = get_collection(client)
    assert [f["properties"]["title"] for f in data["features"]] == ["Veröffentlicht"]


def test_pending_revisions_are_not_published(client, published, lead_contact):
    published.latitude, published.longitude = Decimal("52.120500"), Decimal("11.627600")
    published.start_date = published.start_date.replace(year=YEAR - 2)
    published.expected_reduction = Decimal("70")
    published.save()
    ProjectResultFactory(project=published, year=YEAR, achieved_reduction=Decimal("67.7"))
    services.project_update(
        project=published,
        actor=lead_contact,
        title="Geänderter Titel",
        expected_reduction=Decimal("75"),
        latitude=Decimal("52.200000"),
        longitude=Decimal("11.700000"),
        justification="Neue Messung",
    )
    services.result_set(
        project=published,
        actor=lead_contact,
        year=YEAR,
        achieved_reduction=Decimal("71"),
        justification="Neue Messung",
    )
    assert ProjectRevision.objects.pending().filter(project=published).exists()
    _response, data = get_collection(client)
    (feature,) = data["features"]
    props = feature["properties"]
    assert props["title"] == "Wärmenetz Anschluss"
    assert props["expected_reduction_t_co2e_per_year"] == 70.0
    assert props["results"] == [{"year": YEAR, "achieved_reduction_t_co2e": 67.7}]
    assert feature["geometry"]["coordinates"] == [11.6276, 52.1205]
    assert "Geänderter Titel" not in json.dumps(data, ensure_ascii=False)


def test_partners_without_consent_are_not_named(client):
    hidden = PartnerFactory(name="Geheim GmbH", slug="geheim-gmbh", public_listing=False)
    shown = PartnerFactory(name="Offen eG", slug="offen-eg", public_listing=True)
    lead_hidden = located(title="Verdeckt geführt", lead_partner=hidden)
    lead_shown = located(title="Offen geführt", lead_partner=shown)
    lead_shown.partners.add(hidden, through_defaults={"state": "bestaetigt"})
    lead_hidden.partners.add(shown, through_defaults={"state": "bestaetigt"})
    _response, data = get_collection(client)
    text = json.dumps(data, ensure_ascii=False)
    assert "Geheim GmbH" not in text
    assert "geheim-gmbh" not in text
    by_title = {f["properties"]["title"]: f["properties"] for f in data["features"]}
    assert by_title["Verdeckt geführt"]["lead_partner"]["slug"] is None
    assert by_title["Offen geführt"]["participating_partners"][0]["slug"] is None
    assert by_title["Verdeckt geführt"]["participating_partners"] == [
        {"slug": "offen-eg", "name": "Offen eG"}
    ]


def test_an_invitation_is_no_participation(client):
    invited = PartnerFactory(name="Eingeladen AG", slug="eingeladen", public_listing=True)
    project = located(title="Mit Einladung")
    project.partners.add(invited)  # a bare row is an open invitation
    _response, data = get_collection(client)
    assert data["features"][0]["properties"]["participating_partners"] == []


def test_query_count_is_constant(client, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            project = located()
            project.partners.add(PartnerFactory(), through_defaults={"state": "bestaetigt"})
            ProjectResultFactory(project=project, year=2022)

    add(2)
    cache.clear()
    with django_assert_max_num_queries(8) as few:
        client.get(URL + "?field_of_action=energiesysteme-stromnutzung")
    add(10)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL + "?field_of_action=energiesysteme-stromnutzung")
    assert json.loads(response.content)["count"] == 12


def test_empty_collection_is_valid(client):
    _response, data = get_collection(client, "?status=geplant")
    assert data["features"] == [] and data["count"] == 0
    assert "bbox" not in data
    assert_valid_geojson(data)


def test_post_is_not_allowed(client):
    assert client.post(URL).status_code == 405
