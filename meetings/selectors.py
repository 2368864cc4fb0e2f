"""Reads about meetings and action items (public pages, dashboards, partner pages). The reads
about bodies and memberships are in partners/selectors.py."""

from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.content_cache import remember
from core.dates import start_of_day as day_start
from partners.models import Body, Membership, Partner
from partners.selectors import (
    partner_bodies,
    partner_memberships,
    pending_memberships,
    suggested_working_groups,
)

from .models import ActionItem, CircleRegistration, Meeting

PLENARY_MEETINGS_PER_YEAR = 2


def upcoming_meetings_for_partner(partner: Partner, limit: int = 10, now=None) -> list[Meeting]:
    """Published upcoming meetings of the partner's bodies. The meetings that end today or
    later are kept per content generation and day (core.content_cache); which of them have
    not ended yet changes with the hour and is decided here, on every call."""
    now = now or timezone.now()
    start_of_day = day_start(now)

    def from_today() -> list[Meeting]:
        body_ids = [body.pk for body in partner_bodies(partner)]
        return list(
            Meeting.objects.filter(body_id__in=body_ids, state=Meeting.State.PUBLISHED)
            .upcoming(now=start_of_day)
            .select_related("body")
        )

    meetings = remember(
        f"meetings.partner_from_today:{partner.pk}:{partner.status}:{start_of_day.date()}",
        from_today,
    )
    return [meeting for meeting in meetings if meeting.ends_at >= now][:limit]


def rsvps_by_meeting(user, meetings) -> dict[int, object]:
    """The user's RSVP per meeting id (one query, kept per content generation: every answer
    is a write to a content table)."""
    from .models import Rsvp

    ids = tuple(m.pk for m in meetings)
    if not ids:
        return {}
    return remember(
        f"meetings.rsvps:{user.pk}:{','.join(map(str, ids))}",
        lambda: {r.meeting_id: r for r in Rsvp.objects.filter(user=user, meeting_id__in=ids)},
    )


def partner_open_action_items(partner: Partner):
    """ "Meine offenen Aufgaben": unfinished items owned by the partner or by a working group
    it currently belongs to (not the items someone of the partner created)."""
    if partner is None or partner.status != Partner.Status.ACTIVE:
        return ActionItem.objects.none()
    groups = Membership.objects.current().filter(partner=partner).values("body_id")
    return (
        ActionItem.objects.open()
        .filter(
            Q(owner_kind=ActionItem.Owner.PARTNER, responsible_partner=partner)
            | Q(owner_kind=ActionItem.Owner.BODY, responsible_body__in=groups)
        )
        .select_related("meeting", "meeting__body", "responsible_person", "responsible_body")
        .order_by("due_on", "pk")
    )


def open_points_for(meeting: Meeting):
    """Open action items of earlier meetings of the same body ("offene Punkte")."""
    return (
        ActionItem.objects.open()
        .filter(meeting__body_id=meeting.body_id, meeting__starts_at__lt=meeting.starts_at)
        .select_related("meeting", "responsible_partner")
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class PlenaryRule:
    year: int
    count: int

    @property
    def required(self) -> int:
        return PLENARY_MEETINGS_PER_YEAR

    @property
    def is_met(self) -> bool:
        return self.count >= PLENARY_MEETINGS_PER_YEAR

    @property
    def missing(self) -> int:
        return max(0, PLENARY_MEETINGS_PER_YEAR - self.count)


def plenary_rule(year: int | None = None) -> PlenaryRule:
    """The twice-a-year rule: plenary meetings held or scheduled (published) in the year.

    Drafts and cancelled meetings do not count.
    """
    year = year or timezone.localdate().year
    count = Meeting.objects.filter(
        body__kind=Body.Kind.PLENARY,
        state__in=[Meeting.State.PUBLISHED, Meeting.State.HELD],
        starts_at__year=year,
    ).count()
    return PlenaryRule(year=year, count=count)


def action_items_for_staff(params=None):
    """The staff list of action items with its filters (meetings/filters.py); returns the
    filter set (its form) and the items."""
    from .action_item_filters import ActionItemFilter

    items = ActionItem.objects.select_related(
        "meeting",
        "meeting__body",
        "responsible_partner",
        "responsible_body",
        "responsible_person",
        "circle",
    ).order_by("due_on", "pk")
    filterset = ActionItemFilter(params or None, queryset=items)
    return filterset, filterset.qs


def staff_action_item_counts() -> dict[str, int]:
    today = timezone.localdate()
    return ActionItem.objects.aggregate(
        open=Count("pk", filter=Q(status__in=ActionItem.UNFINISHED)),
        overdue=Count("pk", filter=Q(status__in=ActionItem.UNFINISHED, due_on__lt=today)),
        mine=Count(
            "pk",
            filter=Q(status__in=ActionItem.UNFINISHED, owner_kind=ActionItem.Owner.STABSSTELLE),
        ),
    )


def meetings_by_year(meetings) -> "OrderedDict[int, list[Meeting]]":
    grouped: OrderedDict[int, list[Meeting]] = OrderedDict()
    for meeting in meetings:
        grouped.setdefault(timezone.localtime(meeting.starts_at).year, []).append(meeting)
    return grouped


def public_meeting_detail_queryset():
    return Meeting.objects.public().select_related("body")


def circles_with_counts(meeting: Meeting):
    return meeting.circles.annotate(
        registered_count=Count(
            "registrations",
            filter=Q(registrations__status=CircleRegistration.Status.REGISTERED),
        ),
        waiting_count=Count(
            "registrations",
            filter=Q(registrations__status=CircleRegistration.Status.WAITING),
        ),
    )


def manage_page_parts(meeting: Meeting) -> dict:
    """What the staff meeting page shows of the meeting besides the meeting row itself:
    agenda, theme circles with their counts, documents, action items, the replies, who was
    present and why body and date are locked. All of it is content (action items name
    people, and accounts are content too), so it is kept per content generation, day and
    language (the lock reason is a sentence)."""
    from .models import Rsvp

    def compute() -> dict:
        return {
            "agenda": list(meeting.agenda_items.all()),
            "circles": list(circles_with_counts(meeting)),
            "documents": list(meeting.documents.select_related("circle")),
            "action_items": list(
                meeting.action_items.select_related(
                    "responsible_partner", "responsible_person", "responsible_body"
                )
            ),
            "rsvp_counts": meeting.rsvps.aggregate(
                yes=Count("pk", filter=Q(answer=Rsvp.Answer.YES)),
                no=Count("pk", filter=Q(answer=Rsvp.Answer.NO)),
            ),
            "attended": list(meeting.attendances.values_list("partner_id", flat=True)),
            "present": list(
                meeting.attendances.values_list("people", flat=True).exclude(people=None)
            ),
            "lock_reason": meeting_lock_reason(meeting),
        }

    return remember(f"meetings.manage:{meeting.pk}", compute, per_language=True)


def invitees_emails(meeting: Meeting) -> list[str]:
    """Who gets the invitation: all contacts of active partners for the plenary; the
    representatives of the working group's members otherwise."""
    from partners.models import Contact

    if meeting.body.kind == Body.Kind.PLENARY:
        return list(
            Contact.objects.filter(
                partner__status=Partner.Status.ACTIVE, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    return list(
        Membership.objects.current()
        .filter(body=meeting.body, partner__status=Partner.Status.ACTIVE)
        .filter(representative__is_active=True)
        .values_list("representative__email", flat=True)
    )


def partner_dashboard(partner: Partner, user) -> dict:
    """Context for the meetings sections of /mein-bereich/ (a fixed number of queries)."""
    upcoming = upcoming_meetings_for_partner(partner)
    rsvps = rsvps_by_meeting(user, upcoming)
    return {
        "meetings_partner": partner,  # the object the section's rules are asked about
        # Which meetings are upcoming and their reply windows change with the hour: decided
        # on every request from the meetings kept for the day.
        "meetings_upcoming": [(meeting, rsvps.get(meeting.pk)) for meeting in upcoming],
        **_partner_standing(partner),
        "meetings_today": timezone.localdate(),
    }


def _partner_standing(partner: Partner) -> dict:
    """The partner's open action items, bodies, memberships and suggested working groups:
    they change only with content (items, memberships, the partner) or the day, so they are
    kept per content generation and day (core.content_cache)."""
    return remember(
        f"meetings.partner_standing:{partner.pk}:{partner.status}:{partner.sector_id}",
        lambda: {
            "meetings_action_items": list(partner_open_action_items(partner)),
            "meetings_bodies": partner_bodies(partner),
            "meetings_memberships": list(partner_memberships(partner)),
            "meetings_suggested": suggested_working_groups(partner),
        },
    )


def staff_dashboard(user) -> dict:
    """Context for the meetings sections of /stabsstelle/ (a fixed number of queries). What
    depends on the content and the day only is kept per content generation and day."""
    return {
        **remember("meetings.staff_dashboard", _staff_dashboard_of_the_day),
        "meetings_next": next_meetings(),
    }


NEXT_MEETINGS_KEPT = 50


def next_meetings(limit: int = 5, now=None) -> list[Meeting]:
    """The next draft or published meetings that have not ended. The first ones ending today
    or later are kept per content generation and day; which of them have ended changes with
    the hour and is decided on every call (only when the meetings of today alone outnumber
    the kept ones is the database asked)."""
    now = now or timezone.now()
    active = Meeting.objects.filter(state__in=[Meeting.State.DRAFT, Meeting.State.PUBLISHED])
    start = day_start(now)
    kept = remember(
        f"meetings.next_from_today:{start.date()}",
        lambda: list(active.upcoming(now=start).select_related("body")[:NEXT_MEETINGS_KEPT]),
    )
    meetings = [meeting for meeting in kept if meeting.ends_at >= now]
    if len(meetings) < limit and len(kept) == NEXT_MEETINGS_KEPT:
        return list(active.upcoming(now=now).select_related("body")[:limit])
    return meetings[:limit]


def _staff_dashboard_of_the_day() -> dict:
    return {
        "meetings_plenary_rule": plenary_rule(),
        "meetings_action_item_counts": staff_action_item_counts(),
        "meetings_overdue_items": list(
            ActionItem.objects.overdue()
            .select_related("meeting__body", "responsible_partner", "responsible_body")
            .order_by("due_on")[:10]
        ),
        "meetings_pending_memberships": list(pending_memberships()),
    }


# Lifecycle, invitees and replies (#16) ------------------------------------------------------


def has_decisions(meeting: Meeting) -> bool:
    """Whether something above this app (a proposal of decisions/) points at one of the
    meeting's agenda items: those relations protect the items, so they are found without
    importing the app above."""
    from django.db import models

    from .models import AgendaItem

    for relation in AgendaItem._meta.related_objects:
        if (
            relation.on_delete is models.PROTECT
            and relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__meeting": meeting}
            ).exists()
        ):
            return True
    return False


def meeting_lock_reason(meeting: Meeting) -> str:
    """Why body and date of the meeting can no longer change (empty when they can)."""
    if meeting.pk is None:
        return ""
    if meeting.attendances.exists():
        return _(
            "Body and date cannot be changed: attendance has been recorded for this meeting. "
            "Create a new meeting instead."
        )
    if has_decisions(meeting):
        return _(
            "Body and date cannot be changed: proposals are discussed or decided under its "
            "agenda. Create a new meeting instead."
        )
    return ""


def invitees(meeting: Meeting):
    """The invited people (the audience of the invitation, change notice and cancellation)
    with their partner: every contact of an active partner for the plenary, the current
    representatives of the working group's active members otherwise."""
    from accounts.models import User

    if meeting.body.kind == Body.Kind.PLENARY:
        users = User.objects.filter(
            is_active=True, partner_contact__partner__status=Partner.Status.ACTIVE
        )
    else:
        users = User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.current()
            .filter(body=meeting.body, partner__status=Partner.Status.ACTIVE)
            .values("representative_id"),
        )
    return users.select_related("partner_contact__partner").order_by("name", "email")


def non_responders(meeting: Meeting) -> list[tuple[Partner, list]]:
    """Invited partners of which nobody has answered yet, each with its invited people."""
    answered = set(meeting.rsvps.values_list("partner_id", flat=True))
    grouped: OrderedDict[int, tuple[Partner, list]] = OrderedDict()
    people = sorted(
        invitees(meeting), key=lambda u: (u.partner_contact.partner.name.lower(), u.name)
    )
    for person in people:
        partner = person.partner_contact.partner
        if partner.pk in answered:
            continue
        grouped.setdefault(partner.pk, (partner, []))[1].append(person)
    return list(grouped.values())
