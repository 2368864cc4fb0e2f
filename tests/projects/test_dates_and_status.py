"""Statuses and dates (issue #13.5, DESIGN.md "Years"): plausible years, the dates each status
needs, results only for complete years within the project's years, and a stopped project
leaving the expected totals from its stop on. The same German error on the same field from the
form, the services (including a partner's pending revision) and the CSV import."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from partners.models import Body
from projects import selectors, services
from projects.models import Project, ProjectResult
from tests.factories import ProjectFactory, ProjectResultFactory

pytestmark = pytest.mark.django_db

CREATE = "/mein-bereich/projekte/neu/"
UPLOAD = "/mein-bereich/projekte/ergebnisse/import/"
TODAY = timezone.localdate()
THIS_YEAR = TODAY.year
LAST_YEAR = THIS_YEAR - 1
TOMORROW = TODAY + datetime.timedelta(days=1)


def fields(**overrides) -> dict:
    data = {
        "title": "Wärmepumpe Kita",
        "summary": "Eine Wärmepumpe ersetzt den Gaskessel.",
        "field_of_action": Body.objects.working_groups().first(),
        "status": "in_umsetzung",
        "start_date": datetime.date(2021, 3, 1),
        "end_date": None,
        "expected_reduction": Decimal("12.5"),
    }
    data.update(overrides)
    return data


def form_data(**overrides) -> dict:
    data = fields(**overrides)
    data["field_of_action"] = data["field_of_action"].pk
    data["expected_reduction"] = "12,5"
    for name in ("start_date", "end_date"):
        data[name] = data[name].isoformat() if data[name] else ""
    return data


# (overrides, field, part of the German message)
REFUSED = [
    pytest.param({"start_date": datetime.date(1800, 1, 1)}, "start_date", "1990", id="start-1800"),
    pytest.param(
        {"status": "geplant", "start_date": datetime.date(2099, 1, 1)},
        "start_date",
        "2050",
        id="start-2099",
    ),
    pytest.param(
        {"end_date": datetime.date(2051, 1, 1)}, "end_date", "zwischen 1990 und 2050", id="end-2051"
    ),
    pytest.param(
        {"status": "abgeschlossen"}, "end_date", "abgeschlossenes Projekt", id="completed-no-end"
    ),
    pytest.param(
        {"status": "abgeschlossen", "end_date": TOMORROW},
        "end_date",
        "Zukunft",
        id="completed-ends-in-future",
    ),
    pytest.param(
        {"status": "eingestellt"}, "end_date", "eingestelltes Projekt", id="discontinued-no-end"
    ),
    pytest.param(
        {"status": "eingestellt", "end_date": TOMORROW},
        "end_date",
        "Zukunft",
        id="discontinued-stops-in-future",
    ),
    pytest.param(
        {"status": "geplant", "start_date": datetime.date(2012, 5, 1)},
        "start_date",
        "geplantes Projekt",
        id="planned-started-2012",
    ),
    pytest.param(
        {"status": "geplant", "start_date": TODAY - datetime.timedelta(days=366)},
        "start_date",
        "vor mehr als einem Jahr",
        id="planned-started-a-year-and-a-day-ago",
    ),
    pytest.param(
        {"status": "in_umsetzung", "start_date": TOMORROW},
        "start_date",
        "in der Zukunft beginnen",
        id="in-progress-starts-tomorrow",
    ),
]

ACCEPTED = [
    pytest.param({"status": "geplant", "start_date": TODAY - datetime.timedelta(days=300)}, id="p"),
    pytest.param({"status": "geplant", "start_date": datetime.date(2050, 12, 1)}, id="p-2050"),
    pytest.param({"status": "in_umsetzung", "start_date": TODAY}, id="in-progress-today"),
    pytest.param(
        {"status": "eingestellt", "start_date": datetime.date(1990, 1, 1), "end_date": TODAY},
        id="discontinued-1990-today",
    ),
    pytest.param(
        {"status": "abgeschlossen", "end_date": datetime.date(2023, 6, 30)}, id="completed"
    ),
]


@pytest.mark.parametrize(("overrides", "field", "message"), REFUSED)
def test_form_refuses_implausible_dates_on_the_field(
    client, lead_contact, overrides, field, message
):
    client.force_login(lead_contact)
    response = client.post(CREATE, form_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field]), errors[field]
    assert not Project.objects.exists()


@pytest.mark.parametrize(("overrides", "field", "message"), REFUSED)
def test_service_refuses_the_same_for_partner_and_staff(
    lead_contact, lead_partner, staff_user, overrides, field, message
):
    for actor in (lead_contact, staff_user):
        with pytest.raises(ValidationError) as info:
            services.project_create(actor=actor, lead_partner=lead_partner, **fields(**overrides))
        assert message in " ".join(info.value.message_dict[field])
    assert not Project.objects.exists()


@pytest.mark.parametrize("overrides", ACCEPTED)
def test_plausible_dates_are_accepted(client, lead_contact, overrides):
    client.force_login(lead_contact)
    response = client.post(CREATE, form_data(**overrides))
    assert response.status_code == 302, response.context["form"].errors
    assert Project.objects.count() == 1


def test_a_partners_pending_revision_is_checked_too(lead_contact, published):
    ProjectResultFactory(project=published, year=2023)
    with pytest.raises(ValidationError) as info:
        services.project_update(project=published, actor=lead_contact, status="eingestellt")
    assert "eingestelltes Projekt" in " ".join(info.value.message_dict["end_date"])
    # A stop before the last recorded result would strand that result.
    with pytest.raises(ValidationError) as info:
        services.project_update(
            project=published,
            actor=lead_contact,
            status="eingestellt",
            end_date=datetime.date(2022, 6, 30),
        )
    assert "2023" in " ".join(info.value.message_dict["end_date"])
    assert not published.revisions.exists()


def test_the_start_cannot_move_past_recorded_results(lead_contact, draft):
    ProjectResultFactory(project=draft, year=2022)
    with pytest.raises(ValidationError) as info:
        services.project_update(
            project=draft, actor=lead_contact, start_date=datetime.date(2023, 1, 1)
        )
    assert "2022" in " ".join(info.value.message_dict["start_date"])


def test_database_refuses_years_outside_the_bounds(lead_partner):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(lead_partner=lead_partner, start_date=datetime.date(1800, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(
            lead_partner=lead_partner,
            start_date=datetime.date(2021, 1, 1),
            end_date=datetime.date(2099, 1, 1),
        )
    project = ProjectFactory(lead_partner=lead_partner)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectResultFactory(project=project, year=1989)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectResultFactory(project=project, year=2051)


# --- results ---------------------------------------------------------------------------------


@pytest.fixture
def stopped(lead_partner):
    """A draft discontinued in the middle of 2023."""
    return ProjectFactory(
        title="Lastenrad-Verleih",
        slug="lastenrad-verleih",
        lead_partner=lead_partner,
        publication="entwurf",
        status="eingestellt",
        start_date=datetime.date(2021, 3, 1),
        end_date=datetime.date(2023, 6, 30),
    )


def result_url(project):
    return f"/mein-bereich/projekte/{project.slug}/ergebnisse/neu/"


@pytest.mark.parametrize(
    ("year", "message"),
    [
        pytest.param(THIS_YEAR, "abgeschlossene Jahre", id="current-year"),
        pytest.param(THIS_YEAR + 1, "Zukunft", id="next-year"),
        pytest.param(1989, "zwischen 1990 und 2050", id="1989"),
        pytest.param(2020, "Projektbeginn", id="before-start"),
        pytest.param(2024, "2023 eingestellt", id="after-stop"),
    ],
)
def test_result_form_and_service_refuse_years(
    client, lead_contact, staff_user, stopped, year, message
):
    client.force_login(lead_contact)
    response = client.post(result_url(stopped), {"year": str(year), "achieved_reduction": "100"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors["year"]), errors
    for actor in (lead_contact, staff_user):
        with pytest.raises(ValidationError) as info:
            services.result_set(
                project=stopped, actor=actor, year=year, achieved_reduction=Decimal("100")
            )
        assert message in " ".join(info.value.message_dict["year"])
    assert not ProjectResult.objects.exists()


def test_results_up_to_the_stop_year_are_taken(client, lead_contact, stopped):
    client.force_login(lead_contact)
    response = client.post(result_url(stopped), {"year": "2023", "achieved_reduction": "100"})
    assert response.status_code == 302
    assert ProjectResult.objects.get().year == 2023
    response = client.get(f"/mein-bereich/projekte/{stopped.slug}/ergebnisse/neu/")
    year_input = response.context["form"].fields["year"].widget.attrs
    assert (year_input["min"], year_input["max"]) == (2021, 2023)


def test_partner_result_on_a_published_project_goes_through_the_same_rule(lead_contact, published):
    with pytest.raises(ValidationError) as info:
        services.result_set(
            project=published, actor=lead_contact, year=THIS_YEAR, achieved_reduction=Decimal("5")
        )
    assert "abgeschlossene Jahre" in " ".join(info.value.message_dict["year"])
    assert not published.revisions.exists()


def upload(client, content: str):
    file = SimpleUploadedFile("ergebnisse.csv", content.encode(), "text/csv")
    return client.post(UPLOAD, {"file": file})


def test_csv_import_gives_the_same_year_errors_by_line(client, lead_contact, stopped):
    client.force_login(lead_contact)
    content = (
        "projekt;jahr;t_co2e\n"
        "lastenrad-verleih;2023;100\n"  # line 2: the stop year, fine
        f"lastenrad-verleih;{THIS_YEAR};100\n"  # 3: the current year is not over
        "lastenrad-verleih;2024;100\n"  # 4: after the stop
        "lastenrad-verleih;1989;100\n"  # 5: before 1990
        "lastenrad-verleih;2020;100\n"  # 6: before the start
    )
    result = upload(client, content).context["result"]
    by_line = dict(result.errors)
    assert sorted(by_line) == [3, 4, 5, 6]
    assert "abgeschlossene Jahre" in by_line[3]
    assert "2023 eingestellt" in by_line[4]
    assert "zwischen 1990 und 2050" in by_line[5]
    assert "Projektbeginn" in by_line[6]
    assert not ProjectResult.objects.exists()


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),  # German grouping, as in the form
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("0", Decimal("0")),
    ],
)
def test_csv_import_reads_figures_as_the_form_does(client, staff_user, stopped, cell, value):
    client.force_login(staff_user)
    result = upload(client, f'lastenrad-verleih;2022;"{cell}"\n').context["result"]
    assert result.errors == []
    assert result.rows[0].value == value


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("12,55", "höchstens 1 Nachkommastelle"),
        ("1e3", "Komma"),
        ("-3", "negativ"),
        ("2000000", "1.000.000"),
        ("", "erforderlich"),
        ("NaN", "Komma"),
    ],
)
def test_csv_import_refuses_figures_with_the_forms_messages(
    client, staff_user, stopped, cell, message
):
    client.force_login(staff_user)
    result = upload(client, f'lastenrad-verleih;2022;"{cell}"\n').context["result"]
    assert result.errors and message in result.errors[0][1], result.errors


# --- totals --------------------------------------------------------------------------------------


@pytest.fixture
def alliance(lead_partner):
    running = ProjectFactory(
        lead_partner=lead_partner, expected_reduction=Decimal("100.0"), start_date="2019-01-01"
    )
    stopped = ProjectFactory(
        lead_partner=lead_partner,
        status="eingestellt",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2022, 6, 30),
        expected_reduction=Decimal("40.0"),
    )
    later = ProjectFactory(
        lead_partner=lead_partner,
        status="geplant",
        start_date=datetime.date(2024, 5, 1),
        expected_reduction=Decimal("7.0"),
    )
    return running, stopped, later


def test_stopped_projects_leave_the_expected_totals_from_their_stop_on(alliance):
    current = selectors.totals()
    assert current.expected == Decimal("107.0")
    assert (current.projects, current.not_counted) == (3, 1)
    # Each year counts the projects running in it: the stopped one up to its stop year, the
    # later one from its start year.
    assert selectors.totals(year=2021).expected == Decimal("140.0")
    assert selectors.totals(year=2022).expected == Decimal("140.0")
    assert selectors.totals(year=2023).expected == Decimal("100.0")
    assert selectors.totals(year=2024).expected == Decimal("107.0")
    groups = {row["field_of_action"].pk: row for row in selectors.totals_by_field_of_action()}
    assert sum(row["expected"] for row in groups.values()) == Decimal("107.0")
    assert selectors.expected_vs_achieved(year=2022)["expected"] == Decimal("140.0")
    assert selectors.expected_vs_achieved(year=2023)["expected"] == Decimal("100.0")


def test_results_after_a_stop_are_not_counted(alliance):
    running, stopped, _later = alliance
    ProjectResultFactory(project=running, year=2023, achieved_reduction=Decimal("90"))
    # Stored before the rule (the factory skips validation).
    ProjectResultFactory(project=stopped, year=2023, achieved_reduction=Decimal("30"))
    ProjectResultFactory(project=stopped, year=2022, achieved_reduction=Decimal("20"))
    assert selectors.totals(year=2023).achieved == Decimal("90")
    assert selectors.totals(year=2022).achieved == Decimal("20")
    assert dict(selectors.achieved_by_year()) == {2022: Decimal("20"), 2023: Decimal("90")}


def test_pages_explain_the_stopped_project(client, alliance):
    for url in ("/", "/projekte/"):
        html = client.get(url).content.decode()
        assert "107,0\u00a0t" in html, url
        assert "ohne 1 eingestelltes Projekt" in html, url
