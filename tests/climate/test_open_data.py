"""The city balance as open data: CSV with the same figures as daten.json, German decimal
commas, neutralised cells, and the licence named in the headers and the JSON."""

import csv
import io
from decimal import Decimal

import pytest

from climate import services


@pytest.fixture
def balance(staff):
    services.emissions_save(
        actor=staff,
        year=2020,
        total_t=Decimal("1500000"),
        population=240_000,
        source='=HYPERLINK("http://x")',
        households_t=Decimal("400000"),
        commerce_t=Decimal("300000"),
        industry_t=Decimal("350000"),
        municipal_t=Decimal("50000"),
        transport_t=Decimal("400000"),
    )
    services.emissions_save(
        actor=staff, year=2022, total_t=Decimal("1400000.4"), population=241_000, source="Amt"
    )
    services.target_path_set(actor=staff, base_year=2020)


def rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_has_one_row_per_year_with_german_numbers(client, balance):
    response = client.get("/klimabilanz/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, first, second = rows(response)
    assert header[:3] == ["Jahr", "Emissionen gesamt (t CO2e)", "Einwohnerinnen und Einwohner"]
    assert first[0] == "2020"
    assert first[1] == "1500000,0"
    assert first[3] == "6,25"
    assert first[7:12] == ["400000,0", "300000,0", "350000,0", "50000,0", "400000,0"]
    assert second[0] == "2022" and second[1] == "1400000,4"
    assert second[7:12] == ["", "", "", "", ""]
    # A source a spreadsheet could run is shown as text.
    assert first[6].startswith("'=")


def test_csv_and_json_name_the_licence(client, balance):
    for url in ("/klimabilanz/export.csv", "/klimabilanz/daten.json"):
        response = client.get(url)
        assert 'rel="license"' in response["Link"]
        assert "https://www.govdata.de/dl-de/by-2-0" in response["Link"]
    data = client.get("/klimabilanz/daten.json").json()
    assert data["license"]["id"] == "dl-de/by-2-0"


def test_the_page_links_both_formats_and_the_licence(client, balance):
    html = client.get("/klimabilanz/").content.decode()
    assert 'href="/klimabilanz/export.csv"' in html
    assert 'rel="license"' in html


def test_csv_of_an_empty_balance_is_just_the_header(client, db):
    assert len(rows(client.get("/klimabilanz/export.csv"))) == 1
