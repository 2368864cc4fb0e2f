"""The city balance: year bounds, the sector sum, correction and deletion with history, the
public page and its JSON, and who may edit."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from climate import selectors, services
from climate.models import CityEmissions, TargetPath
from core.audit.models import AuditEntry

from .conftest import REFUSED

SECTORS = {
    "households_t": Decimal("300000"),
    "commerce_t": Decimal("200000"),
    "industry_t": Decimal("250000"),
    "municipal_t": Decimal("50000"),
    "transport_t": Decimal("200000"),
}


def add(staff, year, total="1000000", population=200_000, **fields):
    return services.emissions_save(
        actor=staff,
        year=year,
        total_t=Decimal(total),
        population=population,
        source="Energie- und THG-Bilanz der Stadt",
        **fields,
    )


def form_data(**overrides):
    data = {
        "year": "2022",
        "total_t": "1.000.000",
        "population": "200000",
        "source": "Bilanz",
    }
    data.update(overrides)
    return data


# Year bounds ------------------------------------------------------------------------------


def test_no_year_before_1990(staff):
    with pytest.raises(ValidationError) as exc:
        add(staff, 1989)
    assert "year" in exc.value.message_dict


def test_no_future_year(staff):
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as exc:
        add(staff, next_year)
    assert "year" in exc.value.message_dict
    add(staff, 1990)
    add(staff, timezone.localdate().year)
    assert CityEmissions.objects.count() == 2


@pytest.mark.parametrize("year", ["1989", "2100", str(timezone.localdate().year + 1), "abc"])
def test_form_refuses_years_out_of_bounds_in_german(client, staff, year):
    client.force_login(staff)
    response = client.post("/stabsstelle/klimabilanz/", form_data(year=year))
    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert not CityEmissions.objects.exists()
    assert 'id="error-summary' in response.content.decode() or "error" in response.content.decode()


def test_future_year_message_is_german(client, staff):
    client.force_login(staff)
    response = client.post(
        "/stabsstelle/klimabilanz/", form_data(year=str(timezone.localdate().year + 1))
    )
    assert "noch nicht begonnen" in str(response.context["form"].errors["year"])


# Sector sum -------------------------------------------------------------------------------


def test_sectors_matching_the_total_are_saved(staff):
    row = add(staff, 2020, **SECTORS)
    assert row.has_sectors
    assert [value for _n, _l, value in row.sectors] == list(SECTORS.values())


def test_sectors_within_half_a_percent_are_accepted(staff):
    # 0.4 % off the total: rounding in the city's report.
    add(staff, 2020, total="1004000", **SECTORS)


def test_sectors_off_by_more_than_half_a_percent_are_refused(staff):
    with pytest.raises(ValidationError) as exc:
        add(staff, 2020, total="1006000", **SECTORS)
    assert "0.5" in str(exc.value) or "0,5" in str(exc.value)
    assert not CityEmissions.objects.exists()


def test_some_sectors_only_are_refused(staff):
    with pytest.raises(ValidationError):
        add(staff, 2020, households_t=Decimal("300000"))


def test_sum_error_shows_on_the_form_in_german(client, staff):
    client.force_login(staff)
    data = form_data(
        households_t="300.000",
        commerce_t="200.000",
        industry_t="250.000",
        municipal_t="50.000",
        transport_t="100.000",
    )
    response = client.post("/stabsstelle/klimabilanz/", data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Sektoren" in errors and "0,5" in errors
    # The input is kept.
    assert "300.000" in response.content.decode() or "300000" in response.content.decode()
    assert not CityEmissions.objects.exists()


def test_sectors_through_the_form(client, staff):
    client.force_login(staff)
    data = form_data(
        households_t="300.000",
        commerce_t="200.000",
        industry_t="250.000",
        municipal_t="50.000",
        transport_t="200.000",
        preliminary="on",
    )
    response = client.post("/stabsstelle/klimabilanz/", data)
    assert response.status_code == 302
    row = CityEmissions.objects.get(year=2022)
    assert row.preliminary and row.transport_t == Decimal("200000")


# Correction and deletion with history -----------------------------------------------------


def test_correction_records_old_and_new(client, staff):
    add(staff, 2021)
    client.force_login(staff)
    response = client.post(
        "/stabsstelle/klimabilanz/2021/",
        form_data(year="1999", total_t="1.100.000", population="200000", source="Bilanz 2"),
    )
    assert response.status_code == 302
    row = CityEmissions.objects.get()
    # The year of a correction stays the year being corrected.
    assert row.year == 2021 and row.total_t == Decimal("1100000")
    entry = AuditEntry.objects.filter(action="changed").get()
    assert entry.actor_id is not None
    assert set(entry.changes) == {"total_t", "source"}
    page = client.get("/stabsstelle/klimabilanz/2021/").content.decode()
    assert "Bilanz 2" in page and "1.100.000" in page


def test_delete_with_history(client, staff):
    add(staff, 2021)
    add(staff, 2015)
    services.target_path_set(actor=staff, base_year=2015)
    client.force_login(staff)
    response = client.post("/stabsstelle/klimabilanz/2021/loeschen/")
    assert response.status_code == 302
    assert not CityEmissions.objects.filter(year=2021).exists()
    entry = AuditEntry.objects.get(action="deleted")
    assert entry.object_repr == "2021" and entry.changes["total_t"]["old"]
    # The staff page still shows the deleted year's history.
    page = client.get("/stabsstelle/klimabilanz/").content.decode()
    assert "gelöscht" in page or "deleted" in page


def test_the_base_year_cannot_be_deleted(client, staff):
    row = add(staff, 2015)
    services.target_path_set(actor=staff, base_year=2015)
    with pytest.raises(ValidationError):
        services.emissions_delete(actor=staff, row=row)
    client.force_login(staff)
    response = client.post("/stabsstelle/klimabilanz/2015/loeschen/", follow=True)
    assert CityEmissions.objects.filter(year=2015).exists()
    assert "Basisjahr" in response.content.decode()


def test_delete_is_post_only(client, staff):
    add(staff, 2021)
    client.force_login(staff)
    assert client.get("/stabsstelle/klimabilanz/2021/loeschen/").status_code == 405
    assert CityEmissions.objects.exists()


def test_unknown_year_is_404(client, staff):
    client.force_login(staff)
    assert client.get("/stabsstelle/klimabilanz/2003/").status_code == 404
    assert client.post("/stabsstelle/klimabilanz/2003/loeschen/").status_code == 404


# Public page and JSON ---------------------------------------------------------------------


@pytest.fixture
def balance(staff):
    add(staff, 2010, total="2000000")
    add(staff, 2020, total="1000000", **SECTORS)
    add(staff, 2022, total="900000", preliminary=True)
    services.target_path_set(actor=staff, base_year=2010)


def test_public_page(client, balance):
    response = client.get("/klimabilanz/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "Zielpfad" in page
    assert "Private Haushalte" in page and "Verkehr" in page
    assert "Energie- und THG-Bilanz der Stadt" in page
    assert "vorläufig" in page
    assert 'href="/methodik/"' in page


def test_public_page_without_data(client, db):
    response = client.get("/klimabilanz/")
    assert response.status_code == 200


def test_public_page_uses_a_constant_number_of_queries(
    client, balance, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get("/klimabilanz/")


def test_json_shape(client, balance):
    response = client.get("/klimabilanz/daten.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["target_year"] == 2050 and data["base_year"] == 2010
    years = {row["year"]: row for row in data["years"]}
    assert list(years) == [2010, 2020, 2022]
    row = years[2020]
    assert set(row) >= {"total", "population", "per_capita", "target", "sectors", "preliminary"}
    assert row["total"] == 1000000.0 and row["population"] == 200000
    assert row["per_capita"] == 5.0
    assert row["target"] == pytest.approx(8.3)  # 10 t in 2010 → 3.2 t in 2050, a quarter down
    assert row["sectors"] == {
        "households": 300000.0,
        "commerce": 200000.0,
        "industry": 250000.0,
        "municipal": 50000.0,
        "transport": 200000.0,
    }
    assert years[2010]["sectors"] is None
    assert years[2022]["preliminary"] is True


def test_selector_marks_preliminary_points(balance):
    path = selectors.target_path()
    assert [p.year for p in path.points if p.preliminary] == [2022]


def test_navigation_links_the_balance_and_the_methods(client, db):
    page = client.get("/klimabilanz/").content.decode()
    assert 'href="/klimabilanz/"' in page and 'href="/methodik/"' in page


# Who may edit -----------------------------------------------------------------------------

STAFF_URLS = ["/stabsstelle/klimabilanz/", "/stabsstelle/klimabilanz/2021/"]


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("url", STAFF_URLS)
def test_refused_roles_cannot_see_the_balance_pages(login_as, staff, role, url):
    add(staff, 2021)
    client = login_as(role)
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302 and "/konto/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", REFUSED)
def test_refused_roles_cannot_change_or_delete(login_as, staff, role):
    add(staff, 2021)
    client = login_as(role)
    client.post("/stabsstelle/klimabilanz/", form_data(year="2019"))
    client.post("/stabsstelle/klimabilanz/2021/", form_data(total_t="5"))
    client.post("/stabsstelle/klimabilanz/2021/loeschen/")
    client.post("/stabsstelle/klimabilanz/", {"target-base_year": "2021"})
    assert list(CityEmissions.objects.values_list("year", "total_t")) == [
        (2021, Decimal("1000000"))
    ]
    assert not TargetPath.objects.exists()


def test_old_staff_url_redirects_staff_only(client, staff):
    add(staff, 2021)
    # Anonymous visitors are asked to log in, as on the new page; staff are sent on.
    assert client.get("/stabsstelle/emissionen/")["Location"].startswith("/konto/login/")
    client.force_login(staff)
    assert client.get("/stabsstelle/emissionen/")["Location"] == "/stabsstelle/klimabilanz/"
    assert (
        client.get("/stabsstelle/emissionen/2021/")["Location"] == "/stabsstelle/klimabilanz/2021/"
    )


def test_a_change_of_the_balance_renews_the_page_cache(staff):
    from core import page_cache

    before = page_cache.generation()
    add(staff, 2021)
    assert page_cache.generation() != before


def test_demo_balance_has_sectors_and_a_preliminary_year(db):
    from climate import demo

    demo.seed()
    demo.seed()  # idempotent
    rows = list(CityEmissions.objects.all())
    assert rows[0].year == 2010 and rows[-1].year == timezone.localdate().year - 1
    assert sum(row.has_sectors for row in rows) >= 3
    assert [row.year for row in rows if row.preliminary] == [rows[-1].year]
    assert TargetPath.objects.get().base_year == 2010


def test_the_chart_names_preliminary_years(client, balance):
    page = client.get("/klimabilanz/").content.decode()
    assert "<title>2022 (vorläufig):" in page and "<title>2020:" in page
