"""Public list, detail, filters, search, sorting, paging, totals, exports and query counts."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Body
from projects.models import Project
from tests.factories import PartnerFactory, ProjectFactory, ProjectResultFactory

pytestmark = pytest.mark.django_db


def test_list_shows_only_published_projects(client, published, draft):
    response = client.get("/projekte/")
    assert response.status_code == 200
    html = response.content.decode()
    assert published.title in html
    assert draft.title not in html


def test_list_filters_by_field_status_partner_year_and_credited(client, published):
    verkehr = Body.objects.get(slug="verkehr")
    other = ProjectFactory(
        title="Jobräder für alle",
        field_of_action=verkehr,
        status="abgeschlossen",
        start_date="2019-05-01",
        credited=True,
    )
    cases = [
        ("field_of_action=verkehr", other, published),
        ("status=abgeschlossen", other, published),
        (f"partner={published.lead_partner.slug}", published, other),
        ("start_year=2019", other, published),
        ("credited=ja", other, published),
        ("credited=nein", published, other),
    ]
    for query, shown, hidden in cases:
        html = client.get(f"/projekte/?{query}").content.decode()
        assert shown.title in html, query
        assert hidden.title not in html, query


def test_partner_filter_finds_participating_projects_once(client, published, participant_partner):
    response = client.get(f"/projekte/?partner={participant_partner.slug}")
    assert response.context["totals"].projects == 1
    assert [row.pk for row in response.context["page"].object_list] == [published.pk]


def test_search_fallback_and_bad_filter_values_do_not_fail(client, published):
    html = client.get("/projekte/?q=Wärmenetz").content.decode()
    assert published.title in html
    html = client.get("/projekte/?q=gibtesnicht").content.decode()
    assert published.title not in html
    for query in ["start_year=abc", "status=<script>", "partner=unbekannt", "seite=999", "sort=x"]:
        assert client.get(f"/projekte/?{query}").status_code == 200


@pytest.mark.postgres
def test_german_full_text_search_finds_inflected_words(client):
    ProjectFactory(title="Dämmung der Schulgebäude", description="Wir dämmen Dächer.")
    html = client.get("/projekte/?q=Schulgebäude").content.decode()
    assert "Dämmung der Schulgebäude" in html
    html = client.get("/projekte/?q=Dach").content.decode()
    assert "Dämmung der Schulgebäude" in html


def test_sorting(client):
    ProjectFactory(title="B klein", expected_reduction=Decimal("1"), start_date="2020-01-01")
    ProjectFactory(title="A groß", expected_reduction=Decimal("900"), start_date="2018-01-01")
    ProjectFactory(title="C mittel", expected_reduction=Decimal("50"), start_date="2023-01-01")

    def titles(sort):
        return [p.title for p in client.get(f"/projekte/?sort={sort}").context["page"]]

    assert titles("neueste") == ["C mittel", "B klein", "A groß"]
    assert titles("minderung") == ["A groß", "C mittel", "B klein"]
    assert titles("titel") == ["A groß", "B klein", "C mittel"]


def test_totals_count_each_project_once_and_use_last_complete_year(client, published):
    from projects.models import last_complete_year

    published.partners.add(PartnerFactory(), PartnerFactory())
    ProjectResultFactory(project=published, year=last_complete_year(), achieved_reduction=80)
    ProjectResultFactory(project=published, year=2021, achieved_reduction=30)
    ProjectFactory(expected_reduction=Decimal("10"), publication="entwurf")
    totals = client.get("/projekte/").context["totals"]
    assert totals.projects == 1
    assert totals.expected == Decimal("120.5")
    assert totals.achieved == Decimal("80")


def test_paging(client):
    ProjectFactory.create_batch(25)
    response = client.get("/projekte/?sort=titel&seite=2")
    assert len(response.context["page"].object_list) == 5
    assert "Seite 2 von 2" in response.content.decode()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/projekte/?sort=minderung")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_data(client):
    lead = PartnerFactory()
    for i in range(10):
        project = ProjectFactory(lead_partner=lead)
        project.partners.add(PartnerFactory())
        ProjectResultFactory(project=project, year=2022 + i % 2)
    small = _list_queries(client)
    for _i in range(290):
        ProjectFactory(lead_partner=PartnerFactory())
    assert Project.objects.published().count() == 300
    large = _list_queries(client)
    assert small == large, (small, large)
    print(f"list page queries: 10 projects={small}, 300 projects={large}")


def test_detail_shows_results_chart_and_table(client, published, participant_partner):
    ProjectResultFactory(project=published, year=2022, achieved_reduction=Decimal("1234.5"))
    ProjectResultFactory(project=published, year=2023, achieved_reduction=Decimal("99"))
    html = client.get(published.get_absolute_url()).content.decode()
    assert "<svg" in html and "<table>" in html
    assert "1.234,5\u00a0t" in html
    assert participant_partner.name in html
    assert "/arbeitsgruppen/energiesysteme-stromnutzung/" in html


def test_detail_sanitises_markdown(client, lead_partner):
    project = ProjectFactory(
        lead_partner=lead_partner, description="[x](javascript:alert(1)) <b onclick=x>fett</b>"
    )
    html = client.get(project.get_absolute_url()).content.decode()
    assert "javascript:" not in html
    assert "onclick" not in html


def test_unpublished_detail_is_404_for_public(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/projekte/gibt-es-nicht/").status_code == 404


def test_csv_export_honours_filters(client, published):
    ProjectFactory(title="Busflotte", field_of_action=Body.objects.get(slug="verkehr"))
    ProjectResultFactory(project=published, year=2022, achieved_reduction=Decimal("10.5"))
    ProjectFactory(title="Entwurf", publication="entwurf")
    response = client.get("/projekte/export.csv?field_of_action=energiesysteme-stromnutzung")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Kennung", "Titel", "Kurzbeschreibung"]
    assert "Erreichte Minderung 2022 (t CO2e)" in rows[0]
    assert [r[1] for r in rows[1:]] == [published.title]
    assert rows[1][rows[0].index("Erwartete Minderung (t CO2e/Jahr)")] == "120,5"
    assert rows[1][rows[0].index("Erreichte Minderung 2022 (t CO2e)")] == "10,5"


def test_json_export_has_stable_keys_and_honours_filters(client, published, participant_partner):
    ProjectResultFactory(project=published, year=2022, achieved_reduction=Decimal("10.5"))
    ProjectFactory(title="Entwurf", publication="entwurf")
    ProjectFactory(title="Anderer", status="geplant")
    data = json.loads(client.get("/projekte/export.json?status=in_umsetzung").content)
    assert data["count"] == 1
    (item,) = data["projects"]
    assert set(item) == {
        "slug", "title", "summary", "url", "lead_partner", "participating_partners",
        "field_of_action", "status", "start_date", "end_date", "address", "latitude",
        "longitude", "expected_reduction_t_co2e_per_year", "credited", "results",
        "published_at", "updated_at",
    }  # fmt: skip
    assert item["slug"] == published.slug
    assert item["expected_reduction_t_co2e_per_year"] == 120.5
    assert item["participating_partners"] == [
        {"slug": participant_partner.slug, "name": participant_partner.name}
    ]
    assert item["results"] == [{"year": 2022, "achieved_reduction_t_co2e": 10.5}]


@pytest.mark.postgres
def test_the_search_vector_follows_every_write_and_the_search_uses_its_index(client):
    """PostgreSQL's trigger keeps the stored vector current, bulk updates included (no
    save() and no signal runs there), and the list's search is answered from the GIN index."""
    from django.db import connection

    project = ProjectFactory(title="Solardach am Rathaus", description="Module auf dem Dach.")
    assert "Solardach am Rathaus" in client.get("/projekte/?q=Rathaus").content.decode()
    Project.objects.filter(pk=project.pk).update(title="Windrad im Hafen")
    html = client.get("/projekte/?q=Hafen").content.decode()
    assert "Windrad im Hafen" in html
    assert "Windrad im Hafen" not in client.get("/projekte/?q=Rathaus").content.decode()
    queryset = Project.objects.search("Hafen").order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "projects_project_search_gin" in plan
