"""Reads about consensus decisions: the public register, the dashboards' open procedures,
the staff's proposals to close and the decisions of a meeting."""

from django.db.models import Q
from django.utils import timezone

from meetings.models import Meeting
from partners.models import Body, Partner

from .models import Position, Proposal


def decision_register(*, year: int | None = None, body: Body | None = None, query: str = ""):
    """Decided proposals (number, decided_at, title, body, state, stored counts), newest first.

    One query whatever the number of decisions; the counts are stored when decided.
    """
    proposals = Proposal.objects.decided_public().select_related("body", "agenda_item__meeting")
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


def open_procedures_awaiting(partner: Partner | None, now=None):
    """Open written procedures before their deadline where the partner has no position yet."""
    if partner is None or partner.status != Partner.Status.ACTIVE:
        return Proposal.objects.none()
    answered = Position.objects.filter(partner=partner, is_current=True).values("proposal_id")
    return (
        Proposal.objects.open()
        .written()
        .filter(deadline__gt=now or timezone.now())
        .exclude(pk__in=answered)
        .select_related("body")
        .order_by("deadline")
    )


def open_procedures_answered(partner: Partner | None, now=None):
    """Open written procedures where the partner has stated a position (it may change it)."""
    if partner is None:
        return Proposal.objects.none()
    answered = Position.objects.filter(partner=partner, is_current=True).values("proposal_id")
    return (
        Proposal.objects.open()
        .written()
        .filter(deadline__gt=now or timezone.now(), pk__in=answered)
        .select_related("body")
        .order_by("deadline")
    )


def staff_open_proposals():
    """Drafts and open proposals for the Stabsstelle."""
    return (
        Proposal.objects.filter(state__in=[Proposal.State.DRAFT, Proposal.State.OPEN])
        .select_related("body", "agenda_item__meeting")
        .order_by("state", "deadline", "pk")
    )


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


def meeting_decisions(meeting: Meeting):
    """Decided proposals taken in the meeting (for its page and the minutes)."""
    return (
        Proposal.objects.decided()
        .filter(agenda_item__meeting=meeting)
        .select_related("agenda_item")
        .order_by("decided_at", "pk")
    )
