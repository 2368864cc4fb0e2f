"""Figures about projects for the project pages, the home page, partner profiles, dashboards
and the annual report.

Double counting: every total sums over distinct projects. A project counts once however many
partners take part; partner totals keep led and participating projects apart.

Years (DESIGN.md): the expected reduction of a year counts only the projects running in that
year (started in or before it, and, if discontinued, stopped in or after it); the current
expected totals (no year given) leave out the projects discontinued before today. A
discontinued project takes no results after its stop year, and results after it (from before
that rule) are not counted either.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, Sum
from django.utils import timezone

from core.audit.selectors import history_of
from core.audit.services import display_value
from core.content_cache import remember
from partners.models import Body, Partner

from .models import (
    Participation,
    Project,
    ProjectResult,
    ProjectRevision,
    ResultRevision,
    ResultRevisionLine,
    last_complete_year,
)

ZERO = Decimal("0")


@dataclass(frozen=True)
class Totals:
    projects: int
    expected: Decimal
    achieved: Decimal
    year: int
    # Projects among `projects` whose expected reduction is not counted (stopped; for a
    # given year also those not started yet), so pages can say why the sum is smaller.
    not_counted: int = 0


def expected_counts(year: int | None = None, *, prefix: str = "", today=None) -> Q:
    """Projects (reached through `prefix`, e.g. "projects__") whose expected reduction counts
    in `year`: started by the end of it and not discontinued before it began. Without a year,
    the current totals: not discontinued before `today`. A discontinued project without an
    end date (stored before the end date was required) counts nowhere."""
    discontinued = Q(**{f"{prefix}status": Project.Status.DISCONTINUED})
    if year is None:
        today = today or timezone.localdate()
        stopped = Q(**{f"{prefix}end_date__lt": today})
        return ~(discontinued & (stopped | Q(**{f"{prefix}end_date__isnull": True})))
    started = Q(**{f"{prefix}start_date__lte": datetime.date(year, 12, 31)})
    stopped = Q(**{f"{prefix}end_date__lt": datetime.date(year, 1, 1)})
    return started & ~(discontinued & (stopped | Q(**{f"{prefix}end_date__isnull": True})))


def results_count(prefix: str = "") -> Q:
    """Results that count: none after a discontinued project's stop year."""
    after_stop = Q(
        **{
            f"{prefix}project__status": Project.Status.DISCONTINUED,
            f"{prefix}project__end_date__year__lt": F(f"{prefix}year"),
        }
    )
    return ~after_stop


def totals(projects=None, *, year: int | None = None) -> Totals:
    """Number of projects, expected t CO2e/a and achieved t CO2e in `year` (default: the last
    complete calendar year) of a project queryset (default: all published projects). The
    expected reduction is that of the projects running in `year`, or, without a year, of
    those not discontinued before today (see the module docstring). Two queries, whatever the
    size."""
    if projects is None:
        projects = Project.objects.published()
    expected_year = year
    year = year or last_complete_year()
    ids = projects.order_by().values("pk")
    counted = expected_counts(expected_year)
    agg = Project.objects.filter(pk__in=ids).aggregate(
        n=Count("pk"),
        counted=Count("pk", filter=counted),
        expected=Sum("expected_reduction", filter=counted),
    )
    achieved = (
        ProjectResult.objects.filter(project__in=ids, year=year)
        .filter(results_count())
        .aggregate(s=Sum("achieved_reduction"))["s"]
    )
    return Totals(
        projects=agg["n"] or 0,
        expected=agg["expected"] or ZERO,
        achieved=achieved or ZERO,
        year=year,
        not_counted=(agg["n"] or 0) - (agg["counted"] or 0),
    )


def totals_by_field_of_action(*, year: int | None = None) -> list[dict]:
    """Per working group: published projects, expected t CO2e/a, achieved t CO2e in `year`."""
    expected_year = year
    year = year or last_complete_year()
    published = Q(projects__publication=Project.Publication.PUBLISHED)
    groups = Body.objects.working_groups().annotate(
        n=Count("projects", filter=published, distinct=True),
        expected=Sum(
            "projects__expected_reduction",
            filter=published & expected_counts(expected_year, prefix="projects__"),
        ),
    )
    achieved = dict(
        ProjectResult.objects.published()
        .filter(results_count(), year=year)
        .values("project__field_of_action")
        .annotate(s=Sum("achieved_reduction"))
        .values_list("project__field_of_action", "s")
    )
    return [
        {
            "field_of_action": group,
            "projects": group.n,
            "expected": group.expected or ZERO,
            "achieved": achieved.get(group.pk) or ZERO,
            "year": year,
        }
        for group in groups
    ]


def achieved_by_field_of_action_and_year() -> dict[int, dict[str, Decimal]]:
    """{year: {working group slug: achieved t CO2e}} over published projects, years ascending."""
    rows = (
        ProjectResult.objects.published()
        .filter(results_count())
        .values("year", "project__field_of_action__slug")
        .annotate(s=Sum("achieved_reduction"))
        .order_by("year", "project__field_of_action__slug")
    )
    table: dict[int, dict[str, Decimal]] = {}
    for row in rows:
        table.setdefault(row["year"], {})[row["project__field_of_action__slug"]] = row["s"]
    return table


def achieved_by_year(projects=None) -> list[tuple[int, Decimal]]:
    """[(year, achieved t CO2e)] over the projects (default: published), years ascending."""
    if projects is None:
        projects = Project.objects.published()
    rows = (
        ProjectResult.objects.filter(project__in=projects.order_by().values("pk"))
        .filter(results_count())
        .values("year")
        .annotate(s=Sum("achieved_reduction"))
        .order_by("year")
    )
    return [(row["year"], row["s"]) for row in rows]


def expected_vs_achieved(*, year: int | None = None) -> dict:
    """Expected t CO2e/a of the published projects that were in progress or completed in
    `year` (default: the last complete year; planned ones and those stopped before it left
    out), against what the published projects achieved in it."""
    year = year or last_complete_year()
    running = (
        Project.objects.published()
        .filter(expected_counts(year))
        .exclude(status=Project.Status.PLANNED)
    )
    expected = running.aggregate(s=Sum("expected_reduction"))["s"] or ZERO
    achieved = (
        ProjectResult.objects.published()
        .filter(results_count(), year=year)
        .aggregate(s=Sum("achieved_reduction"))["s"]
        or ZERO
    )
    return {"year": year, "expected": expected, "achieved": achieved}


def partner_totals(partner, *, published_only: bool = True, year: int | None = None) -> dict:
    """Led and participating projects of a partner, kept apart; `all` counts each project once."""
    base = Project.objects.published() if published_only else Project.objects.all()
    # Participating = involved but not led, so one pass over the involved projects with the
    # led ones counted apart gives all three (two queries instead of six).
    ids = base.involving(partner.pk).order_by().values("pk")
    expected_year = year
    year = year or last_complete_year()
    counted = expected_counts(expected_year)
    led = Q(lead_partner=partner)
    agg = Project.objects.filter(pk__in=ids).aggregate(
        n=Count("pk"),
        counted=Count("pk", filter=counted),
        expected=Sum("expected_reduction", filter=counted),
        n_led=Count("pk", filter=led),
        counted_led=Count("pk", filter=counted & led),
        expected_led=Sum("expected_reduction", filter=counted & led),
    )
    achieved = (
        ProjectResult.objects.filter(project__in=ids, year=year)
        .filter(results_count())
        .aggregate(
            all=Sum("achieved_reduction"),
            led=Sum("achieved_reduction", filter=Q(project__lead_partner=partner)),
        )
    )

    def made(n, counted_n, expected, achieved_sum) -> Totals:
        return Totals(
            projects=n,
            expected=expected or ZERO,
            achieved=achieved_sum or ZERO,
            year=year,
            not_counted=n - counted_n,
        )

    all_ = made(agg["n"], agg["counted"], agg["expected"], achieved["all"])
    led_ = made(agg["n_led"], agg["counted_led"], agg["expected_led"], achieved["led"])
    participating = made(
        all_.projects - led_.projects,
        agg["counted"] - agg["counted_led"],
        all_.expected - led_.expected,
        all_.achieved - led_.achieved,
    )
    return {"led": led_, "participating": participating, "all": all_}


def partner_published_projects(partner):
    """Published projects the partner leads or takes part in, for the public partner profile
    (lead first, then by start date). Two queries with the participants prefetched."""
    from django.db.models import Case, IntegerField, Value, When

    return (
        Project.objects.published()
        .involving(partner.pk)
        .select_related("lead_partner", "field_of_action")
        .with_participants()
        .annotate(
            is_lead=Case(
                When(lead_partner=partner, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-is_lead", "-start_date", "pk")
    )


def partner_projects(partner):
    """All projects of the partner (led or participating, any state) for /mein-bereich/."""
    return (
        Project.objects.involving(partner.pk)
        .select_related("lead_partner", "field_of_action")
        .order_by("-updated_at")
    )


def partner_project_overview(partner) -> dict:
    """/mein-bereich/projekte/: the projects the partner leads, those it takes part in and
    its totals, kept per partner, content generation and day (core.content_cache)."""

    def compute() -> dict:
        projects = list(partner_projects(partner))
        return {
            "led": [p for p in projects if p.lead_partner_id == partner.pk],
            "participating": [p for p in projects if p.lead_partner_id != partner.pk],
            "totals": partner_totals(partner),
        }

    return remember(f"projects.partner_overview:{partner.pk}", compute)


def visible_project(user, slug: str) -> Project | None:
    """The project with `slug` if the user may see it (Project.objects.visible_to), else
    None. Who sees what depends on the Stabsstelle membership and the partner the user acts
    for only, so the lookup is kept per that kind of viewer, content generation and day."""
    from accounts.roles import is_stabsstelle
    from partners.roles import contact_partner_id

    if is_stabsstelle(user):
        viewer = "staff"
    elif (own := contact_partner_id(user)) is not None:
        viewer = f"partner-{own}"
    else:
        viewer = "public"
    return remember(
        f"projects.visible:{viewer}:{slug}",
        lambda: (
            Project.objects.visible_to(user)
            .select_related("lead_partner", "field_of_action")
            .filter(slug=slug)
            .first()
        ),
    )


def project_documents(project) -> list:
    """The project's documents (for its internal pages), kept per content generation."""
    return remember(f"projects.documents:{project.pk}", lambda: list(project.documents.all()))


def partner_publication_counts(partner) -> list[tuple[str, str, int]]:
    """[(state, label, number)] of the projects the partner leads."""
    counts = dict(
        Project.objects.filter(lead_partner=partner)
        .values_list("publication")
        .annotate(n=Count("pk"))
        .values_list("publication", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in Project.Publication.choices]


def review_queue():
    """Submitted projects waiting for the Stabsstelle, oldest first."""
    return (
        Project.objects.filter(publication=Project.Publication.SUBMITTED)
        .select_related("lead_partner", "field_of_action")
        .order_by("submitted_at", "pk")
    )


def recently_changed(limit: int = 15):
    """The latest changes to projects (from the history): who changed which project when."""
    return Project.history.select_related("history_user").order_by("-history_date")[:limit]


def recent_changes(limit: int = 15) -> list:
    """`recently_changed`, kept per content generation: history rows and accounts are
    content, so a change or a renamed person shows on the next request."""
    return remember(f"projects.recently_changed:{limit}", lambda: list(recently_changed(limit)))


def partner_profile_context(partner) -> dict:
    """The projects' part of the public partner profile (registered in core.registry); the
    totals, three aggregates, are kept per content generation and day (core.content_cache)."""
    return {
        "projects": partner_published_projects(partner),
        "totals": remember(
            f"projects.partner_totals:{partner.pk}", lambda: partner_totals(partner)
        ),
    }


def project_history(project, *, limit: int = 30) -> list:
    """The project's audit trail with its results', newest first (one query, plus the ids)."""
    result_ids = list(ProjectResult.objects.filter(project=project).values_list("pk", flat=True))
    return history_of(project, related={ProjectResult: result_ids}, limit=limit)


# --- pending revisions ----------------------------------------------------------------------


def open_revision(project) -> ProjectRevision | None:
    """The project's pending or returned revision with its results, or None (two queries)."""
    return (
        ProjectRevision.objects.open()
        .filter(project=project)
        .select_related("created_by", "updated_by", "decided_by")
        .prefetch_related(Prefetch("results", queryset=ResultRevision.objects.order_by("year")))
        .first()
    )


def revision_queue():
    """Pending revisions of published projects for the Stabsstelle, oldest change first; a
    constant number of queries (the results are prefetched for their flags)."""
    return (
        ProjectRevision.objects.pending()
        .select_related("project__lead_partner", "updated_by")
        .prefetch_related(Prefetch("results", queryset=ResultRevision.objects.order_by("year")))
        .order_by("updated_at", "pk")
    )


def revision_is_flagged(revision: ProjectRevision) -> bool:
    return bool(revision.flags) or any(entry.flags for entry in revision.results.all())


def staff_queues() -> dict:
    """The staff review page's queues: submitted projects, pending revisions with their flag,
    the latest returned projects."""
    return {
        "queue": list(review_queue()),
        "revisions": [(revision, revision_is_flagged(revision)) for revision in revision_queue()],
        "returned": list(
            Project.objects.filter(publication=Project.Publication.RETURNED)
            .select_related("lead_partner")
            .order_by("-updated_at")[:50]
        ),
    }


def revision_field_rows(revision: ProjectRevision) -> list[dict]:
    """[{label, old, new}] of the proposed content, old being the approved value."""
    project = revision.project
    rows = []
    for name, raw in revision.changes.items():
        if name == "participants":
            new_names = sorted(str(p) for p in Partner.objects.filter(pk__in=raw))
            rows.append(
                {
                    "label": str(Project._meta.get_field("partners").verbose_name),
                    "old": ", ".join(
                        sorted(
                            str(p.partner)
                            for p in project.participations.current().select_related("partner")
                        )
                    ),
                    "new": ", ".join(new_names),
                }
            )
            continue
        field = Project._meta.get_field(name)
        new = raw if field.is_relation else field.to_python(raw)
        rows.append(
            {
                "label": str(field.verbose_name),
                "old": display_value(project, field, getattr(project, field.attname)),
                "new": display_value(project, field, new),
            }
        )
    return rows


def revision_result_rows(revision: ProjectRevision) -> list[dict]:
    """[{entry, approved}] of the proposed results with the approved result of that year."""
    approved = {
        r.year: r for r in ProjectResult.objects.filter(project_id=revision.project_id).with_lines()
    }
    entries = revision.results.prefetch_related(
        Prefetch("lines", queryset=ResultRevisionLine.objects.select_related("factor"))
    )
    return [{"entry": entry, "approved": approved.get(entry.year)} for entry in entries]


# --- participation ------------------------------------------------------------------------------


def unconfirmed_participations(project) -> list:
    """Invitations of the project not confirmed (open or declined), for its internal pages."""
    return list(
        project.participations.exclude(state=Participation.State.CONFIRMED)
        .select_related("partner", "invited_by")
        .order_by("partner__name", "pk")
    )


def participation_requests(partner) -> list:
    """Open invitations of the partner to take part in projects, oldest first (one query),
    for its dashboard."""
    return list(
        Participation.objects.invited()
        .filter(partner=partner)
        .select_related(
            "project__lead_partner", "project__field_of_action", "partner", "invited_by"
        )
        .order_by("invited_at", "pk")
    )
