from decimal import Decimal

import pytest

from reports import services
from reports.models import CityEmissions, TargetPath
from reports.selectors import target_path, target_value
from tests.factories import StaffUserFactory


@pytest.fixture
def staff(db):
    return StaffUserFactory()


def add(staff, year, per_capita, population=200_000):
    return services.emissions_save(
        actor=staff,
        year=year,
        total_t=Decimal(per_capita) * population,
        population=population,
        source="Bilanz",
    )


def test_per_capita_and_linear_target_path(staff):
    add(staff, 2010, "10")
    add(staff, 2020, "7")
    services.target_path_set(actor=staff, base_year=2010)
    assert target_value(2010, 2010, Decimal("10")) == Decimal("10.00")
    assert target_value(2030, 2010, Decimal("10")) == Decimal("6.60")
    assert target_value(2050, 2010, Decimal("10")) == Decimal("3.2")
    data = target_path()
    assert data.latest.year == 2020
    assert data.latest.actual == Decimal("7.00")
    assert data.latest.target == Decimal("8.30")
    assert data.latest.on_path is True
    assert data.points[-1].year == 2050 and data.points[-1].target == Decimal("3.2")


def test_off_path_is_reported(staff):
    add(staff, 2010, "10")
    add(staff, 2020, "9.5")
    services.target_path_set(actor=staff, base_year=2010)
    assert target_path().latest.on_path is False


def test_emission_form_refuses_bad_numbers(client, staff):
    client.force_login(staff)
    response = client.post(
        "/stabsstelle/klimabilanz/",
        {"year": "1850", "total_t": "-5", "population": "0", "source": "x"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"year", "total_t", "population"} <= set(errors)
    assert not CityEmissions.objects.exists()


def test_base_year_needs_figures(client, staff):
    client.force_login(staff)
    response = client.post("/stabsstelle/klimabilanz/", {"target-base_year": "2012"})
    assert "keine Emissionszahlen" in str(response.context["target_form"].errors)
    assert not TargetPath.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("contact", 403), ("staff", 200)])
def test_only_staff_edit_emissions(client, contact_user, staff, role, status):
    if role != "anonymous":
        client.force_login(contact_user if role == "contact" else staff)
    assert client.get("/stabsstelle/klimabilanz/").status_code == status
    client.post(
        "/stabsstelle/klimabilanz/",
        {"year": "2015", "total_t": "1000", "population": "100", "source": "x"},
    )
    assert CityEmissions.objects.exists() == (role == "staff")


def test_reports_reads_the_balance_from_climate():
    """The city balance moved to climate; reports (above it) keeps its names."""
    import climate.models
    import climate.selectors

    assert CityEmissions is climate.models.CityEmissions
    assert target_path is climate.selectors.target_path
    assert CityEmissions._meta.db_table == "reports_cityemissions"
    assert TargetPath._meta.db_table == "reports_targetpath"
