"""The data snapshot of an annual report: every figure the PDF shows, JSON-serialisable.

The PDF, the HTML page and the data release are rendered from this snapshot only, and the
snapshot is stored with the report version, so a published report can be explained later and
never changes when the data does. Decimals become strings, dates ISO strings.

Year semantics (DESIGN.md "Years"): the report for year Y shows the partners of the alliance on
31 December of Y, the projects that had started by then (with their status as it was then),
their approved results for the years up to Y, the meetings and decisions of Y and the city
balance of Y -- or, while that is not there yet, the latest earlier one, labelled as such.
Nothing of a later year appears, whatever has been entered meanwhile.

A fixed number of queries whatever the number of partners, projects or meetings (tested).
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from climate import selectors as climate_selectors
from climate.models import SECTOR_KEYS, CityEmissions
from decisions.models import Position, Proposal
from decisions.selectors import decision_register
from meetings.models import ActionItem, Attendance, Circle, Meeting
from partners.models import Body, Membership, Partner
from partners.naming import public_partner_name, public_partner_names, public_partners
from projects.models import Project, ProjectResult

from . import followup

SNAPSHOT_FORMAT = 2


def dec(value, places: int = 1) -> str | None:
    """A decimal as a string with a fixed number of places (sums on SQLite come as floats)."""
    if value is None:
        return None
    return str(Decimal(str(value)).quantize(Decimal(1).scaleb(-places)))


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def end_of(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def end_of_moment(year: int) -> datetime.datetime:
    return datetime.datetime(year, 12, 31, 23, 59, 59, tzinfo=timezone.get_current_timezone())


def partners_at_end_of(year: int):
    """Partners of the alliance on 31 December: joined by then and not left by then."""
    end = end_of(year)
    member = Q(status__in=[Partner.Status.ACTIVE, Partner.Status.WITHDRAWN]) & (
        Q(joined_on__isnull=True) | Q(joined_on__lte=end)
    )
    still_in = Q(left_on__isnull=True) | Q(left_on__gt=end)
    return Partner.objects.filter(member & still_in).exclude(
        Q(status=Partner.Status.WITHDRAWN) & Q(left_on__isnull=True)
    )


def _partners(year: int) -> dict:
    at_end = partners_at_end_of(year)
    by_kind = Counter(dict(at_end.order_by().values_list("kind").annotate(n=Count("pk"))))
    by_sector = at_end.values("sector__name").annotate(n=Count("pk")).order_by("sector__name")
    # New signatories: organisations that joined in the year (their signature was confirmed).
    # The report is public: names only with consent to public listing (partners.naming).
    new_signatories = [
        {"name": public_partner_name(partner), "joined_on": iso(partner.joined_on)}
        for partner in Partner.objects.filter(joined_on__year=year)
        .exclude(status=Partner.Status.REGISTERED)
        .order_by("joined_on", "name")
        .only("name", "public_listing", "joined_on")
    ]
    withdrawals = [
        {"name": public_partner_name(partner), "left_on": iso(partner.left_on)}
        for partner in Partner.objects.filter(left_on__year=year)
        .order_by("left_on", "name")
        .only("name", "public_listing", "left_on")
    ]
    return {
        "total": sum(by_kind.values()),
        "new_signatories": new_signatories,
        "withdrawals": withdrawals,
        "by_kind": [
            {"label": str(label), "count": by_kind.get(value, 0)}
            for value, label in Partner.Kind.choices
            if by_kind.get(value, 0)
        ],
        "by_sector": [{"label": row["sector__name"] or "", "count": row["n"]} for row in by_sector],
    }


def status_at_end_of(project: Project, year: int) -> str:
    """The project's status on 31 December of the year: one completed or stopped later was
    still in progress then."""
    if project.status in (Project.Status.COMPLETED, Project.Status.DISCONTINUED) and (
        project.end_date is None or project.end_date > end_of(year)
    ):
        return Project.Status.IN_PROGRESS
    if project.status == Project.Status.PLANNED and project.start_date <= end_of(year):
        return Project.Status.PLANNED
    return project.status


def expected_counts_in(project: Project, year: int) -> bool:
    """projects.selectors.expected_counts for one loaded project: running in the year."""
    if project.start_date > end_of(year):
        return False
    if project.status == Project.Status.DISCONTINUED:
        return project.end_date is not None and project.end_date >= datetime.date(year, 1, 1)
    return True


def _results(year: int, project_ids) -> tuple[dict, dict]:
    """Approved results of the published projects ({project: t} in the year, {project: t}
    for all years up to it), none after a discontinued project's stop year. Pending revisions
    are kept apart from ProjectResult, so these are the values as approved now."""
    after_stop = Q(
        project__status=Project.Status.DISCONTINUED, project__end_date__year__lt=F("year")
    )
    rows = (
        ProjectResult.objects.filter(project__in=project_ids, year__lte=year)
        .exclude(after_stop)
        .values("project_id", "year")
        .annotate(s=Sum("achieved_reduction"))
        .order_by()
    )
    in_year: dict[int, Decimal] = {}
    cumulative: dict[int, Decimal] = {}
    for row in rows:
        value = Decimal(str(row["s"] or 0))
        cumulative[row["project_id"]] = cumulative.get(row["project_id"], Decimal(0)) + value
        if row["year"] == year:
            in_year[row["project_id"]] = value
    return in_year, cumulative


def _projects(year: int) -> dict:
    # Projects that existed on 31 December: published and started by then.
    existing = Project.objects.published().filter(start_date__lte=end_of(year))
    rows = list(
        existing.select_related("lead_partner", "field_of_action")
        .with_participants()
        .order_by("field_of_action__position", "title", "pk")
    )
    in_year, cumulative = _results(year, existing.values("pk"))
    status_labels = dict(Project.Status.choices)
    table = []
    by_field: dict[int, dict] = {}
    for body in Body.objects.working_groups().order_by("position", "name"):
        by_field[body.pk] = {
            "name": body.name,
            "projects": 0,
            "expected": Decimal(0),
            "achieved": Decimal(0),
        }
    expected_total = Decimal(0)
    for project in rows:
        counts = expected_counts_in(project, year)
        status = status_at_end_of(project, year)
        achieved = in_year.get(project.pk)
        field = by_field.setdefault(
            project.field_of_action_id,
            {
                "name": project.field_of_action.name,
                "projects": 0,
                "expected": Decimal(0),
                "achieved": Decimal(0),
            },
        )
        field["projects"] += 1
        if counts:
            field["expected"] += project.expected_reduction or 0
            expected_total += project.expected_reduction or 0
        field["achieved"] += achieved or 0
        table.append(
            {
                "title": project.title,
                "lead": public_partner_name(project.lead_partner),
                "partners": public_partner_names(
                    project.participants, exclude=project.lead_partner_id
                ),
                "field_of_action": project.field_of_action.name,
                "status": str(status_labels.get(status, status)),
                "start_date": iso(project.start_date),
                "end_date": iso(project.end_date)
                if project.end_date and project.end_date <= end_of(year)
                else None,
                "expected": dec(project.expected_reduction),
                "expected_counts": counts,
                "achieved": dec(achieved),
                "achieved_to_date": dec(cumulative.get(project.pk)),
                "credited": project.credited,
            }
        )
    achieved_total = sum(in_year.values(), Decimal(0))
    new = sum(1 for p in rows if p.start_date.year == year)
    completed = sum(
        1
        for p in rows
        if p.status == Project.Status.COMPLETED and p.end_date and p.end_date.year == year
    )
    return {
        "total": len(rows),
        "expected": dec(expected_total),
        "achieved": dec(achieved_total),
        "achieved_to_date": dec(sum(cumulative.values(), Decimal(0))),
        "with_result": len(in_year),
        "new": new,
        "completed": completed,
        "by_field_of_action": [
            {
                "name": row["name"],
                "projects": row["projects"],
                "expected": dec(row["expected"]),
                "achieved": dec(row["achieved"]),
                "share_percent": dec(row["achieved"] * 100 / row["expected"], 1)
                if row["expected"]
                else None,
            }
            for row in by_field.values()
        ],
        "expected_vs_achieved": {"expected": dec(expected_total), "achieved": dec(achieved_total)},
        "table": table,
        "_rows": rows,  # for the compliance chapter; removed before the snapshot is stored
        "_in_year": in_year,
    }


def _meetings(year: int) -> dict:
    held = list(
        Meeting.objects.filter(state=Meeting.State.HELD, starts_at__year=year)
        .select_related("body")
        .annotate(attendance=Count("attendances"))
        .order_by("starts_at", "pk")
    )
    circles = (
        Circle.objects.filter(meeting__in=[m.pk for m in held])
        .select_related("meeting")
        .order_by("meeting__starts_at", "position", "pk")
    )
    circles_by_meeting: dict[int, list[dict]] = {}
    for circle in circles:
        circles_by_meeting.setdefault(circle.meeting_id, []).append(
            {
                "title": circle.title,
                "expert_topic": circle.expert_topic,
                "discussion": circle.results_discussion,
                "next_steps": circle.results_next_steps,
            }
        )
    partners_present = (
        Attendance.objects.filter(meeting__in=[m.pk for m in held])
        .values("partner_id")
        .distinct()
        .count()
    )
    meetings = [
        {
            "date": iso(meeting.starts_at),
            "body": meeting.body.name,
            "body_slug": meeting.body.slug,
            "title": meeting.title,
            "attendance": meeting.attendance,
            "summary": meeting.summary,
            "circles": circles_by_meeting.get(meeting.pk, []),
        }
        for meeting in held
    ]
    # Working groups with their members on 31 December: listed partners by name, the others
    # counted (partners.naming).
    members: dict[int, list[Partner]] = {}
    for membership in (
        Membership.objects.current(on=end_of(year))
        .filter(partner__in=partners_at_end_of(year).values("pk"))
        .select_related("partner")
        .order_by("pk")
    ):
        group = members.setdefault(membership.body_id, [])
        if all(p.pk != membership.partner_id for p in group):
            group.append(membership.partner)
    bodies = []
    for body in Body.objects.order_by("position", "name"):
        of_body = [m for m in meetings if m["body_slug"] == body.slug]
        shown = public_partners(members.get(body.pk, []))
        bodies.append(
            {
                "name": body.name,
                "plenary": body.kind == Body.Kind.PLENARY,
                "meetings": len(of_body),
                "attendance": sum(m["attendance"] for m in of_body),
                "circles": sum(len(m["circles"]) for m in of_body),
                "members": [p.name for p in shown.named],
                "members_unnamed": shown.unnamed,
                "members_total": shown.total,
            }
        )
    return {
        "held": len(meetings),
        "attendance": sum(m["attendance"] for m in meetings),
        "partners_present": partners_present,
        "list": meetings,
        "bodies": bodies,
    }


def _decisions(year: int) -> dict:
    # The register lists the newest first; the report tells the year in order.
    register = sorted(decision_register(year=year), key=lambda p: (p.decided_at, p.number))
    # Objection reasons of decisions not adopted, without who stated them: the report is
    # public and positions are the organisations' own.
    reasons: dict[int, list[str]] = {}
    for proposal_id, reason in (
        Position.objects.filter(
            proposal__state=Proposal.State.NOT_ADOPTED,
            proposal__decided_at__year=year,
            is_current=True,
            value=Position.Value.OBJECTION,
        )
        .order_by("pk")
        .values_list("proposal_id", "reason")
    ):
        if reason.strip():
            reasons.setdefault(proposal_id, []).append(reason.strip())
    status = followup.decision_followup(year=year, proposals=register)
    decisions = []
    for proposal in register:
        pk = getattr(proposal, "pk", None)
        decisions.append(
            {
                "number": proposal.number,
                "date": iso(proposal.decided_at),
                "title": proposal.title,
                "body": getattr(getattr(proposal, "body", None), "name", ""),
                "result": str(proposal.get_state_display()),
                "adopted": proposal.state == Proposal.State.ADOPTED,
                "consent": proposal.consent_count,
                "abstain": proposal.abstain_count,
                "objection": proposal.objection_count,
                "objection_reasons": reasons.get(pk, []),
                "followup": status.get(pk, {"status": "", "items": []}),
            }
        )
    return {"available": True, "list": decisions, "followup_source": followup.SOURCE}


def _action_items(year: int) -> dict:
    end = end_of_moment(year)
    items = ActionItem.objects.filter(meeting__starts_at__lte=end)
    # Open on 31 December: still open now, or closed (done or discarded) only after it.
    open_then = Q(status=ActionItem.Status.OPEN) | Q(closed_at__gt=end)
    counts = items.aggregate(
        done=Count(
            "pk",
            filter=Q(status=ActionItem.Status.DONE, closed_at__year=year),
        ),
        open=Count("pk", filter=open_then),
    )
    open_items = [
        {
            "title": item.title,
            "due_on": iso(item.due_on),
            "partner": public_partner_name(item.responsible_partner),
            "body": item.meeting.body.name,
            "status_now": str(item.get_status_display()),
        }
        for item in items.filter(open_then)
        .select_related("responsible_partner", "meeting__body")
        .order_by("due_on", "pk")
    ]
    return {"done": counts["done"], "open": counts["open"], "open_list": open_items}


def _balance_row(row: CityEmissions) -> dict:
    return {
        "year": row.year,
        "total_t": dec(row.total_t),
        "population": row.population,
        "per_capita": dec(row.per_capita, 2),
        "source": row.source,
        "preliminary": row.preliminary,
        "sectors": [
            {"key": SECTOR_KEYS[name], "label": str(label), "t": dec(value)}
            for name, label, value in row.sectors
        ]
        if row.has_sectors
        else [],
    }


def _emissions(year: int) -> dict:
    """The city balance of the year or the latest earlier one, the path up to the year (the
    target values onwards to 2050, without later actual figures) and the alliance's
    contribution as climate computes it, for the complete years up to the report's year."""
    balance = climate_selectors.city_balance()
    rows = [row for row in balance.rows if row.year <= year]
    data = balance.path
    # Later actual figures are left out; the path's own values stay as the way to 2050.
    shown = [
        p
        for p in data.points
        if p.year <= year
        or (p.target is not None and (p.year % 5 == 0 or p.year == data.target_year))
    ]
    points = [
        {
            "year": p.year,
            "actual": dec(p.actual, 2) if p.year <= year else None,
            "target": dec(p.target, 2),
            "preliminary": bool(p.preliminary) and p.year <= year,
        }
        for p in shown
    ]
    latest_row = rows[-1] if rows else None
    latest_point = next((p for p in shown if latest_row and p.year == latest_row.year), None)
    contributions = [c for c in climate_selectors.contributions(balance) if c.year <= year]
    return {
        "base_year": data.base_year,
        "target_year": data.target_year,
        "target_per_capita": dec(data.target_per_capita, 2),
        "points": points,
        "balance_year": latest_row.year if latest_row else None,
        "balance_is_of_year": bool(latest_row and latest_row.year == year),
        "balance": _balance_row(latest_row) if latest_row else None,
        "years": [_balance_row(row) for row in rows],
        "latest": None
        if latest_row is None
        else {
            "year": latest_row.year,
            "actual": dec(latest_row.per_capita, 2),
            "target": dec(latest_point.target, 2) if latest_point else None,
            "position": latest_point.position if latest_point else None,
            "position_text": latest_point.position_text if latest_point else "",
            "preliminary": latest_row.preliminary,
        },
        "contribution_note": climate_selectors.contribution_note(),
        "contributions": [
            {
                "year": c.year,
                "total_t": dec(c.total_t),
                "population": c.population,
                "per_capita": dec(c.per_capita, 2),
                "target": dec(c.target, 2),
                "preliminary": c.preliminary,
                "goal_t": dec(c.goal_t),
                "distance_t": dec(c.distance),
                "goal_reached": c.goal_reached,
                "position": c.position,
                "position_text": c.position_text,
                "achieved_t": dec(c.achieved),
                "share_percent": dec(c.share, 1),
                "fields_of_action": [
                    {
                        "name": str(f.name),
                        "achieved_t": dec(f.achieved),
                        "share_percent": dec(f.share, 1),
                    }
                    for f in c.fields
                ],
            }
            for c in contributions
        ],
    }


def _compliance(year: int, projects: dict) -> dict:
    return followup.reporting_compliance(
        year=year,
        partners=partners_at_end_of(year),
        projects=projects["_rows"],
        with_result=projects["_in_year"],
        expected_counts=lambda project: expected_counts_in(project, year),
    )


def build_snapshot(*, year: int, outlook: str = "") -> dict:
    """All figures of the annual report for `year`."""
    partners = _partners(year)
    projects = _projects(year)
    meetings = _meetings(year)
    decisions = _decisions(year)
    action_items = _action_items(year)
    emissions = _emissions(year)
    compliance = _compliance(year, projects)
    del projects["_rows"], projects["_in_year"]
    return {
        "format": SNAPSHOT_FORMAT,
        "year": year,
        "generated_at": iso(timezone.now()),
        "key_figures": {
            "partners": partners["total"],
            "new_signatories": len(partners["new_signatories"]),
            "withdrawals": len(partners["withdrawals"]),
            "projects": projects["total"],
            "new_projects": projects["new"],
            "completed_projects": projects["completed"],
            "expected": projects["expected"],
            "achieved": projects["achieved"],
            "meetings_held": meetings["held"],
            "decisions": len(decisions["list"]),
            "action_items_done": action_items["done"],
            "action_items_open": action_items["open"],
            "per_capita": emissions["latest"]["actual"] if emissions["latest"] else None,
            "per_capita_year": emissions["latest"]["year"] if emissions["latest"] else None,
            "balance_is_of_year": emissions["balance_is_of_year"],
        },
        "emissions": emissions,
        "partners": partners,
        "projects": projects,
        "meetings": meetings,
        "decisions": decisions,
        "action_items": action_items,
        "compliance": compliance,
        "commitment": compliance["commitment"],
        "outlook": outlook,
    }
