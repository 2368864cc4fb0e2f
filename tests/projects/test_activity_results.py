"""Results from activity data (#15.2): quantities saved per energy carrier × the emission
factor valid in the result's year, one rounding rule, the factor versions stored with the
lines and frozen once the result is approved; shown as "berechnet aus …" with the grade."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from climate.models import EmissionFactor
from climate.selectors import factor_for
from climate.services import emission_factor_add_version
from partners import services as partner_services
from projects import services
from projects.activity import LineInput, compute
from projects.models import ProjectResult, ResultRevision, last_complete_year
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

YEAR = last_complete_year()
GAS = LineInput("erdgas", Decimal("120000"), "kWh")
DIESEL = LineInput("diesel", Decimal("8000"), "l")


def add_factor(carrier, unit, value, *, source, source_year=2024, valid_from, valid_until=None):
    return emission_factor_add_version(
        actor=None,
        carrier=carrier,
        unit=unit,
        kg_co2e_per_unit=Decimal(value),
        source=source,
        source_year=source_year,
        valid_from=valid_from,
        valid_until=valid_until,
    )


@pytest.fixture
def factors(db):
    """Natural gas: an older version up to YEAR-3, the current one (0,247 kg/kWh) from
    YEAR-2; diesel 3,17 kg/l and electricity 0,5 kg/kWh from YEAR-2."""
    return {
        "gas_old": add_factor(
            "erdgas",
            "kWh",
            "0.2000",
            source="Altquelle",
            source_year=2015,
            valid_from=1990,
            valid_until=YEAR - 3,
        ),
        "gas": add_factor("erdgas", "kWh", "0.2470", source="UBA Testquelle", valid_from=YEAR - 2),
        "diesel": add_factor("diesel", "l", "3.1700", source="UBA Diesel", valid_from=YEAR - 2),
        "power": add_factor("strom", "kWh", "0.5000", source="UBA Strom", valid_from=YEAR - 2),
    }


def line_data(*lines, total=3):
    """The form's POST data of the activity lines (management form included)."""
    data = {"lines-TOTAL_FORMS": str(total), "lines-INITIAL_FORMS": "0"}
    for index in range(total):
        carrier, quantity, unit = lines[index] if index < len(lines) else ("", "", "")
        data.update(
            {
                f"lines-{index}-carrier": carrier,
                f"lines-{index}-quantity": quantity,
                f"lines-{index}-unit": unit,
            }
        )
    return data


def result_url(project, year=None):
    base = f"/mein-bereich/projekte/{project.slug}/ergebnisse/"
    return base + (f"{year}/" if year else "neu/")


# --- computation ------------------------------------------------------------------------------


def test_several_lines_are_computed_with_the_factor_valid_in_the_year(draft, lead_contact, factors):
    result = services.result_set(
        project=draft, actor=lead_contact, year=YEAR, lines=[GAS, DIESEL], data_quality="B"
    )
    # 120.000 kWh × 0,247 = 29.640 kg; 8.000 l × 3,17 = 25.360 kg; together 55,0 t
    assert result.achieved_reduction == Decimal("55.0")
    assert result.data_quality == "B"
    lines = list(result.lines.order_by("position"))
    assert [(line.carrier, line.quantity, line.unit) for line in lines] == [
        ("erdgas", Decimal("120000.000"), "kWh"),
        ("diesel", Decimal("8000.000"), "l"),
    ]
    assert [line.factor for line in lines] == [factors["gas"], factors["diesel"]]
    assert [line.kg_co2e for line in lines] == [Decimal("29640"), Decimal("25360")]


def test_an_earlier_year_uses_the_version_valid_then(draft, lead_contact, factors):
    result = services.result_set(
        project=draft, actor=lead_contact, year=YEAR - 3, lines=[GAS], data_quality="A"
    )
    assert result.lines.get().factor == factors["gas_old"]
    assert result.achieved_reduction == Decimal("24.0")  # 120.000 kWh × 0,2 kg


def test_the_exact_sum_is_rounded_once_half_up(factors):
    power = "strom"
    # 80 kWh × 0,5 kg = 0,04 t per line: each alone would round to 0,0 t, the sum is 0,08 t.
    two = compute([LineInput(power, Decimal("80"), "kWh")] * 2, YEAR)
    assert two.exact_t == Decimal("0.08")
    assert two.total_t == Decimal("0.1")
    assert compute([LineInput(power, Decimal("100"), "kWh")], YEAR).total_t == Decimal("0.1")
    assert compute([LineInput(power, Decimal("90"), "kWh")], YEAR).total_t == Decimal("0.0")
    # three decimal places of a quantity are exact
    odd = compute([LineInput("erdgas", Decimal("1234.567"), "kWh")], YEAR)
    assert odd.lines[0].kg_co2e == Decimal("1234.567") * Decimal("0.2470")
    assert odd.total_t == Decimal("0.3")


def test_a_unit_other_than_the_factors_is_refused(draft, lead_contact, factors):
    with translation.override("de"), pytest.raises(ValidationError) as caught:
        services.result_set(
            project=draft,
            actor=lead_contact,
            year=YEAR,
            lines=[GAS, LineInput("erdgas", Decimal("500"), "l")],
            data_quality="B",
        )
    message = " ".join(caught.value.message_dict["lines"])
    assert "Zeile 2" in message and "kWh" in message and "Erdgas" in message
    assert not ProjectResult.objects.filter(project=draft).exists()


def test_a_year_without_factor_gets_a_clear_error(draft, lead_contact, factors):
    EmissionFactor.objects.filter(carrier="benzin").delete()
    add_factor("benzin", "l", "2.8800", source="UBA Benzin", valid_from=YEAR)
    assert factor_for("benzin", YEAR - 1) is None
    with translation.override("de"), pytest.raises(ValidationError) as caught:
        services.result_set(
            project=draft,
            actor=lead_contact,
            year=YEAR - 1,
            lines=[LineInput("benzin", Decimal("100"), "l")],
            data_quality="C",
        )
    message = " ".join(caught.value.message_dict["lines"])
    assert f"keinen Emissionsfaktor für Benzin, der {YEAR - 1} gilt" in message
    assert "direkt" in message  # says what to do instead


def test_activity_data_needs_a_grade_and_excludes_a_direct_value(draft, lead_contact, factors):
    with pytest.raises(ValidationError) as caught:
        services.result_set(project=draft, actor=lead_contact, year=YEAR, lines=[GAS])
    assert "data_quality" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.result_set(
            project=draft,
            actor=lead_contact,
            year=YEAR,
            lines=[GAS],
            data_quality="B",
            achieved_reduction=Decimal("3"),
        )
    assert "achieved_reduction" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.result_set(project=draft, actor=lead_contact, year=YEAR)


def test_direct_entry_stays_possible_and_clears_lines(draft, lead_contact, factors):
    services.result_set(project=draft, actor=lead_contact, year=YEAR, lines=[GAS], data_quality="B")
    result = services.result_set(
        project=draft,
        actor=lead_contact,
        year=YEAR,
        achieved_reduction=Decimal("31.5"),
        note="Zählerabgleich laut Gutachten",
    )
    assert result.achieved_reduction == Decimal("31.5")
    assert not result.lines.exists()
    assert result.data_quality == "B"  # kept unless changed


def test_plausibility_applies_to_the_computed_value(published, lead_contact, factors):
    # 2.000.000 kWh × 0,247 = 494 t, more than three times the expected 120,5 t
    huge = [LineInput("erdgas", Decimal("2000000"), "kWh")]
    with pytest.raises(ValidationError) as caught:
        services.result_set(
            project=published, actor=lead_contact, year=YEAR, lines=huge, data_quality="B"
        )
    assert "justification" in caught.value.message_dict
    entry = services.result_set(
        project=published,
        actor=lead_contact,
        year=YEAR,
        lines=huge,
        data_quality="B",
        justification="Zweites Heizwerk umgestellt",
    )
    assert entry.achieved_reduction == Decimal("494.0")
    assert [flag["code"] for flag in entry.flags] == ["above_expected"]


# --- frozen after approval --------------------------------------------------------------------


def test_an_approved_result_keeps_its_value_and_factor_across_a_new_version(
    published, lead_contact, staff_user, factors
):
    entry = services.result_set(
        project=published, actor=lead_contact, year=YEAR, lines=[GAS], data_quality="B"
    )
    assert isinstance(entry, ResultRevision)
    assert entry.lines.get().factor == factors["gas"]
    assert not ProjectResult.objects.filter(project=published).exists()  # pending only
    services.revision_approve(revision=entry.revision, actor=staff_user, notify=False)
    result = ProjectResult.objects.get(project=published, year=YEAR)
    assert result.achieved_reduction == Decimal("29.6")
    assert result.data_quality == "B"

    newer = add_factor("erdgas", "kWh", "0.3000", source="UBA neu", valid_from=YEAR - 2)
    assert factor_for("erdgas", YEAR) == newer
    result.refresh_from_db()
    assert result.achieved_reduction == Decimal("29.6")
    assert result.lines.get().factor == factors["gas"]

    # A change of the note only: the unchanged activity data keeps its factor version.
    entry = services.result_update(result=result, actor=lead_contact, note="Neue Notiz")
    assert entry.lines.get().factor == factors["gas"]
    assert entry.achieved_reduction == Decimal("29.6")
    services.revision_approve(revision=entry.revision, actor=staff_user, notify=False)
    result.refresh_from_db()
    assert (result.note, result.achieved_reduction) == ("Neue Notiz", Decimal("29.6"))
    assert result.lines.get().factor == factors["gas"]

    # The same activity data entered again through the form keeps it too.
    factors_before = list(result.lines.values_list("factor_id", flat=True))
    entry = services.result_set(
        project=published,
        actor=lead_contact,
        year=YEAR,
        lines=[LineInput("erdgas", Decimal("120000.000"), "kWh")],
        data_quality="B",
    )
    assert list(entry.lines.values_list("factor_id", flat=True)) == factors_before

    # Other activity data is computed with the version valid now, and reviewed again.
    entry = services.result_set(
        project=published,
        actor=lead_contact,
        year=YEAR,
        lines=[LineInput("erdgas", Decimal("100000"), "kWh")],
        data_quality="A",
    )
    assert entry.lines.get().factor == newer
    assert entry.achieved_reduction == Decimal("30.0")
    result.refresh_from_db()
    assert result.achieved_reduction == Decimal("29.6")  # the approved value until approval


def test_the_revision_shows_old_and_new_with_their_lines(
    client, published, lead_contact, staff_user, factors
):
    entry = services.result_set(
        project=published, actor=lead_contact, year=YEAR, lines=[GAS], data_quality="B"
    )
    services.revision_approve(revision=entry.revision, actor=staff_user, notify=False)
    services.result_set(
        project=published,
        actor=lead_contact,
        year=YEAR,
        lines=[GAS, DIESEL],
        data_quality="B",
        justification="Fuhrpark dazu",
    )
    client.force_login(staff_user)
    page = client.get(f"/stabsstelle/projekte/{published.slug}/aenderung/").content.decode()
    assert page.count("berechnet aus 120.000 kWh Erdgas × 0,247 kg CO2e/kWh") == 2
    assert "8.000 l Diesel × 3,17 kg CO2e/l" in page
    assert "29,6" in page and "55,0" in page
    # the partner's own page shows the pending change the same way
    client.force_login(lead_contact)
    page = client.get(f"/mein-bereich/projekte/{published.slug}/").content.decode()
    assert "8.000 l Diesel × 3,17 kg CO2e/l" in page


# --- pages ------------------------------------------------------------------------------------


def test_the_public_page_shows_what_a_result_is_computed_from(
    client, published, staff_user, factors, django_assert_max_num_queries
):
    # Staff edit published figures directly (they are the reviewers).
    services.result_set(
        project=published, actor=staff_user, year=YEAR, lines=[GAS, DIESEL], data_quality="B"
    )
    cache.clear()
    page = client.get(published.get_absolute_url()).content.decode()
    basis = re.sub(r"\s+", " ", page)
    assert "berechnet aus 120.000 kWh Erdgas × 0,247 kg CO2e/kWh (Faktor 2024, Version" in basis
    assert "Quelle: UBA Testquelle" in basis
    assert "8.000 l Diesel × 3,17 kg CO2e/l" in basis
    assert "Datenqualität B (aus Messwerten berechnet)" in basis
    assert "55,0" in basis
    # constant queries: more computed results do not add queries
    cache.clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(published.get_absolute_url())
    for year in (YEAR - 1, YEAR - 2):
        services.result_set(
            project=published, actor=staff_user, year=year, lines=[GAS, DIESEL], data_quality="C"
        )
    cache.clear()
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(published.get_absolute_url())


def test_a_direct_value_shows_its_grade_only(client, published, staff_user, factors):
    services.result_set(
        project=published,
        actor=staff_user,
        year=YEAR,
        achieved_reduction=Decimal("40"),
        data_quality="D",
        note="Überschlag",
    )
    cache.clear()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Datenqualität D (grobe Schätzung)" in page
    assert "berechnet aus" not in page


# --- the form ---------------------------------------------------------------------------------


def test_a_partner_enters_activity_lines_in_german_notation(client, draft, lead_contact, factors):
    client.force_login(lead_contact)
    data = {
        "year": str(YEAR),
        "data_quality": "B",
        "note": "Gasrechnung",
        **line_data(("erdgas", "120.000", "kWh"), ("diesel", "8.000", "l")),
    }
    response = client.post(result_url(draft), data, follow=True)
    assert response.status_code == 200
    page = re.sub(r"\s+", " ", response.content.decode())
    result = ProjectResult.objects.get(project=draft, year=YEAR)
    assert result.achieved_reduction == Decimal("55.0")
    assert "55,0 t CO2e, berechnet aus 120.000 kWh Erdgas × 0,247 kg CO2e/kWh" in page
    assert "Quelle: UBA Testquelle" in page

    # The edit form shows the lines, not a typed value; saving unchanged keeps everything.
    form = client.get(result_url(draft, YEAR)).content.decode()
    assert 'value="120000,000"' in form and 'id="id_achieved_reduction"' in form
    data = {
        "year": str(YEAR),
        "data_quality": "B",
        "note": "Gasrechnung",
        **line_data(("erdgas", "120000,000", "kWh"), ("diesel", "8000,000", "l"), total=5),
    }
    assert client.post(result_url(draft, YEAR), data).status_code == 302
    assert ProjectResult.objects.get(pk=result.pk).lines.count() == 2


def test_form_errors_name_the_line_keep_the_input_and_lead_the_summary(
    client, draft, lead_contact, factors
):
    client.force_login(lead_contact)
    data = {
        "year": str(YEAR),
        "data_quality": "",
        **line_data(("erdgas", "120.000", "l"), ("diesel", "", ""), ("", "abc", "")),
    }
    response = client.post(result_url(draft), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-error-summary" in page
    assert 'href="#id_lines-0-unit"' in page  # the mismatch
    assert 'href="#id_lines-1-quantity"' in page and 'href="#id_lines-1-unit"' in page
    assert 'href="#id_lines-2-quantity"' in page
    assert "Zeile 1 – Einheit" in page
    assert 'value="120.000"' in page and 'value="abc"' in page
    assert not ProjectResult.objects.filter(project=draft).exists()


def test_the_form_wants_one_way_of_entry(client, draft, lead_contact, factors):
    client.force_login(lead_contact)
    both = {
        "year": str(YEAR),
        "data_quality": "B",
        "achieved_reduction": "12",
        **line_data(("erdgas", "1.000", "kWh")),
    }
    page = client.post(result_url(draft), both).content.decode()
    assert "nicht beides" in page
    neither = {"year": str(YEAR), **line_data()}
    page = client.post(result_url(draft), neither).content.decode()
    assert "data-error-summary" in page
    no_grade = {"year": str(YEAR), **line_data(("erdgas", "1.000", "kWh"))}
    page = client.post(result_url(draft), no_grade).content.decode()
    assert 'href="#id_data_quality"' in page
    # a tampered management form is an error, not a 500
    broken = {"year": str(YEAR), "lines-TOTAL_FORMS": "x", "lines-INITIAL_FORMS": "0"}
    assert client.post(result_url(draft), broken).status_code == 200
    many = {
        "year": str(YEAR),
        "data_quality": "B",
        **line_data(*[("erdgas", "1", "kWh")] * 25, total=25),
    }
    assert client.post(result_url(draft), many).status_code == 200
    assert not ProjectResult.objects.filter(project=draft).exists()


# --- permissions ------------------------------------------------------------------------------


def test_other_and_inactive_partners_cannot_enter_activity_results(
    client, draft, other_contact, lead_contact, lead_partner, staff_user, factors
):
    data = {"year": str(YEAR), "data_quality": "B", **line_data(("erdgas", "120.000", "kWh"))}
    client.force_login(other_contact)
    assert client.post(result_url(draft), data).status_code == 404
    partner_services.partner_withdraw(
        partner=lead_partner, actor=staff_user, left_on=timezone.localdate(), reason="Austritt"
    )
    client.force_login(lead_contact)
    assert client.post(result_url(draft), data).status_code == 403
    assert not ProjectResult.objects.filter(project=draft).exists()
    # The services ask the same rule: a draft and a published project alike.
    with pytest.raises(PermissionDenied):
        services.result_set(
            project=draft, actor=lead_contact, year=YEAR, lines=[GAS], data_quality="B"
        )
    with pytest.raises(PermissionDenied):
        services.result_set(
            project=draft, actor=other_contact, year=YEAR, lines=[GAS], data_quality="B"
        )
    published = ProjectFactory(lead_partner=lead_partner, publication="veroeffentlicht")
    with pytest.raises(PermissionDenied):
        services.result_set(
            project=published, actor=lead_contact, year=YEAR, lines=[GAS], data_quality="B"
        )


# --- demo data --------------------------------------------------------------------------------


def test_a_partner_changes_a_published_activity_result_through_the_form(
    client, published, lead_contact, staff_user, factors
):
    entry = services.result_set(
        project=published, actor=lead_contact, year=YEAR, lines=[GAS], data_quality="B"
    )
    services.revision_approve(revision=entry.revision, actor=staff_user, notify=False)
    client.force_login(lead_contact)
    form = client.get(result_url(published, YEAR)).content.decode()
    assert 'value="120000,000"' in form and "Derzeit 29,6" in form
    data = {
        "year": str(YEAR),
        "data_quality": "A",
        **line_data(("erdgas", "120000,000", "kWh"), ("diesel", "8.000", "l"), total=4),
    }
    response = client.post(result_url(published, YEAR), data, follow=True)
    page = re.sub(r"\s+", " ", response.content.decode())
    assert "55,0 t CO2e, berechnet aus" in page  # the success message with the computation
    pending = ResultRevision.objects.get(
        revision__project=published, revision__state="offen", year=YEAR
    )
    assert pending.achieved_reduction == Decimal("55.0") and pending.data_quality == "A"
    assert ProjectResult.objects.get(project=published, year=YEAR).achieved_reduction == Decimal(
        "29.6"
    )
    # The form of the pending change shows the pending lines.
    form = client.get(result_url(published, YEAR)).content.decode()
    assert 'value="8000,000"' in form


def test_going_back_to_the_approved_activity_data_keeps_its_factor_version(
    published, lead_contact, staff_user, factors
):
    entry = services.result_set(
        project=published, actor=lead_contact, year=YEAR, lines=[GAS], data_quality="B"
    )
    services.revision_approve(revision=entry.revision, actor=staff_user, notify=False)
    services.result_set(
        project=published, actor=lead_contact, year=YEAR, lines=[GAS, DIESEL], data_quality="B"
    )
    add_factor("erdgas", "kWh", "0.3000", source="UBA neu", valid_from=YEAR - 2)
    # The pending change goes back to the approved lines: their version is kept.
    entry = services.result_set(
        project=published, actor=lead_contact, year=YEAR, lines=[GAS], data_quality="B"
    )
    assert entry.lines.get().factor == factors["gas"]
    assert entry.achieved_reduction == Decimal("29.6")
