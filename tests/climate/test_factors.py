"""Emission factors: the seeded default set, versions (never edited in place), the factor
valid in a year, confirmation, /methodik/ and who may edit."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from climate import selectors, services
from climate.models import EmissionFactor
from core.audit.models import AuditEntry

from .conftest import REFUSED

CARRIERS = [
    "strom",
    "erdgas",
    "heizoel",
    "fernwaerme",
    "diesel",
    "benzin",
    "fluessiggas",
    "holzpellets",
]


def new_version(staff, carrier="erdgas", **overrides):
    fields = {
        "unit": "kWh",
        "kg_co2e_per_unit": Decimal("0.2400"),
        "source": "Umweltbundesamt",
        "source_year": 2024,
        "valid_from": 2024,
    }
    fields.update(overrides)
    return services.emission_factor_add_version(actor=staff, carrier=carrier, **fields)


def test_default_set_is_seeded_with_sources_and_unconfirmed(db):
    factors = {f.carrier: f for f in EmissionFactor.objects.all()}
    assert set(factors) == set(CARRIERS)
    for factor in factors.values():
        assert factor.version == 1 and factor.source and factor.source_year
        assert factor.kg_co2e_per_unit > 0 and not factor.confirmed
    assert factors["diesel"].unit == "l" and factors["erdgas"].unit == "kWh"


def test_a_new_version_leaves_the_old_one_unchanged(staff):
    old = EmissionFactor.objects.get(carrier="erdgas", version=1)
    before = (old.kg_co2e_per_unit, old.valid_from, old.valid_until, old.source)
    factor = new_version(staff)
    assert factor.version == 2
    old.refresh_from_db()
    assert (old.kg_co2e_per_unit, old.valid_from, old.valid_until, old.source) == before
    assert AuditEntry.objects.filter(action="created", object_id=str(factor.pk)).exists()


def test_factor_for_a_year_is_the_newest_valid_version(staff):
    new_version(staff, valid_from=2024)
    assert selectors.factor_for("erdgas", 2023).version == 1
    assert selectors.factor_for("erdgas", 2024).version == 2
    assert selectors.factor_for("erdgas", 2030).version == 2
    new_version(staff, valid_from=2020, valid_until=2021, kg_co2e_per_unit=Decimal("0.3"))
    assert selectors.factor_for("erdgas", 2020).version == 3
    assert selectors.factor_for("erdgas", 2022).version == 1
    assert selectors.factor_for("erdgas", 1989) is None


def test_validity_must_not_end_before_it_starts(staff):
    with pytest.raises(ValidationError) as exc:
        new_version(staff, valid_from=2024, valid_until=2023)
    assert "valid_until" in exc.value.message_dict
    assert not EmissionFactor.objects.filter(carrier="erdgas", version=2).exists()


def test_unknown_carrier_is_refused(staff):
    with pytest.raises(ValidationError):
        new_version(staff, carrier="kohle")


def test_confirm(staff):
    factor = EmissionFactor.objects.get(carrier="strom")
    services.emission_factor_confirm(actor=staff, factor=factor)
    factor.refresh_from_db()
    assert factor.confirmed and factor.confirmed_by == staff
    with pytest.raises(ValidationError):
        services.emission_factor_confirm(actor=staff, factor=factor)


def test_methods_page_marks_unconfirmed_factors(client, staff):
    services.emission_factor_confirm(
        actor=staff, factor=EmissionFactor.objects.get(carrier="strom")
    )
    page = client.get("/methodik/").content.decode()
    assert "Erdgas" in page and "Holzpellets" in page
    assert page.count("vom Fachamt zu bestätigen") == len(CARRIERS) - 1
    assert "vom Fachamt bestätigt" in page
    for grade in ("Gemessen", "Aus Messwerten berechnet", "Geschätzt", "Grobe Schätzung"):
        assert grade in page


def test_methods_page_shows_the_current_version(client, staff):
    new_version(staff, kg_co2e_per_unit=Decimal("0.2010"), source="Neue Quelle")
    page = client.get("/methodik/").content.decode()
    assert "Neue Quelle" in page


def test_staff_add_a_version_through_the_form(client, staff):
    client.force_login(staff)
    url = "/stabsstelle/emissionsfaktoren/erdgas/neue-version/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["source"]
    response = client.post(
        url,
        {
            "carrier": "diesel",  # the carrier of the URL wins (the field is disabled)
            "unit": "kWh",
            "kg_co2e_per_unit": "0,2015",
            "source": "UBA 2025",
            "source_year": "2025",
            "valid_from": "2025",
        },
    )
    assert response.status_code == 302
    factor = EmissionFactor.objects.get(carrier="erdgas", version=2)
    assert factor.kg_co2e_per_unit == Decimal("0.2015")
    assert not EmissionFactor.objects.filter(carrier="diesel", version=2).exists()


def test_bad_factor_input_gets_german_errors(client, staff):
    client.force_login(staff)
    response = client.post(
        "/stabsstelle/emissionsfaktoren/",
        {
            "carrier": "erdgas",
            "unit": "kWh",
            "kg_co2e_per_unit": "-1",
            "source": "x",
            "source_year": "1800",
            "valid_from": "2025",
            "valid_until": "2020",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "kg_co2e_per_unit" in errors and "source_year" in errors
    assert EmissionFactor.objects.filter(carrier="erdgas").count() == 1


def test_validity_error_shows_on_the_form(client, staff):
    client.force_login(staff)
    response = client.post(
        "/stabsstelle/emissionsfaktoren/erdgas/neue-version/",
        {
            "unit": "kWh",
            "kg_co2e_per_unit": "0,2",
            "source": "x",
            "source_year": "2024",
            "valid_from": "2025",
            "valid_until": "2020",
        },
    )
    assert response.status_code == 200
    assert "Ende der Gültigkeit" in str(response.context["form"].errors)


def test_unknown_carrier_url_goes_back_to_the_list(client, staff):
    client.force_login(staff)
    response = client.get("/stabsstelle/emissionsfaktoren/kohle/neue-version/")
    assert response["Location"] == "/stabsstelle/emissionsfaktoren/"


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize(
    "url",
    ["/stabsstelle/emissionsfaktoren/", "/stabsstelle/emissionsfaktoren/erdgas/neue-version/"],
)
def test_refused_roles_cannot_see_the_factor_pages(login_as, role, url):
    response = login_as(role).get(url)
    if role == "anonymous":
        assert response.status_code == 302 and "/konto/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", REFUSED)
def test_refused_roles_cannot_add_or_confirm(login_as, role):
    client = login_as(role)
    factor = EmissionFactor.objects.get(carrier="erdgas")
    client.post(
        "/stabsstelle/emissionsfaktoren/erdgas/neue-version/",
        {
            "unit": "kWh",
            "kg_co2e_per_unit": "0,2",
            "source": "x",
            "source_year": "2024",
            "valid_from": "2025",
        },
    )
    client.post(f"/stabsstelle/emissionsfaktoren/{factor.pk}/bestaetigen/")
    factor.refresh_from_db()
    assert not factor.confirmed
    assert EmissionFactor.objects.filter(carrier="erdgas").count() == 1


def test_staff_page_offers_confirmation_for_unconfirmed_only(client, staff):
    services.emission_factor_confirm(
        actor=staff, factor=EmissionFactor.objects.get(carrier="strom")
    )
    client.force_login(staff)
    page = client.get("/stabsstelle/emissionsfaktoren/").content.decode()
    assert page.count("/bestaetigen/") == len(CARRIERS) - 1
