"""Reads about consensus decisions: the public register, the dashboards' open procedures,
the staff's proposals to close and the decisions of a meeting."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from core.content_cache import remember
from core.dates import start_of_day as day_start
from meetings.models import ActionItem, Meeting
from partners.models import Body, Partner

from .models import Comment, DecisionTask, Position, Proposal

# Follow-up --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUp:
    """A decision's follow-up status, derived from its tasks (discarded ones do not count):
    "umgesetzt" when every task is done, "in Umsetzung" when one is in progress or done,
    "offen" otherwise (also while it has no task yet)."""

    key: str
    label: str
    tasks: int
    done: int


FOLLOW_UP_LABELS = {
    "offen": pgettext_lazy("follow-up", "open"),
    "in_umsetzung": pgettext_lazy("follow-up", "being implemented"),
    "umgesetzt": pgettext_lazy("follow-up", "implemented"),
}


def follow_up_status(*, tasks: int, done: int, started: int) -> FollowUp:
    if tasks and done == tasks:
        key = "umgesetzt"
    elif started or done:
        key = "in_umsetzung"
    else:
        key = "offen"
    return FollowUp(key=key, label=str(FOLLOW_UP_LABELS[key]), tasks=tasks, done=done)


def _task_count(**action_item):
    """Tasks of the outer proposal, counted in a correlated subquery: a page that shows ten
    decisions counts the tasks of those ten, not of every decision before the LIMIT."""
    tasks = DecisionTask.objects.filter(proposal=OuterRef("pk"))
    discarded = action_item.pop("exclude_discarded", False)
    if discarded:
        tasks = tasks.exclude(action_item__status=ActionItem.Status.DISCARDED)
    if action_item:
        tasks = tasks.filter(**{f"action_item__{k}": v for k, v in action_item.items()})
    counted = tasks.order_by().values("proposal").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_follow_up_counts(proposals):
    """Annotates the counts the follow-up status is derived from (in the same query)."""
    return proposals.annotate(
        task_count=_task_count(exclude_discarded=True),
        task_done=_task_count(status=ActionItem.Status.DONE),
        task_started=_task_count(status=ActionItem.Status.IN_PROGRESS),
    )


def follow_up_of(proposal) -> FollowUp | None:
    """The follow-up of an adopted decision annotated by `with_follow_up_counts` (None for
    others: a proposal that was not adopted has nothing to implement)."""
    if proposal.state != Proposal.State.ADOPTED:
        return None
    return follow_up_status(
        tasks=proposal.task_count, done=proposal.task_done, started=proposal.task_started
    )


def public_tasks_prefetch(to_attr: str = "public_tasks") -> Prefetch:
    return Prefetch(
        "tasks",
        queryset=DecisionTask.objects.filter(action_item__is_public=True)
        .exclude(action_item__status=ActionItem.Status.DISCARDED)
        .select_related("action_item__responsible_partner", "action_item__responsible_body")
        .order_by("action_item__due_on", "pk"),
        to_attr=to_attr,
    )


def decision_tasks(proposal: Proposal, *, public: bool):
    """The decision's tasks (action items), by due date; public ones only for the public."""
    items = ActionItem.objects.filter(decision_link__proposal=proposal).select_related(
        "responsible_partner", "responsible_body", "responsible_person"
    )
    if public:
        items = items.public()
    return items.order_by("due_on", "pk")


def decisions_with_followup(year: int) -> list:
    """The annual report's decisions: those decided in `year` (adopted and not adopted), by
    date, each with `follow_up` (a `FollowUp`, None when not adopted; also as the text
    `followup_status_display`) and its public tasks (action items) as `public_tasks` and
    `followup_items`. Two queries."""
    proposals = list(
        with_follow_up_counts(Proposal.objects.decided_public().filter(decided_at__year=year))
        .select_related("body")
        .prefetch_related(public_tasks_prefetch("public_task_links"))
        .order_by("decided_at", "pk")
    )
    for proposal in proposals:
        proposal.follow_up = follow_up_of(proposal)
        proposal.followup_status_display = proposal.follow_up.label if proposal.follow_up else ""
        proposal.public_tasks = [link.action_item for link in proposal.public_task_links]
        proposal.followup_items = proposal.public_tasks
    return proposals


# Discussion -------------------------------------------------------------------------------


def discussion(proposal: Proposal):
    return (
        Comment.objects.filter(proposal=proposal)
        .select_related("author", "partner", "hidden_by")
        .order_by("created_at", "pk")
    )


def decision_register(*, year: int | None = None, body: Body | None = None, query: str = ""):
    """Decided proposals (number, decided_at, title, body, state, stored counts and the
    follow-up counts), newest first. One query whatever the number of decisions; the page
    adds the public tasks with `public_tasks_prefetch` (one more)."""
    proposals = with_follow_up_counts(
        Proposal.objects.decided_public().select_related("body", "agenda_item__meeting")
    )
    if year:
        proposals = proposals.filter(decided_at__year=year)
    if body is not None:
        proposals = proposals.filter(body=body)
    for term in (query or "").split()[:10]:
        proposals = proposals.filter(Q(title__icontains=term) | Q(text__icontains=term))
    return proposals.order_by("-decided_at", "-pk")


def decision_years() -> list[int]:
    return sorted(
        {d.year for d in Proposal.objects.decided_public().dates("decided_at", "year")},
        reverse=True,
    )


def open_procedures_awaiting(partner: Partner | None, now=None) -> list[Proposal]:
    """Open written procedures before their deadline where the partner has no position yet."""
    if partner is None or partner.status != Partner.Status.ACTIVE:
        return []
    return [p for p, answered in _open_procedures(partner, now) if not answered]


def open_procedures_answered(partner: Partner | None, now=None) -> list[Proposal]:
    """Open written procedures where the partner has stated a position (it may change it)."""
    if partner is None:
        return []
    return [p for p, answered in _open_procedures(partner, now) if answered]


def _open_procedures(partner: Partner, now=None) -> list[tuple[Proposal, bool]]:
    """The open written procedures with whether the partner has answered, by deadline. The
    procedures that are open today are kept per content generation and day (positions and
    proposals are content; core.content_cache), with one query for the partner's answers;
    which deadlines have passed changes with the minute and is decided on every call."""
    now = now or timezone.now()
    start_of_day = day_start(now)

    def open_today() -> list[tuple[Proposal, bool]]:
        proposals = list(
            Proposal.objects.open()
            .written()
            .filter(deadline__gt=start_of_day)
            .select_related("body")
            .order_by("deadline", "pk")
        )
        if not proposals:
            return []
        answered = set(
            Position.objects.filter(
                partner=partner, is_current=True, proposal__in=proposals
            ).values_list("proposal_id", flat=True)
        )
        return [(p, p.pk in answered) for p in proposals]

    kept = remember(f"decisions.open_procedures:{partner.pk}:{start_of_day.date()}", open_today)
    return [(p, answered) for p, answered in kept if p.deadline > now]


def staff_open_proposals():
    """Drafts and open proposals for the Stabsstelle."""
    return (
        Proposal.objects.filter(state__in=[Proposal.State.DRAFT, Proposal.State.OPEN])
        .select_related("body", "agenda_item__meeting")
        .order_by("state", "deadline", "pk")
    )


def staff_proposal_lists(now=None) -> dict:
    """The staff dashboard's drafts and open proposals (the first 20) and those to close now.
    All drafts and open proposals are kept per content generation and day (core.content_cache);
    which of them are due changes with the minute and is decided here with the rule of
    `proposals_to_close`."""
    now = now or timezone.now()
    active = remember("decisions.staff_active_proposals", lambda: list(staff_open_proposals()))
    return {
        "open": active[:20],
        "to_close": sorted((p for p in active if _is_due(p, now)), key=lambda p: p.pk),
    }


def _is_due(proposal: Proposal, now) -> bool:
    if proposal.state != Proposal.State.OPEN:
        return False
    if proposal.procedure == Proposal.Procedure.MEETING:
        item = proposal.agenda_item
        return item is not None and item.meeting.starts_at <= now
    if proposal.procedure == Proposal.Procedure.WRITTEN:
        return proposal.deadline is not None and proposal.deadline <= now
    return False


def proposals_to_close(now=None):
    """Open meeting proposals whose meeting has started (staff close them) and written
    procedures past their deadline (the beat task closes them)."""
    now = now or timezone.now()
    return (
        Proposal.objects.open()
        .filter(
            Q(procedure=Proposal.Procedure.MEETING, agenda_item__meeting__starts_at__lte=now)
            | Q(procedure=Proposal.Procedure.WRITTEN, deadline__lte=now)
        )
        .select_related("body", "agenda_item__meeting")
        .order_by("pk")
    )


def staff_page_parts(proposal: Proposal) -> dict:
    """The positions (every one stated, with partner and person) and the tasks of a proposal
    for its staff page, kept per content generation: positions, tasks and accounts are
    content, so a new position or task shows on the next request."""

    def compute() -> dict:
        return {
            "positions": list(
                proposal.positions.select_related("partner", "stated_by").order_by(
                    "partner__name", "-stated_at", "-pk"
                )
            ),
            "tasks": list(decision_tasks(proposal, public=False)),
        }

    return remember(f"decisions.staff_page:{proposal.pk}", compute)


def meeting_decisions(meeting: Meeting):
    """Decided proposals taken in the meeting (for its page and the minutes)."""
    return (
        Proposal.objects.decided()
        .filter(agenda_item__meeting=meeting)
        .select_related("agenda_item")
        .order_by("decided_at", "pk")
    )


def decided_page_parts(proposal: Proposal, *, internal: bool) -> dict:
    """What the page shows of a proposal that is the same for every visitor of a kind (staff
    see internal tasks as well)."""
    adopted = proposal.state == Proposal.State.ADOPTED
    return {
        "follow_up": (
            follow_up_of(with_follow_up_counts(Proposal.objects.filter(pk=proposal.pk)).get())
            if adopted
            else None
        ),
        "corrections": list(proposal.corrections.decided().order_by("decided_at")),
        # The public learns why a proposal failed, without learning who objected.
        "public_objection_reasons": (
            list(
                proposal.positions.filter(is_current=True, value=Position.Value.OBJECTION)
                .order_by("pk")
                .values_list("reason", flat=True)
            )
            if proposal.decided_at is not None
            else []
        ),
        "tasks": list(decision_tasks(proposal, public=not internal)) if adopted else [],
    }
