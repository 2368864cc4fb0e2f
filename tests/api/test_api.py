"""The read API /api/v1/: every endpoint answers with public data only, filters like the
pages, pages, modified_since, German errors, a rate limit and a valid OpenAPI schema."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import SECRETS

LISTS = [
    "api:project-list",
    "api:partner-list",
    "api:body-list",
    "api:meeting-list",
    "api:decision-list",
    "api:news-list",
    "api:city-balance-list",
    "api:emission-factor-list",
]


def get_json(client, url, expect=200, **params):
    response = client.get(url, params)
    assert response.status_code == expect, (url, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def assert_no_secrets(response):
    content = response.content.decode()
    leaked = [secret for secret in SECRETS if secret in content]
    assert not leaked, (response.wsgi_request.get_full_path(), leaked)


@pytest.mark.parametrize("name", LISTS)
def test_every_list_answers_paged_json_without_secrets(client, public_world, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == len(data["results"]) > 0
    assert_no_secrets(response)


def test_root_lists_the_endpoints(client, public_world):
    data = get_json(client, reverse("api:api-root"))
    assert {"projects", "partners", "bodies", "meetings", "decisions", "news"} <= set(data)
    for url in data.values():
        assert client.get(url).status_code == 200


def test_staff_session_sees_only_public_data(client, public_world):
    """The API has no authentication: a logged-in member of staff gets the public data."""
    client.force_login(public_world.staff)
    for name in LISTS:
        assert_no_secrets(client.get(reverse(name)))
    assert (
        client.get(reverse("api:project-detail", args=["entwurf-geheimprojekt"])).status_code == 404
    )


def test_projects_show_approved_values_and_public_names_only(client, public_world):
    data = get_json(client, reverse("api:project-list"))
    slugs = {p["slug"] for p in data["results"]}
    assert slugs == {"solardach-genannt", "waermepumpe-stadtwerke"}
    project = next(p for p in data["results"] if p["slug"] == "solardach-genannt")
    assert project["title"] == "Solardach Genannt"  # not the pending revision's title
    assert [r["year"] for r in project["results"]] == [2022]  # not the pending 2023 result
    assert project["results"][0]["achieved_reduction_t_co2e"] == 80.5
    assert project["achieved_reduction_total_t_co2e"] == 80.5
    assert project["expected_reduction_t_co2e_per_year"] == 120.5
    assert project["lead_partner"] == {"slug": "genannt-energie", "name": "Genannt Energie GmbH"}
    # The confirmed participant without consent: counted, not named.
    assert project["participating_partners"] == [
        {"slug": None, "name": "eine Partnerorganisation (ohne öffentliche Nennung)"}
    ]
    assert project["url"].endswith("/projekte/solardach-genannt/")
    unlisted_lead = next(p for p in data["results"] if p["slug"] == "waermepumpe-stadtwerke")
    assert unlisted_lead["lead_partner"]["slug"] is None


def test_result_quantification_fields_when_the_model_has_them(client, public_world):
    """Activity lines and the data quality grade of a result appear with it (where the
    projects app stores them), with the factor version the line was computed with."""
    from decimal import Decimal

    from api.serializers import RESULT_FIELDS

    if "lines" not in RESULT_FIELDS or "data_quality" not in RESULT_FIELDS:
        pytest.skip("projects.ProjectResult has no quantification fields in this version")
    from climate.models import EmissionFactor

    factor = EmissionFactor.objects.filter(carrier="erdgas").order_by("-version").first()
    result = public_world.result
    result.data_quality = "B"
    result.save()
    result.lines.create(
        position=1,
        carrier="erdgas",
        quantity=Decimal("1000"),
        unit=factor.unit,
        factor=factor,
        kg_co2e=Decimal("1000") * factor.kg_co2e_per_unit,
    )
    data = get_json(client, reverse("api:project-detail", args=["solardach-genannt"]))
    (shown,) = data["results"]
    assert shown["data_quality"] == "B" and shown["data_quality_label"].startswith("B")
    (line,) = shown["activity_lines"]
    assert line["carrier"] == "erdgas" and line["quantity"] == 1000
    assert line["emission_factor_id"] == factor.pk
    assert line["emission_factor_version"] == factor.version
    assert line["t_co2e"] == pytest.approx(float(factor.kg_co2e_per_unit), abs=0.001)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("api:project-detail", "entwurf-geheimprojekt"),
        ("api:partner-detail", "ungenannt-stadtwerke"),
        ("api:partner-detail", "registriert-noch"),
        ("api:meeting-detail", "draft_meeting"),
        ("api:decision-detail", "open_proposal"),
        ("api:decision-detail", "draft_proposal"),
        ("api:news-detail", "draft_post"),
        ("api:meeting-detail", "999999999999999999999"),
        ("api:project-detail", "gibt-es-nicht"),
        ("api:city-balance-detail", "1900"),
        ("api:city-balance-detail", "kein-jahr"),
    ],
)
def test_hidden_objects_are_404_by_id_too(client, public_world, name, key):
    obj = public_world.objects.get(key)
    lookup = key if obj is None else getattr(obj, "slug", None) or obj.pk
    response = client.get(reverse(name, args=[lookup]))
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("api:project-detail", "project"),
        ("api:partner-detail", "listed"),
        ("api:body-detail", "working_group"),
        ("api:meeting-detail", "meeting"),
        ("api:decision-detail", "decision"),
        ("api:news-detail", "post"),
    ],
)
def test_public_objects_by_id(client, public_world, name, key):
    obj = public_world.objects[key]
    response = client.get(reverse(name, args=[getattr(obj, "slug", None) or obj.pk]))
    assert response.status_code == 200
    assert_no_secrets(response)
    web = response.json()["url"]
    assert client.get(web).status_code == 200


def test_partners_are_the_directory(client, public_world):
    data = get_json(client, reverse("api:partner-list"))
    assert [p["slug"] for p in data["results"]] == ["genannt-energie"]
    assert data["results"][0]["joined_on"] == "2020-01-01"


def test_meetings_are_public_with_public_documents_only(client, public_world):
    data = get_json(client, reverse("api:meeting-list"))
    titles = {m["title"] for m in data["results"]}
    assert titles == {"Allianzversammlung Herbst", "Sitzung Energie"}
    meeting = next(m for m in data["results"] if m["title"] == "Allianzversammlung Herbst")
    assert [d["title"] for d in meeting["documents"]] == ["Öffentliche Folien"]
    assert meeting["agenda"] == [
        {"position": 1, "title": "Gemeinsamer Schritt", "description": "", "duration_minutes": None}
    ]
    assert client.get(meeting["documents"][0]["url"]).status_code == 200
    assert "online_link" not in meeting and "minutes" not in meeting


def test_decisions_are_the_register(client, public_world):
    data = get_json(client, reverse("api:decision-list"))
    assert [d["number"] for d in data["results"]] == ["KA-2026-02", "KA-2026-01"]
    decided = data["results"][1]
    assert decided["meeting_id"] == public_world.meeting.pk
    assert decided["state"] == "angenommen" and decided["consent_count"] == 3
    assert "result_summary" not in decided
    failed = data["results"][0]
    assert failed["objection_reasons"] == ["Zu früh für diesen Schritt."]


def test_news_city_balance_and_factors(client, public_world):
    news = get_json(client, reverse("api:news-list"))
    assert [p["title"] for p in news["results"]] == ["Neue Partner"]
    balance = get_json(client, reverse("api:city-balance-list"))["results"]
    assert balance[0]["year"] == 2022 and balance[0]["per_capita_t_co2e"] == 6.25
    assert get_json(client, reverse("api:city-balance-detail", args=[2022]))["population"] == 240000
    factors = get_json(client, reverse("api:emission-factor-list"), page_size=100)["results"]
    assert factors and {"carrier", "version", "kg_co2e_per_unit", "confirmed"} <= set(factors[0])
    assert "confirmed_by" not in factors[0]


# Filters ------------------------------------------------------------------------------------


def test_project_filters_are_the_pages_filters(client, public_world):
    url = reverse("api:project-list")
    by_partner = get_json(client, url, partner="genannt-energie")["results"]
    assert [p["slug"] for p in by_partner] == ["solardach-genannt"]
    assert get_json(client, url, q="Solardach")["count"] == 1
    assert get_json(client, url, status="geplant")["count"] == 0
    assert get_json(client, url, start_year=2021)["count"] == 2
    assert get_json(client, url, field_of_action="energiesysteme-stromnutzung")["count"] == 2
    # An unlisted partner cannot be chosen as a filter (it would name it).
    errors = get_json(client, url, expect=400, partner="ungenannt-stadtwerke")
    assert "partner" in errors


def test_other_filters(client, public_world):
    assert get_json(client, reverse("api:partner-list"), q="Genannt")["count"] == 1
    assert get_json(client, reverse("api:body-list"), kind="plenum")["count"] == 1
    meetings = get_json(client, reverse("api:meeting-list"), body="energiesysteme-stromnutzung")
    assert [m["title"] for m in meetings["results"]] == ["Sitzung Energie"]
    decisions = get_json(client, reverse("api:decision-list"), q="Umlauf")
    assert [d["number"] for d in decisions["results"]] == ["KA-2026-02"]
    factors = get_json(client, reverse("api:emission-factor-list"), carrier="erdgas")
    assert {f["carrier"] for f in factors["results"]} == {"erdgas"}


def test_pagination(client, public_world):
    url = reverse("api:emission-factor-list")
    first = get_json(client, url, page_size=2)
    assert len(first["results"]) == 2 and first["next"] and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["previous"] and {f["id"] for f in second["results"]}.isdisjoint(
        {f["id"] for f in first["results"]}
    )
    assert client.get(url, {"page": 999}).status_code == 404
    assert client.get(url, {"page": "x"}).status_code == 404
    assert len(get_json(client, url, page_size=100000)["results"]) <= 100


@pytest.mark.parametrize("name", [n for n in LISTS if n != "api:body-list"])
def test_modified_since(client, public_world, name):
    url = reverse(name)
    everything = get_json(client, url)["count"]
    assert get_json(client, url, modified_since="2000-01-01")["count"] == everything
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert get_json(client, url, modified_since=future)["count"] == 0
    assert get_json(client, url, modified_since="2000-01-01T00:00:00Z")["count"] == everything


def test_modified_since_counts_an_approved_result(client, public_world):
    url = reverse("api:project-list")
    cut = timezone.now()
    assert get_json(client, url, modified_since=cut.isoformat())["count"] == 0
    public_world.result.note = "Nachgetragen"
    public_world.result.save()
    changed = get_json(client, url, modified_since=cut.isoformat())["results"]
    assert [p["slug"] for p in changed] == ["solardach-genannt"]


@pytest.mark.parametrize(
    "value",
    [
        "gestern",
        "2026-13-01",
        "2026-02-30T10:00",
        "0000-01-01",
        "9999-12-31T23:59+14:00",
        "\x00",
        "1" * 100,
    ],
)
def test_bad_modified_since_is_a_german_400(client, public_world, value):
    response = client.get(reverse("api:project-list"), {"modified_since": value})
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["modified_since"][0]
    assert "Bitte" in response.json()["modified_since"][0]


def test_constant_queries(client, public_world, django_assert_max_num_queries):
    from tests.factories import ProjectFactory, ProjectResultFactory

    for _n in range(5):
        ProjectResultFactory(project=ProjectFactory(lead_partner=public_world.listed), year=2022)
    for name in LISTS:
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200


# Rate limit and schema -----------------------------------------------------------------------


def test_throttling(client, public_world, settings):
    settings.API_RATE_LIMIT = "3/min"
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse("api:body-list")
    statuses = [client.get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(url)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Anfrage" in response.json()["detail"]
    # Another address has its own limit.
    assert client.get(url, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_schema_is_valid_openapi(client, public_world):
    from drf_spectacular.validation import validate_schema

    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/projects/" in schema["paths"]
    assert schema["info"]["license"]["name"].startswith("Datenlizenz Deutschland")
    yaml = client.get(reverse("api:schema"))
    assert yaml.status_code == 200 and b"openapi:" in yaml.content


def test_docs_are_served_from_own_static_files(client, public_world):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html and "<style" not in html and "cdn" not in html.lower()
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    from django.contrib.staticfiles import finders

    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name
    assert finders.find("api/docs.css")


def test_decisions_carry_their_public_follow_up(client, public_world):
    from decisions.models import DecisionTask
    from tests.factories import ActionItemFactory

    decision = public_world.decision
    named = ActionItemFactory(
        meeting=public_world.meeting,
        title="Konzept vorlegen",
        status="in_arbeit",
        responsible_partner=public_world.unlisted,
    )
    hidden = ActionItemFactory(
        meeting=public_world.meeting, title="Geheime Vorbesprechung Aufgabe", is_public=False
    )
    for item in (named, hidden):
        DecisionTask.objects.create(proposal=decision, action_item=item)
    data = get_json(client, reverse("api:decision-detail", args=[decision.pk]))
    assert data["follow_up"]["key"] == "in_umsetzung"
    assert [task["title"] for task in data["tasks"]] == ["Konzept vorlegen"]
    assert data["tasks"][0]["responsible"] == "eine Partnerorganisation (ohne öffentliche Nennung)"
    written = get_json(
        client, reverse("api:decision-detail", args=[public_world.written_decision.pk])
    )
    assert written["follow_up"] is None and written["tasks"] == []
