"""Submit, publish, return, unpublish: states, e-mails, history; selectors and double counting."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from projects import selectors, services
from projects.models import Project, last_complete_year
from tests.factories import PartnerFactory, ProjectFactory, ProjectResultFactory
from tests.projects.conftest import CONFIRMED

pytestmark = pytest.mark.django_db


def test_full_review_cycle_sends_mails(
    client, lead_contact, staff_user, draft, django_capture_on_commit_callbacks
):
    client.force_login(lead_contact)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mein-bereich/projekte/{draft.slug}/einreichen/")
    draft.refresh_from_db()
    assert draft.publication == Project.Publication.SUBMITTED
    assert mail.outbox[-1].to == ["klimaschutz@localhost"]

    client.force_login(staff_user)
    assert draft in selectors.review_queue()
    response = client.post(f"/stabsstelle/projekte/{draft.slug}/zurueckgeben/", {"comment": ""})
    assert response.status_code == 200
    assert "comment" in response.context["return_form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/stabsstelle/projekte/{draft.slug}/zurueckgeben/",
            {"comment": "Bitte Quelle ergänzen."},
        )
    draft.refresh_from_db()
    assert draft.publication == Project.Publication.RETURNED
    assert draft.staff_comment == "Bitte Quelle ergänzen."
    assert mail.outbox[-1].to == [lead_contact.email]
    assert "Bitte Quelle ergänzen." in mail.outbox[-1].body

    client.force_login(lead_contact)
    page = client.get(f"/mein-bereich/projekte/{draft.slug}/").content.decode()
    assert "Bitte Quelle ergänzen." in page
    client.post(f"/mein-bereich/projekte/{draft.slug}/einreichen/")
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/stabsstelle/projekte/{draft.slug}/veroeffentlichen/")
    draft.refresh_from_db()
    assert draft.publication == Project.Publication.PUBLISHED
    assert draft.staff_comment == ""
    assert mail.outbox[-1].to == [lead_contact.email]
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 200

    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/stabsstelle/projekte/{draft.slug}/zuruecknehmen/", {"comment": "Fehler"})
    draft.refresh_from_db()
    assert draft.publication == Project.Publication.RETURNED
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404

    history = list(draft.history.order_by("history_date"))
    assert [h.publication for h in history][-2:] == ["veroeffentlicht", "zurueckgegeben"]
    assert history[-1].history_user == staff_user
    client.force_login(staff_user)
    queue_page = client.get("/stabsstelle/projekte/").content.decode()
    assert draft.title in queue_page


def test_invalid_transitions_are_refused(staff_user, lead_contact, draft, published):
    with pytest.raises(ValidationError):
        services.project_publish(project=draft, actor=staff_user)
    with pytest.raises(ValidationError):
        services.project_submit(project=published, actor=lead_contact)
    with pytest.raises(ValidationError):
        services.project_unpublish(project=draft, actor=staff_user)


def test_publishing_a_draft_via_the_view_gives_a_message_not_an_error(client, staff_user, draft):
    client.force_login(staff_user)
    response = client.post(f"/stabsstelle/projekte/{draft.slug}/veroeffentlichen/", follow=True)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.publication == Project.Publication.DRAFT


def test_service_refuses_absurd_values_and_keeps_lead_out_of_participants(lead_partner, draft):
    with pytest.raises(ValidationError) as excinfo:
        services.project_update(project=draft, actor=None, expected_reduction=Decimal("-1"))
    assert "expected_reduction" in excinfo.value.message_dict
    draft.refresh_from_db()
    services.project_update(project=draft, actor=None, participants=[lead_partner])
    assert not draft.partners.exists()
    with pytest.raises(ValidationError):
        services.result_set(project=draft, actor=None, year=2022, achieved_reduction=Decimal("-2"))
    services.result_set(project=draft, actor=None, year=2022, achieved_reduction=Decimal("2"))
    services.result_set(project=draft, actor=None, year=2022, achieved_reduction=Decimal("3"))
    assert draft.results.get().achieved_reduction == Decimal("3")


def test_database_constraints_back_the_validation(draft):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=draft.pk).update(expected_reduction=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=draft.pk).update(latitude=Decimal("48.1"), longitude=11.6)
    ProjectResultFactory(project=draft, year=2022)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectResultFactory(project=draft, year=2022)


def test_partner_totals_keep_led_and_participating_apart(lead_partner, participant_partner):
    year = last_complete_year()
    a = ProjectFactory(lead_partner=lead_partner, expected_reduction=Decimal("100"))
    b = ProjectFactory(lead_partner=participant_partner, expected_reduction=Decimal("50"))
    # Confirmed participations (a bare attachment is only an invitation and counts for nothing).
    b.partners.add(lead_partner, PartnerFactory(), through_defaults=CONFIRMED)
    a.partners.add(participant_partner, through_defaults=CONFIRMED)
    ProjectResultFactory(project=a, year=year, achieved_reduction=Decimal("90"))
    ProjectResultFactory(project=b, year=year, achieved_reduction=Decimal("40"))
    ProjectFactory(lead_partner=lead_partner, publication="entwurf")

    totals = selectors.partner_totals(lead_partner)
    assert (totals["led"].projects, totals["led"].expected) == (1, Decimal("100"))
    assert (totals["participating"].projects, totals["participating"].expected) == (
        1,
        Decimal("50"),
    )
    assert totals["all"].achieved == Decimal("130")
    overall = selectors.totals()
    assert (overall.projects, overall.expected, overall.achieved) == (
        2,
        Decimal("150"),
        Decimal("130"),
    )
    by_field = {row["field_of_action"].slug: row for row in selectors.totals_by_field_of_action()}
    assert by_field["energiesysteme-stromnutzung"]["projects"] == 2
    assert by_field["energiesysteme-stromnutzung"]["expected"] == Decimal("150")
    assert by_field["verkehr"]["projects"] == 0
    assert selectors.achieved_by_field_of_action_and_year() == {
        year: {"energiesysteme-stromnutzung": Decimal("130")}
    }
    assert selectors.achieved_by_year() == [(year, Decimal("130"))]
    assert selectors.expected_vs_achieved() == {
        "year": year,
        "expected": Decimal("150"),
        "achieved": Decimal("130"),
    }


def test_demo_data_loads_twice(db):
    from accounts import demo as accounts_demo
    from partners import demo as partners_demo
    from projects import demo
    from projects.models import NothingToReport, ProjectResult, ReportingDeadline, ResultLine

    accounts_demo.seed()
    partners_demo.seed()
    demo.seed()
    lines = ResultLine.objects.count()
    demo.seed()
    assert Project.objects.count() == len(demo.DEMO_PROJECTS) + len(demo.REPORTING_DEMO)
    # The activity results (energy carriers and data quality) are seeded once, too.
    assert ResultLine.objects.count() == lines > 0
    carriers = set(ResultLine.objects.values_list("carrier", flat=True))
    assert {"erdgas", "diesel", "strom"} <= carriers
    computed = ProjectResult.objects.filter(lines__isnull=False).distinct()
    assert computed.exclude(data_quality="").count() == computed.count() > 0
    assert set(computed.values_list("data_quality", flat=True)) >= {"A", "B", "C"}

    assert ReportingDeadline.objects.count() == NothingToReport.objects.count() == 1
    states = set(Project.objects.values_list("publication", flat=True))
    assert states == {"entwurf", "eingereicht", "veroeffentlicht", "zurueckgegeben"}
    assert Project.objects.published().count() >= 30


def test_partner_published_projects_for_the_profile(lead_partner, participant_partner, draft):
    led = ProjectFactory(lead_partner=lead_partner, start_date="2019-01-01")
    joined = ProjectFactory(lead_partner=participant_partner, start_date="2024-01-01")
    joined.partners.add(lead_partner, through_defaults=CONFIRMED)
    projects = list(selectors.partner_published_projects(lead_partner))
    assert projects == [led, joined]
    assert [p.is_lead for p in projects] == [1, 0]


@pytest.mark.parametrize("published_only", [True, False])
@pytest.mark.parametrize("year_offset", [None, 0, -2])
def test_partner_totals_equal_the_totals_of_each_group(
    lead_partner, participant_partner, published_only, year_offset
):
    """partner_totals counts in one pass what totals() gives for led, participating and all
    projects separately, with stopped projects, drafts, invitations and results after a stop."""
    import datetime

    year = last_complete_year()
    asked = None if year_offset is None else year + year_offset
    other = PartnerFactory()
    led = [
        ProjectFactory(lead_partner=lead_partner, expected_reduction=Decimal("100")),
        ProjectFactory(
            lead_partner=lead_partner,
            status="eingestellt",
            start_date=datetime.date(year - 3, 1, 1),
            end_date=datetime.date(year - 1, 6, 30),
            expected_reduction=Decimal("7"),
        ),
        ProjectFactory(lead_partner=lead_partner, publication="entwurf"),
    ]
    joined = ProjectFactory(lead_partner=other, expected_reduction=Decimal("50"))
    joined.partners.add(lead_partner, through_defaults=CONFIRMED)
    invited = ProjectFactory(lead_partner=participant_partner, expected_reduction=Decimal("9"))
    invited.partners.add(lead_partner)  # an invitation only
    for project in (*led, joined, invited):
        for result_year in (year - 2, year - 1, year):
            ProjectResultFactory(project=project, year=result_year)
    base = Project.objects.published() if published_only else Project.objects.all()
    expected = {
        "led": selectors.totals(base.filter(lead_partner=lead_partner), year=asked),
        "participating": selectors.totals(
            base.with_participant(lead_partner.pk).exclude(lead_partner=lead_partner),
            year=asked,
        ),
        "all": selectors.totals(base.involving(lead_partner.pk), year=asked),
    }
    assert selectors.partner_totals(lead_partner, published_only=published_only, year=asked) == (
        expected
    )
