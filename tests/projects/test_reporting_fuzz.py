"""Property-based tests of the reporting forms (#15.5), as tests/security/test_forms_hypothesis
does for the others: arbitrary text, years and dates through the real views, with the role
that may use them. No server error, nothing stored when the form is shown again, the data's
invariants hold (and a stored statement or deadline is a valid one)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from projects.models import NothingToReport, ReportingDeadline
from tests.security.test_forms_hypothesis import date, fuzz, submit, text, valid_or, year

YEAR = timezone.localdate().year - 1


@pytest.fixture
def world(shared_world):
    return shared_world


def check_reporting_invariants():
    for statement in NothingToReport.objects.all():
        assert statement.reason.strip() and "\n" not in statement.reason
        assert statement.year < timezone.localdate().year
    for deadline in ReportingDeadline.objects.all():
        assert 1990 <= deadline.year < timezone.localdate().year
        assert deadline.due_date.year > deadline.year


@fuzz
@given(reason=valid_or("Anlage außer Betrieb", text), url_year=st.sampled_from([YEAR, YEAR - 1]))
def test_nothing_to_report_form(world, reason, url_year):
    url = reverse(
        "projects_reporting:statement", kwargs={"slug": world.project.slug, "year": url_year}
    )
    submit(world.client("a"), "post", url, {"reason": reason})
    check_reporting_invariants()


@fuzz
@given(
    data=st.fixed_dictionaries(
        {"deadline-year": valid_or(str(YEAR), year), "deadline-due_date": date}
    ),
    jahr=valid_or(str(YEAR), year),
)
def test_deadline_form_and_year_filter(world, data, jahr):
    client = world.client("staff")
    url = reverse("projects_reporting:staff")
    submit(client, "post", url + "?jahr=" + jahr[:20], data)
    submit(client, "get", url, {"jahr": jahr})
    submit(client, "get", reverse("projects_reporting:staff_csv"), {"jahr": jahr})
    check_reporting_invariants()
