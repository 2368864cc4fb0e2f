"""The data snapshot of an annual report: every figure the PDF shows, JSON-serialisable.

The PDF is rendered from this snapshot only, and the snapshot is stored with the report, so a
published report can be explained later. Decimals become strings, dates ISO strings.

A fixed number of queries whatever the number of partners, projects or meetings (tested).
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from decisions.selectors import decision_register
from meetings.models import ActionItem, Attendance, Circle, Meeting
from partners.models import Body, Partner
from partners.naming import public_partner_name, public_partner_names
from partners.selectors import partners_without_project
from projects.models import Project, ProjectResult
from projects.selectors import expected_vs_achieved, totals, totals_by_field_of_action

from .selectors import target_path

SNAPSHOT_FORMAT = 1


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


def _partners(year: int) -> dict:
    end = datetime.date(year, 12, 31)
    # Partners of the alliance at the end of the year: joined by then and not left by then.
    member = Q(status__in=[Partner.Status.ACTIVE, Partner.Status.WITHDRAWN]) & (
        Q(joined_on__isnull=True) | Q(joined_on__lte=end)
    )
    still_in = Q(left_on__isnull=True) | Q(left_on__gt=end)
    at_end = Partner.objects.filter(member & still_in).exclude(
        Q(status=Partner.Status.WITHDRAWN) & Q(left_on__isnull=True)
    )
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


def _projects(year: int) -> dict:
    published = Project.objects.published()
    overall = totals(year=year)
    new = published.filter(start_date__year=year).count()
    completed = published.filter(status=Project.Status.COMPLETED, end_date__year=year).count()
    achieved_in_year = dict(
        ProjectResult.objects.published()
        .filter(year=year)
        .values("project_id")
        .annotate(s=Sum("achieved_reduction"))
        .values_list("project_id", "s")
    )
    status_labels = dict(Project.Status.choices)
    table = []
    rows = (
        published.select_related("lead_partner", "field_of_action")
        .with_participants()
        .order_by("field_of_action__position", "title", "pk")
    )
    for project in rows:
        table.append(
            {
                "title": project.title,
                "lead": public_partner_name(project.lead_partner),
                "partners": public_partner_names(
                    project.participants, exclude=project.lead_partner_id
                ),
                "field_of_action": project.field_of_action.name,
                "status": str(status_labels.get(project.status, project.status)),
                "start_date": iso(project.start_date),
                "end_date": iso(project.end_date),
                "expected": dec(project.expected_reduction),
                "achieved": dec(achieved_in_year.get(project.pk)),
                "credited": project.credited,
            }
        )
    comparison = expected_vs_achieved(year=year)
    return {
        "total": overall.projects,
        "expected": dec(overall.expected),
        "achieved": dec(overall.achieved),
        "new": new,
        "completed": completed,
        "by_field_of_action": [
            {
                "name": row["field_of_action"].name,
                "projects": row["projects"],
                "expected": dec(row["expected"]),
                "achieved": dec(row["achieved"]),
            }
            for row in totals_by_field_of_action(year=year)
        ],
        "expected_vs_achieved": {
            "expected": dec(comparison["expected"]),
            "achieved": dec(comparison["achieved"]),
        },
        "table": table,
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
    bodies = []
    for body in Body.objects.order_by("position", "name"):
        of_body = [m for m in meetings if m["body_slug"] == body.slug]
        bodies.append(
            {
                "name": body.name,
                "plenary": body.kind == Body.Kind.PLENARY,
                "meetings": len(of_body),
                "attendance": sum(m["attendance"] for m in of_body),
                "circles": sum(len(m["circles"]) for m in of_body),
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
    decisions = []
    # The register lists the newest first; the report tells the year in order.
    register = sorted(decision_register(year=year), key=lambda p: (p.decided_at, p.number))
    for proposal in register:
        decisions.append(
            {
                "number": proposal.number,
                "date": iso(proposal.decided_at),
                "title": proposal.title,
                "body": getattr(getattr(proposal, "body", None), "name", ""),
                "result": str(proposal.get_state_display()),
                "consent": proposal.consent_count,
                "abstain": proposal.abstain_count,
                "objection": proposal.objection_count,
            }
        )
    return {"available": True, "list": decisions}


def _action_items(year: int) -> dict:
    end = datetime.datetime(year, 12, 31, 23, 59, 59, tzinfo=timezone.get_current_timezone())
    items = ActionItem.objects.filter(meeting__starts_at__lte=end)
    counts = items.aggregate(
        done=Count("pk", filter=Q(status=ActionItem.Status.DONE, closed_at__year=year)),
        open=Count("pk", filter=Q(status=ActionItem.Status.OPEN)),
    )
    open_items = [
        {
            "title": item.title,
            "due_on": iso(item.due_on),
            "partner": public_partner_name(item.responsible_partner),
            "body": item.meeting.body.name,
        }
        for item in items.open()
        .select_related("responsible_partner", "meeting__body")
        .order_by("due_on", "pk")
    ]
    return {"done": counts["done"], "open": counts["open"], "open_list": open_items}


def _emissions() -> dict:
    data = target_path()
    latest = data.latest
    return {
        "base_year": data.base_year,
        "target_year": data.target_year,
        "target_per_capita": dec(data.target_per_capita, 2),
        "points": [
            {"year": p.year, "actual": dec(p.actual, 2), "target": dec(p.target, 2)}
            for p in data.points
        ],
        "latest": None
        if latest is None
        else {
            "year": latest.year,
            "actual": dec(latest.actual, 2),
            "target": dec(latest.target, 2),
            "on_path": latest.on_path,
        },
    }


def _commitment() -> dict:
    without = partners_without_project()
    return {
        # Named partners, then one entry counting those not named publicly.
        "without_project": public_partner_names([status.partner for status in without]),
        "without_project_count": len(without),
    }


def build_snapshot(*, year: int, outlook: str = "") -> dict:
    """All figures of the annual report for `year`."""
    partners = _partners(year)
    projects = _projects(year)
    meetings = _meetings(year)
    decisions = _decisions(year)
    action_items = _action_items(year)
    emissions = _emissions()
    commitment = _commitment()
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
        },
        "emissions": emissions,
        "partners": partners,
        "projects": projects,
        "meetings": meetings,
        "decisions": decisions,
        "action_items": action_items,
        "commitment": commitment,
        "outlook": outlook,
    }
