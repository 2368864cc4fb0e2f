"""CSV import of results from activity data (#15.2): a header line names the columns; lines of
one project and year are the lines of one result, computed like the form's; both forms in
one file; German per-line errors, nothing saved while any line is wrong."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import ProjectResult, ResultRevision, last_complete_year
from tests.factories import ProjectFactory
from tests.projects.test_activity_results import add_factor

pytestmark = pytest.mark.django_db

UPLOAD = "/mein-bereich/projekte/ergebnisse/import/"
CONFIRM = "/mein-bereich/projekte/ergebnisse/import/bestaetigen/"
YEAR = last_complete_year()


def upload(client, text: str):
    file = SimpleUploadedFile("ergebnisse.csv", text.encode(), "text/csv")
    return client.post(UPLOAD, {"file": file})


@pytest.fixture
def factors(db):
    return {
        "gas": add_factor("erdgas", "kWh", "0.2470", source="UBA Testquelle", valid_from=YEAR - 2),
        "diesel": add_factor("diesel", "l", "3.1700", source="UBA Diesel", valid_from=YEAR - 2),
    }


@pytest.fixture
def second(lead_partner):
    return ProjectFactory(
        title="Zweites",
        slug="zweites",
        lead_partner=lead_partner,
        publication="entwurf",
        expected_reduction=Decimal("1000"),
    )


def test_the_import_page_documents_both_forms(client, lead_contact):
    client.force_login(lead_contact)
    page = client.get(UPLOAD).content.decode()
    for column in ("projekt", "jahr", "t_co2e", "energietraeger", "menge", "einheit"):
        assert column in page
    assert "datenqualitaet" in page and "Erdgas (erdgas)" in page
    assert "/methodik/" in page


def test_activity_lines_and_t_co2e_rows_in_one_file(
    client, lead_contact, published, second, factors
):
    content = (
        "Projekt;Jahr;Energieträger;Menge;Einheit;Datenqualität;t CO2e;Begründung\n"
        f"waermenetz-anschluss;{YEAR};Erdgas;120.000;kWh;B;;\n"
        f"waermenetz-anschluss;{YEAR};diesel;8.000;Liter;;;\n"
        f"zweites;{YEAR};;;;D;1.234,5;\n"
    )
    client.force_login(lead_contact)
    response = upload(client, content)
    result = response.context["result"]
    assert result.errors == []
    assert [(r.project.slug, r.value, r.data_quality, len(r.lines)) for r in result.rows] == [
        ("waermenetz-anschluss", Decimal("55.0"), "B", 2),
        ("zweites", Decimal("1234.5"), "D", 0),
    ]
    page = re.sub(r"\s+", " ", response.content.decode())
    assert "berechnet aus 120.000 kWh Erdgas × 0,247 kg CO2e/kWh" in page
    assert client.post(CONFIRM).status_code == 302
    # The published project's result waits for review with its lines; the draft's is saved.
    entry = ResultRevision.objects.get(revision__project=published, year=YEAR)
    assert entry.achieved_reduction == Decimal("55.0")
    assert entry.data_quality == "B"
    assert [line.factor for line in entry.lines.order_by("position")] == [
        factors["gas"],
        factors["diesel"],
    ]
    direct = ProjectResult.objects.get(project=second, year=YEAR)
    assert (direct.achieved_reduction, direct.data_quality) == (Decimal("1234.5"), "D")
    assert not direct.lines.exists()


def test_bad_activity_rows_get_german_errors_by_line_and_nothing_is_saved(
    client, lead_contact, second, factors
):
    content = (
        "projekt;jahr;energietraeger;menge;einheit;datenqualitaet;t_co2e\n"
        f"zweites;{YEAR};Erdgas;120.000;l;B;\n"  # 2 unit of another factor
        f"zweites;{YEAR - 1};Kohle;10;kg;B;\n"  # 3 unknown carrier
        f"zweites;{YEAR - 2};Erdgas;viel;kWh;B;\n"  # 4 not a number
        f"zweites;{YEAR - 3};Erdgas;-5;kWh;B;\n"  # 5 negative
        f"zweites;{YEAR - 4};Erdgas;100;Fass;B;\n"  # 6 unknown unit
        f"zweites;2023;Erdgas;100;kWh;E;\n"  # 7 grade
        f"zweites;2022;Erdgas;100;kWh;;12\n"  # 8 both forms
    )
    client.force_login(lead_contact)
    response = upload(client, content)
    errors = dict(response.context["result"].errors)
    assert sorted(errors) == [2, 3, 4, 5, 6, 7, 8]
    assert "kWh" in errors[2] and "nicht in l" in errors[2]
    assert "Energieträger „Kohle“: unbekannt" in errors[3]
    assert "Menge „viel“" in errors[4]
    assert "größer als null" in errors[5]
    assert "Einheit „Fass“" in errors[6]
    assert "A, B, C oder D" in errors[7]
    assert "nicht beides" in errors[8]
    page = response.content.decode()
    assert "Zeile 2" in page and "import/bestaetigen/" not in page
    assert client.post(CONFIRM).status_code == 302
    assert not ProjectResult.objects.exists()


def test_a_year_without_factor_and_a_bad_header(client, lead_contact, second, factors):
    from climate.models import EmissionFactor

    EmissionFactor.objects.filter(carrier="benzin").delete()
    add_factor("benzin", "l", "2.8800", source="UBA Benzin", valid_from=YEAR)
    client.force_login(lead_contact)
    content = (
        "projekt;jahr;energietraeger;menge;einheit;datenqualitaet\n"
        f"zweites;{YEAR - 1};Benzin;100;l;C\n"
        f"zweites;{YEAR};Erdgas;100;kWh;\n"
    )
    errors = dict(upload(client, content).context["result"].errors)
    assert "keinen Emissionsfaktor für Benzin" in errors[2]
    assert "Datenqualität (A bis D)" in errors[3]
    content = "projekt;jahr;energietraeger;menge;farbe\nzweites;2023;Erdgas;100;rot\n"
    errors = upload(client, content).context["result"].errors
    messages = " ".join(message for _line, message in errors)
    assert "Unbekannte Spalte „farbe“" in messages and "einheit" in messages
