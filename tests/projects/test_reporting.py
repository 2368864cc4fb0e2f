"""Reporting compliance (#15.5): who owes a report, who has reported, "nothing to report",
the deadline, the partner's section, the staff page and CSV, and who may do what."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.audit.models import AuditEntry
from core.page_cache import bump_generation
from partners.services import contact_add
from projects import reporting, services
from projects import reporting_services as rs
from projects.models import NothingToReport, ReportingDeadline
from tests.factories import (
    PartnerFactory,
    ProjectFactory,
    ProjectResultFactory,
    StaffUserFactory,
    UserFactory,
)

from .conftest import make_contact

YEAR = timezone.localdate().year - 1


def project(partner, **fields):
    return ProjectFactory(lead_partner=partner, **fields)


def statement_url(p, year=YEAR):
    return reverse("projects_reporting:statement", args=[p.slug, year])


# --- who owes a report --------------------------------------------------------------------------


def test_owed_projects_follow_status_dates_publication_and_partner_state(db):
    active = PartnerFactory()
    owed = project(active)  # in progress since 2021
    owed_ended_in_year = project(
        active, status="abgeschlossen", end_date=datetime.date(YEAR, 6, 30)
    )
    project(active, status="abgeschlossen", end_date=datetime.date(YEAR - 1, 12, 31))
    project(active, status="eingestellt", end_date=datetime.date(YEAR - 2, 5, 1))
    project(active, start_date=datetime.date(YEAR + 1, 1, 1))  # starts after the year
    project(active, status="geplant", start_date=datetime.date(YEAR, 12, 1))  # not running
    project(active, publication="entwurf")
    project(active, publication="eingereicht")
    project(PartnerFactory(status="ausgetreten"))
    project(PartnerFactory(status="registriert"))
    assert set(reporting.owed_projects(YEAR)) == {owed, owed_ended_in_year}
    assert reporting.owes_report(owed, YEAR)
    assert not reporting.owes_report(owed, YEAR + 1)  # not complete
    assert not reporting.owes_report(owed, 1989)
    assert not reporting.owes_report(owed, 2020)  # before its start


def test_a_result_a_pending_result_or_a_statement_counts_a_returned_one_does_not(db):
    partner = PartnerFactory(name="Alpha")
    contact = make_contact(partner)
    staff = StaffUserFactory()
    approved, pending, returned, stated, missing = (
        project(partner, title=t, calculation_method="Messung") for t in ("A", "B", "C", "D", "E")
    )
    ProjectResultFactory(project=approved, year=YEAR, achieved_reduction=Decimal("100"))
    for p in (pending, returned):
        services.result_set(
            project=p,
            actor=contact,
            year=YEAR,
            achieved_reduction=Decimal("120.5"),
            justification="",
        )
    services.revision_return(
        revision=returned.revisions.get(), actor=staff, comment="Bitte Nachweis", notify=False
    )
    rs.nothing_to_report_state(project=stated, actor=contact, year=YEAR, reason="Anlage defekt")
    status = reporting.compliance(YEAR)
    [entry] = status.partners
    states = {r.project.title: r.state for r in entry.projects}
    assert states == {
        "A": reporting.REPORTED,
        "B": reporting.PENDING,
        "C": reporting.MISSING,
        "D": reporting.NOTHING,
        "E": reporting.MISSING,
    }
    assert (entry.owed, entry.reported, entry.stated_nothing, entry.missing) == (5, 2, 1, 2)
    assert [p.title for p in entry.missing_projects] == ["C", "E"]
    assert status.partners_missing == [entry]


def test_the_dashboard_summary_counts_what_the_full_compliance_lists(db, django_assert_num_queries):
    alpha, beta, done = PartnerFactory(name="Alpha"), PartnerFactory(name="Beta"), PartnerFactory()
    for partner in (alpha, alpha, beta, done):
        project(partner)
    project(beta, publication="entwurf")  # owes nothing
    ProjectResultFactory(project=project(done), year=YEAR)
    ProjectResultFactory(project=project(beta), year=YEAR)
    full = reporting.compliance(YEAR)
    with django_assert_num_queries(2):
        summary = reporting.compliance_summary(YEAR)
    assert (summary.owed, summary.missing, summary.partners_missing) == (
        full.owed,
        full.missing,
        len(full.partners_missing),
    )
    assert (summary.owed, summary.missing, summary.partners_missing) == (6, 4, 3)


def test_the_staff_dashboard_summary_follows_a_new_report_and_a_bulk_change(client, db):
    """The summary is kept per content generation: a result added, and a bulk update of the
    projects, show on the next visit."""
    partner = PartnerFactory()
    owing = [project(partner), project(partner)]
    client.force_login(StaffUserFactory())

    def summary():
        page = client.get("/stabsstelle/").content.decode()
        return page.split("Berichtspflichtige Projekte: ")[1].split(")")[0]

    assert summary() == "2, fehlend: 2 (Partnerorganisationen mit fehlenden Meldungen: 1"
    ProjectResultFactory(project=owing[0], year=YEAR)
    assert summary() == "2, fehlend: 1 (Partnerorganisationen mit fehlenden Meldungen: 1"
    type(owing[1]).objects.filter(pk=owing[1].pk).update(publication="entwurf")
    assert summary() == "1, fehlend: 0 (Partnerorganisationen mit fehlenden Meldungen: 0"


def test_reporting_compliance_names_only_consenting_partners(db):
    named = PartnerFactory(name="Zeta Energie", public_listing=True)
    unnamed = PartnerFactory(name="Geheim GmbH", public_listing=False)
    for partner in (named, unnamed):
        project(partner)
    ProjectResultFactory(project=project(named), year=YEAR)
    rows = reporting.reporting_compliance(YEAR)
    assert [(r["name"], r["named"]) for r in rows] == [
        ("Zeta Energie", True),
        ("eine Partnerorganisation (ohne öffentliche Nennung)", False),
    ]
    assert rows[0] | {"partner_id": None} == {
        "partner_id": None,
        "name": "Zeta Energie",
        "named": True,
        "owed": 2,
        "reported": 1,
        "stated_nothing": 0,
        "missing": 1,
    }
    assert "Geheim" not in str(rows)


def test_compliance_takes_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    def seed(n):
        for i in range(n):
            partner = PartnerFactory()
            p = project(partner)
            if i % 2:
                ProjectResultFactory(project=p, year=YEAR)
            NothingToReport.objects.create(project=project(partner), year=YEAR, reason="x")

    seed(2)
    with django_assert_max_num_queries(3):
        small = reporting.compliance(YEAR).missing
    seed(8)
    with django_assert_max_num_queries(3):
        assert reporting.compliance(YEAR).missing > small


# --- the deadline ---------------------------------------------------------------------------------


def test_deadline_set_and_changed_with_history(db):
    staff = StaffUserFactory()
    row = rs.reporting_deadline_set(actor=staff, year=YEAR, due_date=datetime.date(YEAR + 1, 3, 31))
    row.staff_notified_at = timezone.now()
    row.save()
    changed = rs.reporting_deadline_set(
        actor=staff, year=YEAR, due_date=datetime.date(YEAR + 1, 4, 30)
    )
    assert changed.pk == row.pk and changed.staff_notified_at is None
    actions = list(
        AuditEntry.objects.filter(object_id=str(row.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == ["changed", "created"]
    entry = AuditEntry.objects.get(object_id=str(row.pk), action="changed")
    assert entry.changes["due_date"]["old"] != entry.changes["due_date"]["new"]


@pytest.mark.parametrize(
    ("year", "due", "field"),
    [
        (timezone.localdate().year, datetime.date(timezone.localdate().year + 1, 3, 31), "year"),
        (1989, datetime.date(1990, 3, 31), "year"),
        (YEAR, datetime.date(YEAR, 12, 31), "due_date"),
        (YEAR, datetime.date(2051, 1, 1), "due_date"),
    ],
)
def test_deadline_needs_a_complete_year_and_a_date_after_it(db, year, due, field):
    with pytest.raises(ValidationError) as error:
        rs.reporting_deadline_set(actor=StaffUserFactory(), year=year, due_date=due)
    assert field in error.value.error_dict


def test_database_refuses_a_second_deadline_or_statement_and_an_empty_reason(db):
    ReportingDeadline.objects.create(year=YEAR, due_date=datetime.date(YEAR + 1, 3, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingDeadline.objects.create(year=YEAR, due_date=datetime.date(YEAR + 1, 4, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingDeadline.objects.create(year=1980, due_date=datetime.date(1981, 4, 1))
    p = project(PartnerFactory())
    NothingToReport.objects.create(project=p, year=YEAR, reason="Stillstand")
    with pytest.raises(IntegrityError), transaction.atomic():
        NothingToReport.objects.create(project=p, year=YEAR, reason="noch einmal")
    with pytest.raises(IntegrityError), transaction.atomic():
        NothingToReport.objects.create(project=p, year=YEAR - 1, reason="")


# --- "nothing to report" ----------------------------------------------------------------------


def test_statement_is_recorded_with_who_and_when_and_audited(db):
    partner = PartnerFactory()
    contact = make_contact(partner)
    p = project(partner)
    statement = rs.nothing_to_report_state(
        project=p, actor=contact, year=YEAR, reason="  Anlage war stillgelegt  "
    )
    assert statement.reason == "Anlage war stillgelegt"
    assert statement.stated_by == contact and statement.stated_at is not None
    assert AuditEntry.objects.filter(object_id=str(statement.pk), action="created").exists()
    with pytest.raises(ValidationError, match="bereits"):
        rs.nothing_to_report_state(project=p, actor=contact, year=YEAR, reason="zweimal")


def test_statement_refused_when_reported_not_owed_or_not_allowed(db):
    partner = PartnerFactory()
    contact = make_contact(partner)
    p = project(partner)
    ProjectResultFactory(project=p, year=YEAR)
    with pytest.raises(ValidationError, match="bereits"):
        rs.nothing_to_report_state(project=p, actor=contact, year=YEAR, reason="x")
    with pytest.raises(ValidationError):
        rs.nothing_to_report_state(project=p, actor=contact, year=YEAR + 1, reason="x")
    with pytest.raises(ValidationError):
        rs.nothing_to_report_state(project=p, actor=contact, year=YEAR - 1, reason="a\nb")
    for actor in (make_contact(PartnerFactory()), StaffUserFactory()):
        with pytest.raises(PermissionDenied):
            rs.nothing_to_report_state(project=p, actor=actor, year=YEAR - 1, reason="x")


def test_partner_states_nothing_to_report_through_the_form(client, db):
    partner = PartnerFactory()
    contact = make_contact(partner)
    p = project(partner, title="Solarpark Ost")
    client.force_login(contact)
    page = client.get(statement_url(p))
    assert page.status_code == 200
    response = client.post(statement_url(p), {"reason": ""})
    assert response.status_code == 200
    text = response.content.decode()
    assert "error-summary" in text and "Bitte geben Sie den Grund an" in text
    response = client.post(statement_url(p), {"reason": "Zeile\x01mit Steuerzeichen"})
    assert response.status_code == 200 and not NothingToReport.objects.exists()
    assert "Zeile" in response.content.decode()  # input kept
    response = client.post(statement_url(p), {"reason": "Umbau, kein Betrieb"})
    assert response.status_code == 302 and response["Location"] == reverse("partner_dashboard")
    assert NothingToReport.objects.get().reason == "Umbau, kein Betrieb"
    # Once stated, the page says so and a second statement is refused on the form.
    assert "bereits" in client.get(statement_url(p)).content.decode()
    response = client.post(statement_url(p), {"reason": "noch einmal"})
    assert response.status_code == 200 and NothingToReport.objects.count() == 1


def test_statement_page_for_a_year_the_project_does_not_owe_is_404(client, db):
    partner = PartnerFactory()
    contact = make_contact(partner)
    p = project(partner)
    client.force_login(contact)
    for year in (YEAR + 1, 2020, 1900, 99999999999):
        assert client.get(statement_url(p, year)).status_code == 404
    draft = project(partner, publication="entwurf")
    assert client.get(statement_url(draft)).status_code == 404


@pytest.mark.parametrize("state", ["registriert", "ausgetreten"])
def test_statement_refused_for_other_roles(client, db, state):
    partner = PartnerFactory()
    p = project(partner)
    url = statement_url(p)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous["Location"]
    refused = [make_contact(PartnerFactory()), StaffUserFactory()]
    # A contact of the lead partner once it is registered/signed only, or withdrawn.
    left = PartnerFactory(status=state)
    left_project = project(PartnerFactory())
    left_project.lead_partner = left
    left_project.save()
    left_contact = make_contact(left)
    for user in refused:
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(left_contact)
    assert client.post(statement_url(left_project), {"reason": "x"}).status_code in (403, 404)
    assert not NothingToReport.objects.exists()


def test_rules_for_the_lead_partners_states(db):
    partner = PartnerFactory()
    contact = make_contact(partner)
    p = project(partner)
    assert contact.has_perm("projects.state_nothing_to_report", p)
    assert contact.has_perm("projects.view_reporting", partner)
    for state in ("registriert", "ausgetreten"):
        partner.status = state
        partner.save()
        fresh = UserFactory()
        contact_add(partner=PartnerFactory(), user=fresh)
        p.lead_partner.refresh_from_db()
        user = type(contact).objects.get(pk=contact.pk)  # no cached partner state
        assert not user.has_perm("projects.state_nothing_to_report", p)
        assert not user.has_perm("projects.view_reporting", partner)
    assert not StaffUserFactory().has_perm("projects.state_nothing_to_report", p)


# --- the partner's section --------------------------------------------------------------------


def test_dashboard_section_lists_what_is_missing_with_links(client, db):
    partner = PartnerFactory()
    contact = make_contact(partner)
    missing = project(partner, title="Wärmepumpe Nord")
    done = project(partner, title="Solardach Süd")
    ProjectResultFactory(project=done, year=YEAR)
    project(PartnerFactory(), title="Fremdes Projekt")
    ReportingDeadline.objects.create(year=YEAR, due_date=datetime.date(YEAR + 1, 3, 31))
    client.force_login(contact)
    text = client.get(reverse("partner_dashboard")).content.decode()
    assert f"Jahresbericht {YEAR}" in text or f"Berichtspflicht {YEAR}" in text
    assert f"31.03.{YEAR + 1}" in text
    assert "Wärmepumpe Nord" in text and statement_url(missing) in text
    assert reverse("projects_partner:result_add", args=[missing.slug]) in text
    assert statement_url(done) not in text and "Fremdes Projekt" not in text


def test_dashboard_section_is_left_out_for_partners_that_are_not_active(client, db):
    partner = PartnerFactory(status="registriert")
    contact = make_contact(partner)
    ProjectFactory(lead_partner=partner)
    client.force_login(contact)
    text = client.get(reverse("partner_dashboard")).content.decode()
    assert "reporting-heading" not in text


# --- the staff page ---------------------------------------------------------------------------


def world_for_staff():
    alpha = PartnerFactory(name="Alpha Energie")
    beta = PartnerFactory(name="Beta Bau", public_listing=False)
    a1 = project(alpha, title="Alpha Solar")
    project(alpha, title="Alpha Wärme")
    b1 = project(beta, title="=Beta Formel")
    ProjectResultFactory(project=a1, year=YEAR)
    NothingToReport.objects.create(project=b1, year=YEAR, reason="Stillstand wegen Umbau")
    return alpha, beta


def test_staff_page_lists_partners_projects_counts_and_sets_the_deadline(client, db):
    world_for_staff()
    staff = StaffUserFactory()
    client.force_login(staff)
    url = reverse("projects_reporting:staff")
    text = client.get(url, {"jahr": YEAR}).content.decode()
    for word in ("Alpha Energie", "Beta Bau", "Alpha Wärme", "Stillstand wegen Umbau"):
        assert word in text
    response = client.post(
        url, {"deadline-year": YEAR, "deadline-due_date": f"{YEAR + 1}-03-31"}, follow=True
    )
    assert ReportingDeadline.objects.get(year=YEAR).due_date == datetime.date(YEAR + 1, 3, 31)
    assert f"31.03.{YEAR + 1}" in response.content.decode()
    bad = client.post(url, {"deadline-year": YEAR, "deadline-due_date": f"{YEAR}-12-01"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
    assert "nach dem Ende des Berichtsjahres" in bad.content.decode()
    for garbage in ("x", "-1", "99999999999999999999", "2025\x00", ""):
        assert client.get(url, {"jahr": garbage}).status_code == 200
        post = client.post(url, {"deadline-year": garbage, "deadline-due_date": garbage})
        assert post.status_code == 200


def test_staff_page_takes_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    world_for_staff()
    client.force_login(StaffUserFactory())
    url = reverse("projects_reporting:staff")
    client.get(url)
    bump_generation()  # both measured on a new content generation: nothing kept yet
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for i in range(6):
        p = project(PartnerFactory())
        NothingToReport.objects.create(project=p, year=YEAR, reason=f"Grund {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_csv_export_goes_through_the_safe_writer(client, db):
    world_for_staff()
    client.force_login(StaffUserFactory())
    response = client.get(reverse("projects_reporting:staff_csv"), {"jahr": YEAR})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert lines[0].startswith("Jahr;Frist;Partner;Projekt")
    assert len(lines) == 4
    assert "'=Beta Formel" in text and "nichts zu berichten" in text and "fehlt" in text


@pytest.mark.parametrize("name", ["staff", "staff_csv"])
def test_staff_pages_refuse_partners_and_anonymous(client, db, name):
    url = reverse(f"projects_reporting:{name}")
    assert client.get(url)["Location"].startswith("/konto/login/")
    for state in ("aktiv", "registriert", "ausgetreten"):
        client.force_login(make_contact(PartnerFactory(status=state)))
        assert client.get(url).status_code == 403
        assert client.post(url, {"deadline-year": YEAR}).status_code in (403, 405)
    assert not ReportingDeadline.objects.exists()


def test_staff_dashboard_shows_the_summary(client, db):
    world_for_staff()
    client.force_login(StaffUserFactory())
    text = client.get(reverse("staff_dashboard")).content.decode()
    assert reverse("projects_reporting:staff") in text


def test_staff_page_lists_who_has_not_reported_first(client, db):
    done = PartnerFactory(name="Aaa Fertig GmbH")
    ProjectResultFactory(project=project(done), year=YEAR)
    project(PartnerFactory(name="Zzz Säumig GmbH"))
    client.force_login(StaffUserFactory())
    text = client.get(reverse("projects_reporting:staff"), {"jahr": YEAR}).content.decode()
    assert text.index("Zzz Säumig GmbH") < text.index("Aaa Fertig GmbH")
