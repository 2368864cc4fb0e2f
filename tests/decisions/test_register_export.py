"""The decision register as open data: the decided proposals the public register shows (never
open or draft ones), with the page's filters, counts and follow-up, cells a spreadsheet could
run neutralised, the licence named, and a query count that does not grow."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from tests.factories import ProposalFactory


def decided(number, title, *, state="angenommen", year=2025, **extra):
    return ProposalFactory(
        title=title,
        number=number,
        state=state,
        decided_at=timezone.make_aware(datetime.datetime(year, 5, 1, 12)),
        consent_count=extra.pop("consent", 5),
        objection_count=extra.pop("objection", 0),
        participant_count=6,
        **extra,
    )


@pytest.fixture
def register(db):
    decided("KA-2025-01", "Gemeinsames Lastenrad-Sharing")
    decided("KA-2025-02", '=HYPERLINK("http://x")', state="nicht_angenommen", objection=1)
    decided("KA-2024-07", "Älterer Beschluss", year=2024)
    ProposalFactory(title="Offener Vorschlag", state="offen")
    ProposalFactory(title="Entwurf im Haus")


def rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_lists_the_decided_proposals_only(client, register):
    response = client.get("/beschluesse/export.csv")
    assert response.status_code == 200
    header, *body = rows(response)
    assert header[:5] == ["Nummer", "Titel", "Gremium", "Verfahren", "Ergebnis"]
    numbers = [row[0] for row in body]
    assert numbers == ["KA-2025-02", "KA-2025-01", "KA-2024-07"]
    text = response.content.decode()
    assert "Offener Vorschlag" not in text and "Entwurf im Haus" not in text
    not_adopted = body[0]
    assert not_adopted[1].startswith("'=")  # neutralised
    assert not_adopted[4].lower() == "nicht angenommen"
    assert not_adopted[9] == "1"


def test_exports_take_the_register_filters(client, register):
    header, *body = rows(client.get("/beschluesse/export.csv", {"year": "2024"}))
    assert [row[0] for row in body] == ["KA-2024-07"]
    data = client.get("/beschluesse/export.json", {"q": "Lastenrad"}).json()
    assert [d["number"] for d in data["decisions"]] == ["KA-2025-01"]
    assert client.get("/beschluesse/export.csv", {"year": "abc"}).status_code == 200


def test_json_has_stable_keys_and_the_licence(client, register):
    response = client.get("/beschluesse/export.json")
    assert 'rel="license"' in response["Link"]
    data = response.json()
    assert data["license"]["id"] == "dl-de/by-2-0"
    first = next(d for d in data["decisions"] if d["number"] == "KA-2025-01")
    assert first["result"] == "angenommen"
    assert first["follow_up"] == "offen"
    assert "/beschluesse/" in first["url"] and first["url"].startswith("http")


def test_the_register_page_links_the_exports_with_its_filters(client, register):
    html = client.get("/beschluesse/", {"year": "2025"}).content.decode()
    assert 'href="/beschluesse/export.csv?year=2025"' in html
    assert 'rel="license"' in html


def test_export_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    for n in range(15):
        decided(f"KA-2025-{n + 10}", f"Beschluss {n}")
    with django_assert_max_num_queries(8):
        assert client.get("/beschluesse/export.csv").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/beschluesse/export.json").status_code == 200
