"""The alliance's contribution on the city balance (issue #15.4): the distance to the 2050 goal,
the position against the path in words, the shares of the approved achieved reductions, the
JSON, the home page's key figure and its target-path badge."""

from decimal import Decimal

import pytest
from django.utils import timezone

from climate import selectors, services
from partners.models import Body
from tests.factories import ProjectFactory, ProjectResultFactory


def add(staff, year, total, population=200_000):
    return services.emissions_save(
        actor=staff, year=year, total_t=Decimal(total), population=population, source="Bilanz"
    )


@pytest.fixture
def balance(staff):
    # 10 t per inhabitant in the base year 2010: the path allows 8.30 t in 2020, 8.13 t in
    # 2021, 7.96 t in 2022 and 7.79 t in 2023.
    add(staff, 2010, "2000000")
    add(staff, 2020, "1000000")  # 5.00 t: 3.30 t ahead
    add(staff, 2021, "1800000")  # 9.00 t: 0.87 t behind
    add(staff, 2022, "1596000")  # 7.98 t: 0.02 t off, on the path
    add(staff, 2023, "600000")  # 3.00 t: below 3.2 t, the goal is reached
    services.target_path_set(actor=staff, base_year=2010)


@pytest.fixture
def results(db):
    energy = ProjectFactory()
    traffic = ProjectFactory(field_of_action=Body.objects.get(slug="verkehr"))
    ProjectResultFactory(project=energy, year=2020, achieved_reduction=Decimal("36000"))
    ProjectResultFactory(project=traffic, year=2020, achieved_reduction=Decimal("18000"))
    ProjectResultFactory(project=energy, year=2023, achieved_reduction=Decimal("100"))
    # A draft project's result is not the alliance's approved reduction.
    draft = ProjectFactory(publication="entwurf")
    ProjectResultFactory(project=draft, year=2020, achieved_reduction=Decimal("99999"))


def by_year():
    return {item.year: item for item in selectors.contributions(selectors.city_balance())}


def test_distance_is_emissions_minus_the_goal_at_the_years_population(balance):
    item = by_year()[2020]
    assert item.goal_t == Decimal("640000.0")  # 3.2 t × 200,000
    assert item.distance == Decimal("360000.0")
    assert not item.goal_reached


def test_position_in_words(balance):
    years = by_year()
    assert years[2020].position == "ahead"
    assert years[2020].position_text == "3,30\xa0t je Einwohner unter dem Zielpfad (vor dem Pfad)"
    assert years[2021].position == "behind"
    assert years[2021].position_text == "0,87\xa0t je Einwohner über dem Zielpfad (hinter dem Pfad)"
    assert years[2022].position == "on"
    assert years[2022].position_text.startswith("auf dem Zielpfad (höchstens 0,05\xa0t")


def test_the_tolerance_of_on_the_path():
    assert selectors.position_of(Decimal("7.14"), Decimal("7.09")) == "on"
    assert selectors.position_of(Decimal("7.15"), Decimal("7.09")) == "behind"
    assert selectors.position_of(Decimal("6.17"), Decimal("7.09")) == "ahead"
    assert selectors.position_of(Decimal("6.17"), None) is None


def test_shares_of_the_distance_in_total_and_by_field_of_action(balance, results):
    item = by_year()[2020]
    assert item.achieved == Decimal("54000")  # the draft project's result does not count
    assert item.share == Decimal("15.0")
    assert item.share_text == "15,0\xa0%"
    shares = {field.name: field.share for field in item.fields}
    assert shares == {"Energiesysteme / Stromnutzung": Decimal("10.0"), "Verkehr": Decimal("5.0")}


def test_a_year_without_results_has_no_contribution(balance, results):
    item = by_year()[2021]
    assert item.achieved == 0 and item.share == Decimal("0.0") and item.fields == []


def test_goal_reached_divides_by_nothing(balance, results):
    item = by_year()[2023]
    assert item.distance < 0 and item.goal_reached
    assert item.share is None and item.share_text == "–"
    assert [field.share for field in item.fields] == [None]


def test_exactly_at_the_goal_is_reached(staff):
    add(staff, 2019, "640000")
    item = by_year()[2019]
    assert item.distance == 0 and item.goal_reached and item.share is None


def test_only_complete_years(staff, results):
    this_year = timezone.localdate().year
    add(staff, this_year, "1000000")
    add(staff, this_year - 1, "1000000")
    assert list(by_year()) == [this_year - 1]


def test_json_gives_the_contribution_per_year(client, balance, results, staff):
    this_year = timezone.localdate().year
    add(staff, this_year, "1000000")
    data = client.get("/klimabilanz/daten.json").json()
    assert "Bundesstrommix" in data["contribution_note"]
    years = {row["year"]: row for row in data["years"]}
    assert years[this_year]["contribution"] is None  # not complete yet
    assert years[2020]["contribution"] == {
        "goal_t": 640000.0,
        "distance_t": 360000.0,
        "goal_reached": False,
        "position": "ahead",
        "distance_to_path_per_capita": 3.3,
        "achieved_t": 54000.0,
        "share_percent": 15.0,
        "fields_of_action": [
            {"name": "Energiesysteme / Stromnutzung", "achieved_t": 36000.0, "share_percent": 10.0},
            {"name": "Verkehr", "achieved_t": 18000.0, "share_percent": 5.0},
        ],
    }
    reached = years[2023]["contribution"]
    assert reached["goal_reached"] is True and reached["share_percent"] is None
    assert reached["fields_of_action"][0]["share_percent"] is None
    assert years[2022]["contribution"]["position"] == "on"
    assert years[2021]["contribution"]["position"] == "behind"


def test_the_balance_page_shows_the_table_and_the_explanation(client, balance, results):
    html = client.get("/klimabilanz/").content.decode()
    assert 'id="contribution-heading"' in html
    assert "360.000,0\xa0t" in html and "54.000,0\xa0t" in html and "15,0\xa0%" in html
    assert "Verkehr: 18.000,0\xa0t (5,0\xa0%)" in html
    assert "3,30\xa0t je Einwohner unter dem Zielpfad (vor dem Pfad)" in html
    assert "0,87\xa0t je Einwohner über dem Zielpfad (hinter dem Pfad)" in html
    assert "Ziel erreicht" in html
    assert "Bundesstrommix" in html and "nicht Teil der Stadtbilanz" in html


def test_balance_page_queries_do_not_grow_with_the_results(
    client, balance, results, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        client.get("/klimabilanz/")
    for year in (2020, 2021, 2022):
        ProjectResultFactory(project=ProjectFactory(), year=year)
    with django_assert_max_num_queries(14):
        client.get("/klimabilanz/")


def test_home_figure_gives_the_latest_complete_years_share(client, staff, results):
    add(staff, 2010, "2000000")
    add(staff, 2020, "1000000")
    services.target_path_set(actor=staff, base_year=2010)
    html = client.get("/").content.decode()
    assert "15,0\xa0%" in html and "Beitrag der Allianz" in html
    assert "(54.000,0\xa0t\xa0CO2e)" in html and "(360.000,0\xa0t\xa0CO2e)" in html


def test_home_figure_when_the_goal_is_reached(client, staff, results):
    add(staff, 2023, "600000")
    html = client.get("/").content.decode()
    assert "Ziel erreicht" in html and "kein Abstand zum Ziel 2050" in html


def test_no_home_figure_without_a_complete_year(client, db):
    assert "Beitrag der Allianz" not in client.get("/").content.decode()


def test_home_badge_says_ahead_of_the_path_not_on_it(client, staff):
    # 8.00 t in 2010: the path allows 8 − 4.8 × 5/40 = 7.40 t in 2015.
    add(staff, 2010, "1600000")
    add(staff, 2015, "1234000")  # 6.17 t
    services.target_path_set(actor=staff, base_year=2010)
    html = client.get("/").content.decode()
    assert "6,17\xa0t\xa0CO2e je Einwohner, der Zielpfad sah 7,40\xa0t\xa0CO2e vor" in html
    assert "1,23\xa0t je Einwohner unter dem Zielpfad (vor dem Pfad)" in html
    assert "auf dem Zielpfad (7" not in html


def test_home_badge_behind_and_on_the_path(client, staff):
    add(staff, 2010, "1600000")
    add(staff, 2015, "1600000")  # 8.00 t against 7.40 t
    services.target_path_set(actor=staff, base_year=2010)
    assert "0,60\xa0t je Einwohner über dem Zielpfad (hinter dem Pfad)" in (
        client.get("/").content.decode()
    )
    add(staff, 2016, "1474000")  # 7.37 t against 7.28 t: 0.09 t, still behind
    add(staff, 2017, "1436000")  # 7.18 t against 7.16 t: on the path
    assert "auf dem Zielpfad (höchstens 0,05\xa0t je Einwohner davon entfernt)" in (
        client.get("/").content.decode()
    )
