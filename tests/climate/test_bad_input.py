"""No input reaches a server error on the staff forms; every refusal is a German message on
the form with the input kept."""

import pytest

from climate.models import CityEmissions, EmissionFactor

GARBAGE = ["", " ", "abc", "-1", "1e400", "99999999999999999999", "1,2,3", "\x00", "NaN", "∞"]
BALANCE_FIELDS = ["year", "total_t", "population", "households_t", "transport_t"]
FACTOR_FIELDS = ["kg_co2e_per_unit", "source_year", "valid_from", "valid_until", "unit"]


def balance_data(**overrides):
    data = {"year": "2021", "total_t": "1.000", "population": "100", "source": "Bilanz"}
    data.update(overrides)
    return data


def factor_data(**overrides):
    data = {
        "unit": "kWh",
        "kg_co2e_per_unit": "0,2",
        "source": "Quelle",
        "source_year": "2024",
        "valid_from": "2024",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("field", BALANCE_FIELDS)
@pytest.mark.parametrize("value", GARBAGE)
def test_balance_form_survives_garbage(client, staff, field, value):
    client.force_login(staff)
    response = client.post("/stabsstelle/klimabilanz/", balance_data(**{field: value}))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
    else:
        assert CityEmissions.objects.get().year == 2021


@pytest.mark.parametrize("field", FACTOR_FIELDS)
@pytest.mark.parametrize("value", GARBAGE)
def test_factor_form_survives_garbage(client, staff, field, value):
    client.force_login(staff)
    response = client.post(
        "/stabsstelle/emissionsfaktoren/erdgas/neue-version/", factor_data(**{field: value})
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert EmissionFactor.objects.filter(carrier="erdgas").count() == 1


def test_a_source_from_the_future_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(
        "/stabsstelle/emissionsfaktoren/erdgas/neue-version/", factor_data(source_year="2999")
    )
    assert "noch nicht begonnen" in str(response.context["form"].errors["source_year"])


def test_control_characters_in_the_source_do_not_break_the_page(client, staff):
    client.force_login(staff)
    response = client.post("/stabsstelle/klimabilanz/", balance_data(source="Bilanz\x00"))
    assert response.status_code == 200 and response.context["form"].errors


@pytest.mark.parametrize("source", ["Bilanz\nZweite Zeile", "Bilanz\x1b[31m", "Tab\there"])
def test_sources_are_single_lines(client, staff, source):
    client.force_login(staff)
    response = client.post("/stabsstelle/klimabilanz/", balance_data(source=source))
    assert "Steuerzeichen" in str(response.context["form"].errors["source"])
    response = client.post(
        "/stabsstelle/emissionsfaktoren/erdgas/neue-version/", factor_data(source=source)
    )
    assert "Steuerzeichen" in str(response.context["form"].errors["source"])
    assert not CityEmissions.objects.exists()
