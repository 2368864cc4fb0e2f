"""One rounding rule for all figures (issue #13.5): t CO2e with one decimal, rounded half up,
German notation (core/numbers.py). The same total reads the same on the home page, the project
list, the partner profile and in the CSV and JSON exports."""

import csv
import io
import json
from decimal import Decimal

import pytest

from core.numbers import export_tonnes, format_number, format_tonnes, json_tonnes, round_figure
from projects.models import last_complete_year
from tests.factories import PartnerFactory, ProjectFactory, ProjectResultFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "shown", "csv_cell", "json_number"),
    [
        (Decimal("1836.6"), "1.836,6\u00a0t", "1836,6", 1836.6),
        (Decimal("1836.55"), "1.836,6\u00a0t", "1836,6", 1836.6),  # half up
        (Decimal("1836.549"), "1.836,5\u00a0t", "1836,5", 1836.5),
        (Decimal("1836"), "1.836,0\u00a0t", "1836,0", 1836.0),
        (Decimal("0.04"), "0,0\u00a0t", "0,0", 0.0),
        (Decimal("-0.04"), "0,0\u00a0t", "0,0", 0.0),  # no "-0,0"
        (Decimal("1234567.25"), "1.234.567,3\u00a0t", "1234567,3", 1234567.3),
        (None, "–", "", None),
        ("NaN", "–", "", None),
    ],
)
def test_one_rule_for_pages_and_exports(value, shown, csv_cell, json_number):
    assert format_tonnes(value) == shown
    assert export_tonnes(value) == csv_cell
    assert json_tonnes(value) == json_number
    if value is not None and value != "NaN":
        # The exports give the very number the pages show.
        assert format_number(Decimal(csv_cell.replace(",", "."))) + "\u00a0t" == shown
        assert round_figure(value) == Decimal(str(json_number))


@pytest.fixture
def figures():
    """Two published projects of one listed partner whose sums need the decimal: 1.836,6 t
    expected (the home page rounded this to 1.837 t before), 1.000,5 t achieved."""
    partner = PartnerFactory(name="Stadtwerke Rundung", slug="stadtwerke-rundung")
    year = last_complete_year()
    first = ProjectFactory(lead_partner=partner, expected_reduction=Decimal("1000.3"))
    second = ProjectFactory(lead_partner=partner, expected_reduction=Decimal("836.3"))
    ProjectResultFactory(project=first, year=year, achieved_reduction=Decimal("600.2"))
    ProjectResultFactory(project=second, year=year, achieved_reduction=Decimal("400.3"))
    return partner, year


def test_home_list_profile_and_exports_show_the_same_totals(client, figures):
    partner, year = figures
    expected, achieved = "1.836,6\u00a0t", "1.000,5\u00a0t"

    home = client.get("/").content.decode()
    assert expected in home and achieved in home
    assert "1.837" not in home

    listing = client.get("/projekte/").content.decode()
    assert expected in listing and achieved in listing

    profile = client.get(f"/partner/{partner.slug}/")
    assert profile.status_code == 200
    assert expected in profile.content.decode()

    response = client.get("/projekte/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    column = "Erwartete Minderung (t CO2e/Jahr)"
    year_column = f"Erreichte Minderung {year} (t CO2e)"
    assert sorted(row[column] for row in rows) == ["1000,3", "836,3"]

    def total(cells):
        return format_tonnes(sum(Decimal(cell.replace(",", ".")) for cell in cells))

    assert total(row[column] for row in rows) == expected
    assert total(row[year_column] for row in rows) == achieved

    data = json.loads(client.get("/projekte/export.json").content)
    assert (
        format_tonnes(
            sum(Decimal(str(p["expected_reduction_t_co2e_per_year"])) for p in data["projects"])
        )
        == expected
    )
    assert (
        format_tonnes(
            sum(
                Decimal(str(r["achieved_reduction_t_co2e"]))
                for p in data["projects"]
                for r in p["results"]
                if r["year"] == year
            )
        )
        == achieved
    )


def test_one_project_reads_the_same_everywhere(client):
    partner = PartnerFactory(name="Einzelprojekt GmbH", slug="einzelprojekt")
    project = ProjectFactory(lead_partner=partner, expected_reduction=Decimal("1836.6"))
    shown = "1.836,6\u00a0t"
    for url in ("/", "/projekte/", project.get_absolute_url(), f"/partner/{partner.slug}/"):
        assert shown in client.get(url).content.decode(), url
    rows = list(
        csv.reader(
            io.StringIO(client.get("/projekte/export.csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    header, row = rows[0], rows[1]
    assert row[header.index("Erwartete Minderung (t CO2e/Jahr)")] == "1836,6"
    data = json.loads(client.get("/projekte/export.json").content)
    assert data["projects"][0]["expected_reduction_t_co2e_per_year"] == 1836.6
