"""The report's chapters on partners' reporting compliance and on the decisions' follow-up.

Both are owned by other apps: projects.reporting.reporting_compliance(year) and a decisions
selector of the year's decisions with their follow-up status. While those do not exist, the
report derives what the data already holds (results recorded for the year; the decision's
review date), so the chapters have their structure and the snapshot its keys either way.
`SOURCE` says which one filled the snapshot.
"""

import importlib
from collections.abc import Callable

from partners.naming import public_partners

SOURCE = "reports"


def _optional(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def reporting_compliance(
    *,
    year: int,
    partners,
    projects: list,
    with_result: dict,
    expected_counts: Callable,
) -> dict:
    """Per partner that leads a project running in the year: how many of its projects have
    reported for the year. Named only with consent. Also the commitment (partners of the
    alliance on 31 December with no published project started by then).

    The counts come from projects.reporting.reporting_compliance(year) (#15.5: a result,
    approved or in review, or a "nothing to report" statement counts; the deadline staff set),
    else from the approved results alone."""
    at_end = list(partners.only("name", "public_listing"))
    partner_ids = {p.pk for p in at_end}
    leads: dict[int, dict] = {}
    involved: set[int] = set()
    for project in projects:
        involved.add(project.lead_partner_id)
        involved.update(p.pk for p in project.participants)
        if project.lead_partner_id not in partner_ids or not expected_counts(project):
            continue
        row = leads.setdefault(
            project.lead_partner_id, {"partner": project.lead_partner, "projects": 0, "reported": 0}
        )
        row["projects"] += 1
        row["reported"] += 1 if project.pk in with_result else 0
    # The commitment (DESIGN.md): a published project the partner leads or confirmed taking
    # part in, started by the end of the year.
    without = [p for p in at_end if p.pk not in involved]
    shown_without = public_partners(without)
    commitment = {
        "without_project": shown_without.labels,
        "without_project_count": len(without),
    }
    selector = _optional("projects.reporting", "reporting_compliance")
    if selector is not None:
        return _from_projects(year, selector(year), commitment)
    complete = [r for r in leads.values() if r["reported"] == r["projects"]]
    missing = [r for r in leads.values() if r["reported"] < r["projects"]]
    named_missing = public_partners([r["partner"] for r in missing])
    by_partner = {r["partner"].pk: r for r in missing}
    return {
        "source": SOURCE,
        "deadline": None,
        "stated_nothing": 0,
        "partners_reporting": len(leads),
        "complete": len(complete),
        "incomplete": len(missing),
        "projects": sum(r["projects"] for r in leads.values()),
        "reported": sum(r["reported"] for r in leads.values()),
        "missing": [
            {
                "name": partner.name,
                "projects": by_partner[partner.pk]["projects"],
                "reported": by_partner[partner.pk]["reported"],
            }
            for partner in named_missing.named
        ],
        "missing_unnamed": named_missing.unnamed,
        "commitment": commitment,
    }


def _from_projects(year: int, rows: list[dict], commitment: dict) -> dict:
    """The snapshot's shape from projects.reporting.reporting_compliance(year)'s rows."""
    deadline = _optional("projects.reporting", "deadline_for")
    found = deadline(year) if deadline is not None else None
    missing = [row for row in rows if row["missing"]]
    return {
        "source": "projects.reporting",
        "deadline": found.due_date.isoformat() if found is not None else None,
        "partners_reporting": len(rows),
        "complete": len(rows) - len(missing),
        "incomplete": len(missing),
        "projects": sum(row["owed"] for row in rows),
        "reported": sum(row["reported"] for row in rows),
        "stated_nothing": sum(row["stated_nothing"] for row in rows),
        "missing": [
            {"name": row["name"], "projects": row["owed"], "reported": row["reported"]}
            for row in missing
            if row["named"]
        ],
        "missing_unnamed": sum(1 for row in missing if not row["named"]),
        "commitment": commitment,
    }


def decision_followup(*, year: int, proposals: list) -> dict:
    """{proposal pk: {"status": text, "items": [...]}} as it stands when the report is made:
    decisions.selectors.decisions_with_followup(year) (#14: open / being implemented /
    implemented from the decision's tasks, with its public tasks), else the tasks directly or
    the review date the proposal carries."""
    selector = _optional("decisions.selectors", "decisions_with_followup")
    if selector is not None:
        found = {}
        for proposal in selector(year):
            found[proposal.pk] = {
                "status": str(getattr(proposal, "followup_status_display", "") or ""),
                "items": [
                    f"{item.title} ({item.get_status_display()})"
                    for item in getattr(proposal, "followup_items", [])
                ],
            }
        # Proposals the selector does not know (a register entry it leaves out) fall back.
        missing = [p for p in proposals if getattr(p, "pk", None) not in found]
        if missing:
            found.update(_followup_from_tasks(year=year, proposals=missing))
        return found
    return _followup_from_tasks(year=year, proposals=proposals)


def _followup_from_tasks(*, year: int, proposals: list) -> dict:
    """The decisions' tasks (decisions.DecisionTask -> meetings.ActionItem) as they stand now:
    "n of m tasks done", each task with its status; else the review date. One query."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from core.dates import date_short

    # decisions.DecisionTask arrives with the decisions follow-up (#14, being built).
    task_model = _optional("decisions.models", "DecisionTask")
    tasks: dict[int, list] = {}
    links = (
        []
        if task_model is None
        else (
            task_model.objects.filter(proposal__decided_at__year=year)
            .select_related("action_item")
            .order_by("proposal_id", "action_item__due_on", "pk")
        )
    )
    for link in links:
        tasks.setdefault(link.proposal_id, []).append(link.action_item)
    found = {}
    for proposal in proposals:
        pk = getattr(proposal, "pk", None)
        items = tasks.get(pk, [])
        review_on = getattr(proposal, "review_on", None)
        if items:
            done = sum(1 for item in items if item.status == "erledigt")
            status = ngettext(
                "%(done)s of %(n)s task done", "%(done)s of %(n)s tasks done", len(items)
            ) % {"done": done, "n": len(items)}
        elif review_on:
            status = _("review on %(date)s") % {"date": date_short(review_on)}
        else:
            status = ""
        found[pk] = {
            "status": status,
            "items": [f"{item.title} ({item.get_status_display()})" for item in items],
        }
    return found
