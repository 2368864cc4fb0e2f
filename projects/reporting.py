"""Reporting compliance (#15.5): who owes a report for a year and who has reported.

Every running published project reports its result for each complete year, or its lead
partner states "nothing to report" with a reason, by the deadline staff set for that year.

A project owes a report for year Y when it is published, led by an active partner, and
running in Y (DESIGN.md "Years"): started on or before 31.12.Y, not planned (a planned project
has not started), and not completed or discontinued before 1.1.Y (a completed or discontinued
project without an end date, stored before the end date was required, owes nothing: when it
ended is unknown). It has reported when it has a result for Y, approved (a `ProjectResult`)
or waiting for review (a pending revision proposes one), or a "nothing to report" statement.
A result in a revision that staff returned does not count: it waits for the partner.

Every function here takes a fixed number of queries, whatever the number of projects.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.content_cache import remember
from partners.models import Partner
from partners.naming import is_named_publicly, public_partner_name

from .models import (
    NothingToReport,
    Project,
    ProjectResult,
    ProjectRevision,
    ReportingDeadline,
    ResultRevision,
)

REPORTED = "reported"
PENDING = "pending"
NOTHING = "nothing"
MISSING = "missing"
STATE_LABELS = {
    REPORTED: gettext_lazy("reported"),
    PENDING: gettext_lazy("reported, in review"),
    NOTHING: gettext_lazy("nothing to report"),
    MISSING: gettext_lazy("missing"),
}


def reporting_year(today: datetime.date | None = None) -> int:
    """The year partners report on now: the last complete year."""
    return (today or timezone.localdate()).year - 1


def running_in(year: int) -> Q:
    """Projects running in `year`: started by its end, not planned, not ended before it."""
    ended = Q(status__in=[Project.Status.COMPLETED, Project.Status.DISCONTINUED]) & (
        Q(end_date__lt=datetime.date(year, 1, 1)) | Q(end_date__isnull=True)
    )
    return (
        Q(start_date__lte=datetime.date(year, 12, 31)) & ~Q(status=Project.Status.PLANNED) & ~ended
    )


def owed_projects(year: int):
    """The published projects of active lead partners that owe a report for `year`."""
    return (
        Project.objects.published()
        .filter(lead_partner__status=Partner.Status.ACTIVE)
        .filter(running_in(year))
    )


def with_report_state(projects, year: int):
    """Annotates `has_result`, `has_pending` and `has_statement` for `year` (subqueries, so
    the whole list stays one query)."""
    return projects.annotate(
        has_result=Exists(ProjectResult.objects.filter(project=OuterRef("pk"), year=year)),
        has_pending=Exists(
            ResultRevision.objects.filter(
                revision__project=OuterRef("pk"),
                revision__state=ProjectRevision.State.PENDING,
                year=year,
            )
        ),
        has_statement=Exists(NothingToReport.objects.filter(project=OuterRef("pk"), year=year)),
    )


def report_state(project) -> str:
    """One of REPORTED, PENDING, NOTHING, MISSING for a project from `with_report_state`."""
    if project.has_result:
        return REPORTED
    if project.has_pending:
        return PENDING
    if project.has_statement:
        return NOTHING
    return MISSING


@dataclass
class ProjectReport:
    project: Project
    state: str
    statement: NothingToReport | None = None

    @property
    def is_missing(self) -> bool:
        return self.state == MISSING

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def has_reported(self) -> bool:
        return self.state in (REPORTED, PENDING)


@dataclass
class PartnerReporting:
    """One partner's reporting for a year. `name` is the name the public may read
    (partners.naming); internal pages use `partner.name`."""

    partner: Partner
    projects: list[ProjectReport] = field(default_factory=list)

    @property
    def name(self) -> str:
        return public_partner_name(self.partner)

    @property
    def named(self) -> bool:
        return is_named_publicly(self.partner)

    @property
    def owed(self) -> int:
        return len(self.projects)

    @property
    def reported(self) -> int:
        return sum(1 for p in self.projects if p.has_reported)

    @property
    def stated_nothing(self) -> int:
        return sum(1 for p in self.projects if p.state == NOTHING)

    @property
    def missing(self) -> int:
        return sum(1 for p in self.projects if p.is_missing)

    @property
    def missing_projects(self) -> list[Project]:
        return [p.project for p in self.projects if p.is_missing]

    @property
    def complete(self) -> bool:
        return self.missing == 0


@dataclass
class Compliance:
    """All partners' reporting for a year, with the deadline (None while staff set none)."""

    year: int
    deadline: ReportingDeadline | None
    partners: list[PartnerReporting]

    @property
    def owed(self) -> int:
        return sum(p.owed for p in self.partners)

    @property
    def reported(self) -> int:
        return sum(p.reported for p in self.partners)

    @property
    def stated_nothing(self) -> int:
        return sum(p.stated_nothing for p in self.partners)

    @property
    def missing(self) -> int:
        return sum(p.missing for p in self.partners)

    @property
    def partners_missing(self) -> list[PartnerReporting]:
        return [p for p in self.partners if not p.complete]

    @property
    def partners_complete(self) -> list[PartnerReporting]:
        return [p for p in self.partners if p.complete]

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.deadline is not None and self.deadline.due_date < today


def deadline_for(year: int) -> ReportingDeadline | None:
    return ReportingDeadline.objects.filter(year=year).first()


def _reports(projects, year: int) -> list[ProjectReport]:
    """The projects with their state; statements fetched in one more query."""
    rows = list(
        with_report_state(projects, year)
        .select_related("lead_partner")
        .order_by("lead_partner__name", "lead_partner_id", "title", "pk")
    )
    stated = [p.pk for p in rows if p.has_statement]
    statements = {
        s.project_id: s
        for s in NothingToReport.objects.filter(project_id__in=stated, year=year).select_related(
            "stated_by"
        )
    }
    return [
        ProjectReport(project=p, state=report_state(p), statement=statements.get(p.pk))
        for p in rows
    ]


def compliance(year: int, *, partner: Partner | None = None) -> Compliance:
    """Every partner that owes reports for `year` (or only `partner`), with each owed project
    and its state, and the year's deadline. Three queries."""
    projects = owed_projects(year)
    if partner is not None:
        projects = projects.filter(lead_partner=partner)
    by_partner: dict[int, PartnerReporting] = {}
    for report in _reports(projects, year):
        lead = report.project.lead_partner
        by_partner.setdefault(lead.pk, PartnerReporting(partner=lead)).projects.append(report)
    return Compliance(year=year, deadline=deadline_for(year), partners=list(by_partner.values()))


@dataclass(frozen=True)
class ComplianceSummary:
    """The counts of `Compliance` without its rows: what the staff dashboard shows."""

    year: int
    deadline: ReportingDeadline | None
    owed: int
    missing: int
    partners_missing: int


def compliance_summary(year: int) -> ComplianceSummary:
    """Projects owing a report for `year`, how many are missing and from how many partners:
    one aggregate query (plus the deadline), whatever the size of the alliance."""
    missing = Q(has_result=False, has_pending=False, has_statement=False)
    counts = with_report_state(owed_projects(year), year).aggregate(
        owed=Count("pk"),
        missing=Count("pk", filter=missing),
        partners_missing=Count("lead_partner", filter=missing, distinct=True),
    )
    return ComplianceSummary(year=year, deadline=deadline_for(year), **counts)


def kept_compliance_summary(year: int) -> ComplianceSummary:
    """`compliance_summary` kept per content generation and day (core.content_cache): the
    staff dashboard asks it on every visit, and it aggregates over every project; projects,
    results, statements and deadlines are all content, so any change starts afresh."""
    return remember(f"projects.compliance_summary:{year}", lambda: compliance_summary(year))


def partner_reporting(partner: Partner, year: int | None = None) -> Compliance:
    """The partner's own reporting for `year` (default: the current reporting year)."""
    return compliance(reporting_year() if year is None else year, partner=partner)


def reporting_compliance(year: int) -> list[dict]:
    """For the annual report: per partner that owes reports for `year`, the counts owed,
    reported (approved or in review), stated nothing and missing. Partners appear by the name
    the public may read (`name`, via partners.naming; `named` says whether it is the real
    one), ordered named first by name, then the unnamed ones. Three queries."""
    rows = [
        {
            "partner_id": p.partner.pk,
            "name": p.name,
            "named": p.named,
            "owed": p.owed,
            "reported": p.reported,
            "stated_nothing": p.stated_nothing,
            "missing": p.missing,
        }
        for p in compliance(year).partners
    ]
    return sorted(rows, key=lambda row: (not row["named"], row["name"].casefold()))


def owes_report(project: Project, year: int, *, today: datetime.date | None = None) -> bool:
    """Whether the project owes a report for `year` (a complete year). One query."""
    today = today or timezone.localdate()
    if not 1990 <= year < today.year:
        return False
    return owed_projects(year).filter(pk=project.pk).exists()


def project_has_reported(project: Project, year: int) -> str:
    """The project's state for `year` (REPORTED, PENDING, NOTHING or MISSING). One query."""
    row = with_report_state(Project.objects.filter(pk=project.pk), year).first()
    return MISSING if row is None else report_state(row)


def deadlines():
    return ReportingDeadline.objects.select_related("set_by").order_by("-year")
