"""The site search finds what citizens type: partners' names find their projects (only where
the name may be shown), German words in either spelling, decision numbers as written; each
result shows the text around the match."""

import pytest
from django.utils import timezone

from tests.factories import PartnerFactory, ProjectFactory, ProposalFactory


def search(client, query, typ=None):
    params = {"q": query, **({"typ": typ} if typ else {})}
    response = client.get("/suche/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_listed_partner_name_finds_its_projects(client, db):
    ProjectFactory(
        title="Dachflächen-Photovoltaik",
        lead_partner=PartnerFactory(name="Elbstrom GmbH", public_listing=True),
    )
    html = search(client, "Elbstrom", typ="projekte")
    assert "Dachflächen-Photovoltaik" in html


def test_an_unlisted_partner_name_finds_nothing_of_it(client, db):
    ProjectFactory(
        title="Geheimes Wärmeprojekt",
        lead_partner=PartnerFactory(name="Stillwerk AG", public_listing=False),
    )
    assert "Geheimes Wärmeprojekt" not in search(client, "Stillwerk")


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("waerme", "Wärmepumpen im Quartier"),
        ("WAERMEPUMPEN", "Wärmepumpen im Quartier"),
        ("Strasse", "Grüne Straßenbahn"),
        ("straßenbahn", "Grüne Strassenbahn-Haltestellen"),
        ("gruen", "Grüne Straßenbahn"),
        ("Ökostrom", "Oekostrom für alle"),
    ],
)
def test_german_words_are_found_in_either_spelling(client, db, query, title):
    ProjectFactory(title=title, summary="Kurz.", description="Text.")
    assert title in search(client, query, typ="projekte")


def test_decision_numbers_are_found_as_written(client, db):
    decided = {"state": "angenommen", "decided_at": timezone.now()}
    ProposalFactory(title="Gemeinsames Lastenrad-Sharing", number="KA-2025-03", **decided)
    ProposalFactory(title="Anderer Beschluss", number="KA-2025-04", **decided)
    html = search(client, "KA-2025-03")
    assert "Gemeinsames Lastenrad-Sharing" in html
    assert "Anderer Beschluss" not in html


def test_results_show_the_marked_text_around_the_match(client, db):
    ProjectFactory(
        title="Quartier Nord",
        summary="Kurz.",
        description=(
            "Ein langer Einleitungstext über das Quartier. " * 5
            + "Hier entsteht ein **Nahwärmenetz** mit <b>Biogas</b> & Solarthermie."
        ),
    )
    html = search(client, "nahwaerme", typ="projekte")
    assert "<mark>Nahwärme</mark>netz" in html
    assert "<b>" not in html.split('class="search-snippet"', 1)[1].split("</p>", 1)[0]
    assert "Biogas &amp; Solarthermie" in html
    assert "… " in html


def test_search_page_query_count_does_not_grow_with_results(
    client, db, django_assert_max_num_queries
):
    for n in range(12):
        ProjectFactory(title=f"Solarpark {n}", lead_partner=PartnerFactory(public_listing=True))
    with django_assert_max_num_queries(20):
        html = search(client, "Solarpark")
    assert "Solarpark 11" in html
