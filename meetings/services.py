"""Writes on bodies, memberships, meetings, theme circles, documents and action items.

Each function is one transaction; mails leave after commit.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit.services import diff, field_values, log_action
from core.mail import send_portal_mail
from partners.models import Body, Contact, Membership, Partner
from partners.roles import contact_partner_id

from . import ics, selectors
from .models import (
    AgendaItem,
    Attendance,
    Circle,
    CircleRegistration,
    Document,
    Meeting,
    Rsvp,
)
from .validators import detect_document_type

MEETING_FIELDS = {
    "body",
    "title",
    "starts_at",
    "ends_at",
    "format",
    "place",
    "online_link",
    "core_topics",
    "description",
    "rsvp_deadline",
    "minutes",
    "summary",
}
# Changing these after publication changes the calendar entry: SEQUENCE goes up.
CALENDAR_FIELDS = {
    "title",
    "starts_at",
    "ends_at",
    "format",
    "place",
    "online_link",
    "description",
}
# Changing these of a published meeting mails the invited a change notice (unless staff mark
# the edit as minor).
NOTICE_FIELDS = {"starts_at", "ends_at", "format", "place", "online_link"}
# A meeting with attendance or decisions keeps its body and date: the decision register and
# the consensus rule point at them.
LOCKED_FIELDS = ("body", "starts_at", "ends_at")
AGENDA_FIELDS = {"title", "description", "presenter", "duration_minutes", "position"}
CIRCLE_FIELDS = {
    "title",
    "moderator",
    "expert_name",
    "expert_topic",
    "capacity",
    "position",
    "results_discussion",
    "results_next_steps",
}


def _require(actor, perm: str, obj=None) -> None:
    """The service asks the same named rule as the view's gate (meetings/rules.py)."""
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied


def _check_fields(fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


# Bodies and memberships -------------------------------------------------------------------


@transaction.atomic
def body_update(*, body: Body, actor: User, description: str) -> Body:
    _require(actor, "meetings.change_body")
    body.description = description
    body.full_clean()
    body.save(update_fields=["description"])
    return body


@transaction.atomic
def membership_propose(
    *,
    partner: Partner,
    body: Body,
    representative: User,
    role: str,
    actor: User,
    valid_from: datetime.date | None = None,
) -> Membership:
    """A contact of the partner (or staff) proposes a representative; staff confirm it."""
    if partner.status != Partner.Status.ACTIVE:
        raise ValidationError(_("Only active partners send representatives."))
    _require(actor, "meetings.propose_membership", partner)
    membership = Membership(
        partner=partner,
        body=body,
        representative=representative,
        role=role,
        valid_from=valid_from or timezone.localdate(),
        proposed_by=actor,
    )
    membership.full_clean(validate_constraints=False)
    if Membership.objects.filter(
        body=body, representative=representative, status__in=Membership.OPEN_STATUSES
    ).exists():
        raise _duplicate_membership_error(None)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        raise _duplicate_membership_error(exc) from exc
    send_portal_mail(
        to=[settings.STAFF_NOTIFICATION_EMAIL],
        subject=_("Membership proposed: %(partner)s in %(body)s")
        % {"partner": partner.name, "body": body.name},
        template="meetings/mail/membership_proposed.txt",
        context={"membership": membership},
        kind="membership.proposed",
    )
    return membership


@transaction.atomic
def membership_decide(*, membership: Membership, actor: User, confirm: bool) -> Membership:
    _require(actor, "meetings.confirm_membership")
    membership = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
    if membership.status != Membership.Status.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    membership.status = Membership.Status.CONFIRMED if confirm else Membership.Status.REJECTED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.full_clean()
    membership.save()
    send_portal_mail(
        to=[membership.representative.email],
        subject=_("Your membership in %(body)s") % {"body": membership.body.name},
        template="meetings/mail/membership_decided.txt",
        context={"membership": membership},
        kind="membership.decided",
    )
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, actor: User, valid_until: datetime.date | None = None
) -> Membership:
    """Ends a proposed or confirmed membership at once, on `valid_until` (default: today; it
    counts up to the day before), so the from/until dates stay as the history of the group."""
    _require(actor, "meetings.end_membership", membership)
    membership = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
    if membership.status not in Membership.OPEN_STATUSES:
        raise ValidationError(_("This membership has already ended."))
    today = timezone.localdate()
    if valid_until is None:
        valid_until = max(membership.valid_from, today)
    if valid_until > today:
        raise ValidationError({"valid_until": _("The last day cannot be in the future.")})
    if valid_until < membership.valid_from:
        raise ValidationError({"valid_until": _("The end date must not be before the start date.")})
    before = field_values(membership, ["status", "valid_until"])
    membership.status = Membership.Status.ENDED
    membership.valid_until = valid_until
    membership.full_clean()
    membership.save(update_fields=["status", "valid_until"])
    log_action(obj=membership, action="ended", actor=actor, changes=diff(membership, before))
    return membership


def _duplicate_membership_error(exc: IntegrityError) -> ValidationError:
    return ValidationError(
        {
            "representative": _(
                "This person is already proposed for or a member of this working group."
            )
        }
    )


@transaction.atomic
def membership_add(
    *,
    body: Body,
    representative: User,
    role: str,
    actor: User,
    valid_from: datetime.date | None = None,
) -> Membership:
    """Staff add a representative directly: confirmed at once, for the person's partner."""
    _require(actor, "meetings.confirm_membership")
    partner = Partner.objects.filter(contacts__user=representative).first()
    if partner is None:
        raise ValidationError(
            {"representative": _("This person is no contact of a partner organisation.")}
        )
    if partner.status != Partner.Status.ACTIVE:
        raise ValidationError({"representative": _("Only active partners send representatives.")})
    now = timezone.now()
    membership = Membership(
        partner=partner,
        body=body,
        representative=representative,
        role=role,
        valid_from=valid_from or timezone.localdate(),
        status=Membership.Status.CONFIRMED,
        proposed_by=actor,
        decided_by=actor,
        decided_at=now,
    )
    membership.full_clean(validate_constraints=False)
    if Membership.objects.filter(
        body=body, representative=representative, status__in=Membership.OPEN_STATUSES
    ).exists():
        raise _duplicate_membership_error(None)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        raise _duplicate_membership_error(exc) from exc
    log_action(obj=membership, action="created", actor=actor)
    send_portal_mail(
        to=[representative.email],
        subject=_("Your membership in %(body)s") % {"body": body.name},
        template="meetings/mail/membership_decided.txt",
        context={"membership": membership},
        kind="membership.decided",
    )
    return membership


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, actor: User) -> Membership:
    _require(actor, "meetings.confirm_membership")
    membership = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
    if membership.status not in Membership.OPEN_STATUSES:
        raise ValidationError(_("The role of an ended membership cannot be changed."))
    before = field_values(membership, ["role"])
    membership.role = role
    membership.full_clean(validate_constraints=False)
    membership.save(update_fields=["role"])
    log_action(obj=membership, action="changed", actor=actor, changes=diff(membership, before))
    return membership


# Meetings ---------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, actor: User, **fields) -> Meeting:
    _require(actor, "meetings.manage_meetings")
    _check_fields(fields, MEETING_FIELDS)
    meeting = Meeting(**fields, created_by=actor, state=Meeting.State.DRAFT)
    meeting.full_clean()
    meeting.save()
    return meeting


def _lock_errors(meeting: Meeting, changed: set[str]) -> dict:
    if not changed & set(LOCKED_FIELDS):
        return {}
    reason = selectors.meeting_lock_reason(meeting)
    if not reason:
        return {}
    return {name: [reason] for name in LOCKED_FIELDS if name in changed}


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: User, notify: bool = True, **fields) -> Meeting:
    """Saves the meeting. A published meeting whose time, place, format or online link
    changed gets a higher SEQUENCE and, unless `notify` is off (a minor edit), a change
    notice with the updated calendar entry to everyone invited."""
    _require(actor, "meetings.manage_meetings")
    _check_fields(fields, MEETING_FIELDS)
    # Lock the row, then compare with what is stored (the caller's instance is updated).
    Meeting.objects.select_for_update(of=("self",)).filter(pk=meeting.pk).first()
    meeting.refresh_from_db()
    before = field_values(meeting, sorted(MEETING_FIELDS))
    changed = {name for name, value in fields.items() if getattr(meeting, name) != value}
    errors = _lock_errors(meeting, changed)
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.state != Meeting.State.DRAFT and changed & CALENDAR_FIELDS:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    notice = meeting.state == Meeting.State.PUBLISHED and bool(changed & NOTICE_FIELDS)
    sent = 0
    if notice and notify:
        sent = _send_change_notice(meeting, changed=changed & NOTICE_FIELDS)
    changes = diff(meeting, before)
    if changes:
        note = ""
        if notice:
            note = (
                _("Change notice to %(count)s people.") % {"count": sent}
                if notify
                else _("Minor change: nobody notified.")
            )
        log_action(obj=meeting, action="changed", actor=actor, changes=changes, note=note)
    return meeting


def _html(template: str, context: dict) -> str:
    return render_to_string(template, {"site_url": settings.SITE_URL, **context})


def _send_change_notice(meeting: Meeting, *, changed: set[str]) -> int:
    """Mails the invited (the audience of the invitation) what changed, with the updated
    calendar entry: METHOD:REQUEST, the same UID, the raised SEQUENCE."""
    recipients = [address for address in selectors.invitees_emails(meeting) if address]
    if not recipients:
        return 0
    context = {
        "meeting": meeting,
        "time_changed": bool(changed & {"starts_at", "ends_at"}),
        "place_changed": bool(changed & {"place", "format"}),
        "link_changed": "online_link" in changed,
    }
    rows = send_portal_mail(
        to=recipients,
        subject=_("Changed: %(title)s") % {"title": meeting.title},
        template="meetings/mail/change_notice.txt",
        context=context,
        html_body=_html("meetings/mail/change_notice.html", context),
        kind="meeting.changed",
        attachments=[
            {
                "filename": "termin.ics",
                "content": ics.calendar_bytes(
                    [meeting], name=meeting.title, internal=True, method="REQUEST"
                ),
                "mimetype": "text/calendar; method=REQUEST",
            }
        ],
    )
    return len(rows)


def _send_invitations(meeting: Meeting, *, cancelled: bool = False) -> None:
    """Mails the invitation (or the cancellation) with the calendar entry to every member,
    one message per person (the outbox never reveals the other recipients)."""
    recipients = selectors.invitees_emails(meeting)
    if not any(recipients):
        return
    subject = _("Cancelled: %(title)s") if cancelled else _("Invitation: %(title)s")
    send_portal_mail(
        to=recipients,
        subject=subject % {"title": meeting.title},
        template="meetings/mail/cancellation.txt" if cancelled else "meetings/mail/invitation.txt",
        context={
            "meeting": meeting,
            "agenda": list(meeting.agenda_items.all()),
            "circles": list(meeting.circles.all()),
        },
        kind="meeting.cancelled" if cancelled else "meeting.invitation",
        attachments=[
            {
                "filename": "einladung.ics",
                "content": ics.calendar_bytes([meeting], name=meeting.title, internal=True),
                "mimetype": "text/calendar",
            }
        ],
    )


@transaction.atomic
def meeting_publish(*, meeting: Meeting, actor: User) -> Meeting:
    """Publishes a draft and e-mails the invitation with an .ics attachment to the members."""
    _require(actor, "meetings.manage_meetings")
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    )
    if meeting.state != Meeting.State.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(
            _(
                "A meeting in the past cannot be published as an invitation. Record it as "
                "held instead."
            )
        )
    meeting.state = Meeting.State.PUBLISHED
    meeting.published_at = timezone.now()
    meeting.full_clean()
    meeting.save()
    _send_invitations(meeting)
    log_action(obj=meeting, action="published", actor=actor)
    return meeting


@transaction.atomic
def meeting_record_held(*, meeting: Meeting, actor: User) -> Meeting:
    """A draft of a meeting that has already taken place (entered after the fact) becomes
    public as held, without invitations, so it can get attendance, minutes and decisions."""
    _require(actor, "meetings.manage_meetings")
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if meeting.state != Meeting.State.DRAFT:
        raise ValidationError(_("Only a draft can be recorded as held."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("Only a meeting that has already begun can be recorded as held. Publish it.")
        )
    before = field_values(meeting, ["state", "recorded_afterwards"])
    meeting.state = Meeting.State.HELD
    meeting.published_at = timezone.now()
    meeting.recorded_afterwards = True
    meeting.full_clean()
    meeting.save()
    log_action(obj=meeting, action="recorded_held", actor=actor, changes=diff(meeting, before))
    return meeting


@transaction.atomic
def meeting_set_state(*, meeting: Meeting, actor: User, state: str) -> Meeting:
    """Marks a published meeting as held or cancelled (a held one may not be cancelled)."""
    _require(actor, "meetings.manage_meetings")
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    allowed = {
        Meeting.State.HELD: {Meeting.State.PUBLISHED},
        Meeting.State.CANCELLED: {Meeting.State.PUBLISHED, Meeting.State.DRAFT},
    }
    if state not in allowed or meeting.state not in allowed[state]:
        raise ValidationError(_("This change of state is not possible."))
    if state == Meeting.State.HELD and meeting.starts_at > timezone.now():
        raise ValidationError(_("A meeting can only be marked as held once it has started."))
    was_published = meeting.state == Meeting.State.PUBLISHED
    before = field_values(meeting, ["state"])
    meeting.state = state
    if state == Meeting.State.CANCELLED:
        meeting.sequence += 1
    meeting.save(update_fields=["state", "sequence", "updated_at"])
    log_action(obj=meeting, action="state", actor=actor, changes=diff(meeting, before))
    if state == Meeting.State.CANCELLED and was_published:
        # Those who were invited learn it, and their calendars drop the entry (SEQUENCE up).
        _send_invitations(Meeting.objects.select_related("body").get(pk=meeting.pk), cancelled=True)
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, actor: User, **fields) -> AgendaItem:
    _require(actor, "meetings.manage_meetings")
    _check_fields(fields, AGENDA_FIELDS)
    if "position" not in fields or fields["position"] is None:
        last = meeting.agenda_items.order_by("-position").values_list("position", flat=True)
        fields["position"] = (last.first() or 0) + 1
    item = AgendaItem(meeting=meeting, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: User) -> None:
    _require(actor, "meetings.manage_meetings")
    try:
        # Apps above meetings (decisions) protect the items they point at; the item stays.
        with transaction.atomic():
            item.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _(
                "This agenda item cannot be removed: a proposal is discussed under it. "
                "Move or withdraw the proposal first."
            )
        ) from exc


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, actor: User, up: bool) -> None:
    """Swaps the item with its neighbour (renumbers the agenda 1..n first)."""
    _require(actor, "meetings.manage_meetings")
    items = list(
        AgendaItem.objects.select_for_update(of=("self",)).filter(meeting_id=item.meeting_id)
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


# RSVP and attendance ----------------------------------------------------------------------


@transaction.atomic
def rsvp_submit(
    *,
    meeting: Meeting,
    user: User,
    answer: str,
    people: int = 1,
    comment: str = "",
    mode: str = "",
) -> Rsvp:
    if meeting.state != Meeting.State.PUBLISHED:
        raise ValidationError(_("This meeting does not take RSVPs."))
    _require(user, "meetings.rsvp_meeting", meeting)
    partner_id = contact_partner_id(user)
    now = timezone.now()
    if not meeting.rsvp_open(now):
        raise ValidationError(_("The RSVP deadline has passed. Please contact the Stabsstelle."))
    if answer == Rsvp.Answer.NO:
        people = 0
    elif people < 1:
        raise ValidationError({"people": _("Please state how many people will attend.")})
    if meeting.format != Meeting.Format.HYBRID or answer == Rsvp.Answer.NO:
        mode = ""
    elif mode not in Rsvp.Mode.values:
        raise ValidationError({"mode": _("Please state whether you attend on site or online.")})
    rsvp = Rsvp.objects.filter(meeting=meeting, user=user).first() or Rsvp(
        meeting=meeting, user=user
    )
    rsvp.partner_id = partner_id
    rsvp.answer = answer
    rsvp.people = people
    rsvp.mode = mode
    rsvp.comment = comment
    rsvp.answered_at = now
    rsvp.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            rsvp.save()
    except IntegrityError as exc:  # a parallel first answer of the same person
        raise ValidationError(_("Your answer was saved twice; please reload the page.")) from exc
    return rsvp


@transaction.atomic
def attendance_record(*, meeting: Meeting, partners, actor: User, people=None) -> list[Attendance]:
    """Sets the partner organisations present at the meeting (replaces the previous list)
    and, optionally, the people present: a person's organisation counts as present."""
    _require(actor, "meetings.manage_meetings")
    if meeting.state == Meeting.State.DRAFT or meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("Attendance is recorded for published or held meetings only."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the meeting has started."))
    people = list(people or [])
    person_partner = dict(
        Contact.objects.filter(user__in=people).values_list("user_id", "partner_id")
    )
    strangers = [person for person in people if person.pk not in person_partner]
    if strangers:
        raise ValidationError(
            {"people": _("Only contact persons of partner organisations can be recorded.")}
        )
    before = sorted(str(a.partner) for a in meeting.attendances.select_related("partner"))
    wanted = {partner.pk for partner in partners} | set(person_partner.values())
    meeting.attendances.exclude(partner_id__in=wanted).delete()
    existing = set(meeting.attendances.values_list("partner_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, partner_id=pk, recorded_by=actor)
            for pk in sorted(wanted - existing)
        ]
    )
    attendances = list(meeting.attendances.select_related("partner"))
    for attendance in attendances:
        attendance.people.set(
            [user_id for user_id, pid in person_partner.items() if pid == attendance.partner_id]
        )
    after = sorted(str(a.partner) for a in attendances)
    if before != after or people:
        log_action(
            obj=meeting,
            action="attendance",
            actor=actor,
            changes={
                "attendance": {
                    "label": _("Attendance"),
                    "old": ", ".join(before),
                    "new": ", ".join(after),
                }
            },
            note=_("%(count)s people recorded.") % {"count": len(people)},
        )
    return attendances


@transaction.atomic
def rsvp_remind(*, meeting: Meeting, actor: User) -> int:
    """Mails a reminder to the invited contacts of every partner that has not answered yet
    (one mail per person and click; recorded in the meeting's history)."""
    _require(actor, "meetings.manage_meetings")
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    )
    if not meeting.rsvp_open():
        raise ValidationError(_("Replies are closed; no reminder was sent."))
    missing = selectors.non_responders(meeting)
    recipients = [person.email for _partner, people in missing for person in people]
    if not recipients:
        raise ValidationError(_("Every invited partner has answered; no reminder was sent."))
    rows = send_portal_mail(
        to=recipients,
        subject=_("Reminder: please reply to the invitation %(title)s") % {"title": meeting.title},
        template="meetings/mail/rsvp_reminder.txt",
        context={"meeting": meeting},
        html_body=_html("meetings/mail/rsvp_reminder.html", {"meeting": meeting}),
        kind="meeting.rsvp_reminder",
    )
    log_action(
        obj=meeting,
        action="rsvp_reminder",
        actor=actor,
        note=_("Reminder to %(people)s people of %(partners)s partners.")
        % {"people": len(rows), "partners": len(missing)},
    )
    return len(rows)


# Documents --------------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    meeting: Meeting,
    actor: User,
    title: str,
    file,
    visibility: str,
    kind: str = Document.Kind.SLIDES,
    circle: Circle | None = None,
) -> Document:
    _require(actor, "meetings.manage_meetings")
    try:
        content_type = detect_document_type(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    if circle is not None and circle.meeting_id != meeting.pk:
        raise ValidationError({"circle": _("The theme circle belongs to another meeting.")})
    document = Document(
        meeting=meeting,
        circle=circle,
        title=title,
        kind=kind,
        visibility=visibility,
        file=file,
        content_type=content_type,
        size=file.size,
        uploaded_by=actor,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_delete(*, document: Document, actor: User) -> None:
    _require(actor, "meetings.manage_meetings")
    document.file.delete(save=False)
    document.delete()


# Theme circles ----------------------------------------------------------------------------


@transaction.atomic
def circle_create(*, meeting: Meeting, actor: User, **fields) -> Circle:
    _require(actor, "meetings.manage_meetings")
    _check_fields(fields, CIRCLE_FIELDS)
    if fields.get("position") is None:
        fields["position"] = meeting.circles.count() + 1
    circle = Circle(meeting=meeting, **fields)
    circle.full_clean()
    circle.save()
    return circle


@transaction.atomic
def circle_update(*, circle: Circle, actor: User, **fields) -> Circle:
    _require(actor, "meetings.manage_meetings")
    _check_fields(fields, CIRCLE_FIELDS)
    locked = Circle.objects.select_for_update(of=("self",)).get(pk=circle.pk)
    for name, value in fields.items():
        setattr(circle, name, value)
    circle.full_clean()
    registered = circle.registrations.filter(status=CircleRegistration.Status.REGISTERED).count()
    if circle.capacity < registered:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)s people are already registered. The capacity cannot be lower."
                )
                % {"count": registered}
            }
        )
    circle.save()
    if circle.capacity > locked.capacity:
        _move_up(circle)
    return circle


def _move_up(circle: Circle) -> list[CircleRegistration]:
    """Fills free places from the waiting list, first come first served. The circle row
    must be locked by the caller."""
    registered = circle.registrations.filter(status=CircleRegistration.Status.REGISTERED).count()
    free = max(0, circle.capacity - registered)
    moved = list(
        circle.registrations.filter(status=CircleRegistration.Status.WAITING)
        .select_related("user")
        .order_by("registered_at", "pk")[:free]
    )
    for registration in moved:
        registration.status = CircleRegistration.Status.REGISTERED
        registration.save(update_fields=["status"])
        send_portal_mail(
            to=[registration.user.email],
            subject=_("You have a place in the theme circle %(title)s") % {"title": circle.title},
            template="meetings/mail/circle_moved_up.txt",
            context={"circle": circle, "meeting": circle.meeting},
            kind="circle.moved_up",
        )
    return moved


@transaction.atomic
def circle_register(*, circle: Circle, user: User) -> CircleRegistration:
    """Registers the user for the circle, or puts them on its waiting list when it is full.

    The circle row is locked, so two people never take the last place at the same time.
    """
    circle = (
        Circle.objects.select_for_update(of=("self",))
        .select_related("meeting__body")
        .get(pk=circle.pk)
    )
    meeting = circle.meeting
    if meeting.state != Meeting.State.PUBLISHED or meeting.starts_at <= timezone.now():
        raise ValidationError(_("Registration for this meeting is closed."))
    _require(user, "meetings.register_circle", meeting)
    if CircleRegistration.objects.filter(meeting=meeting, user=user).exists():
        raise ValidationError(
            _(
                "You are already registered for a theme circle of this meeting. Leave it first "
                "to choose another one."
            )
        )
    registered = circle.registrations.filter(status=CircleRegistration.Status.REGISTERED).count()
    status = (
        CircleRegistration.Status.REGISTERED
        if registered < circle.capacity
        else CircleRegistration.Status.WAITING
    )
    registration = CircleRegistration(circle=circle, meeting=meeting, user=user, status=status)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("You are already registered for a theme circle of this meeting.")
        ) from exc
    return registration


@transaction.atomic
def circle_leave(*, registration: CircleRegistration, actor: User) -> list[CircleRegistration]:
    """Removes a registration; the first on the waiting list moves up. Returns who moved.

    Once the meeting has begun, who took part in which circle is history and stays."""
    if not (
        actor.has_perm("meetings.leave_circle", registration)
        or actor.has_perm("meetings.manage_meetings")
    ):
        raise PermissionDenied
    circle = (
        Circle.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=registration.circle_id)
    )
    meeting = circle.meeting
    if meeting.state == Meeting.State.HELD or meeting.starts_at <= timezone.now():
        raise ValidationError(
            _(
                "This meeting has already begun or taken place. Who took part in its theme circles "
                "is kept, so you can no longer leave the circle."
            )
        )
    CircleRegistration.objects.filter(pk=registration.pk).delete()
    return _move_up(circle)


def _locked_circles(*pks: int) -> dict[int, Circle]:
    """Locks the circles in id order, so two switches in opposite directions never
    deadlock."""
    circles = (
        Circle.objects.select_for_update(of=("self",))
        .select_related("meeting__body")
        .filter(pk__in=pks)
        .order_by("pk")
    )
    return {circle.pk: circle for circle in circles}


def _registered_count(circle: Circle) -> int:
    return circle.registrations.filter(status=CircleRegistration.Status.REGISTERED).count()


def _already_registered() -> ValidationError:
    return ValidationError(
        {"user": _("This person is already registered for a theme circle of this meeting.")}
    )


@transaction.atomic
def circle_participant_add(*, circle: Circle, user: User, actor: User) -> CircleRegistration:
    """Staff register a member for a circle (also afterwards, to record who took part); a
    full circle puts the person on its waiting list."""
    _require(actor, "meetings.manage_meetings")
    from .rules import is_body_member

    circle = _locked_circles(circle.pk)[circle.pk]
    meeting = circle.meeting
    if meeting.state not in (Meeting.State.PUBLISHED, Meeting.State.HELD):
        raise ValidationError(_("Participants are added to published or held meetings only."))
    if not is_body_member(user, meeting.body):
        raise ValidationError(
            {"user": _("Only contact persons of the body's member partners can take part.")}
        )
    if CircleRegistration.objects.filter(meeting=meeting, user=user).exists():
        raise _already_registered()
    status = (
        CircleRegistration.Status.REGISTERED
        if _registered_count(circle) < circle.capacity
        else CircleRegistration.Status.WAITING
    )
    registration = CircleRegistration(circle=circle, meeting=meeting, user=user, status=status)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise _already_registered() from exc
    log_action(
        obj=circle,
        action="participant_added",
        actor=actor,
        note=f"{user} ({registration.get_status_display()})",
    )
    return registration


@transaction.atomic
def circle_participant_remove(
    *, registration: CircleRegistration, actor: User
) -> list[CircleRegistration]:
    """Staff remove a participant (a correction, also after the meeting); before the meeting
    the first on the waiting list moves up."""
    _require(actor, "meetings.manage_meetings")
    circle = _locked_circles(registration.circle_id)[registration.circle_id]
    registration = (
        CircleRegistration.objects.select_related("user").filter(pk=registration.pk).first()
    )
    if registration is None:
        return []
    user = registration.user
    registration.delete()
    log_action(obj=circle, action="participant_removed", actor=actor, note=str(user))
    meeting = circle.meeting
    if meeting.state == Meeting.State.PUBLISHED and meeting.starts_at > timezone.now():
        return _move_up(circle)
    return []


@transaction.atomic
def circle_switch(
    *, registration: CircleRegistration, circle: Circle, actor: User
) -> CircleRegistration:
    """Someone on a waiting list (or registered) moves to another circle of the same meeting
    that has a free place; a place they leave goes to the old circle's waiting list."""
    if not (
        actor.has_perm("meetings.leave_circle", registration)
        or actor.has_perm("meetings.manage_meetings")
    ):
        raise PermissionDenied
    if circle.pk == registration.circle_id:
        raise ValidationError(_("You are already in this theme circle."))
    circles = _locked_circles(circle.pk, registration.circle_id)
    target, old = circles[circle.pk], circles[registration.circle_id]
    meeting = target.meeting
    if target.meeting_id != registration.meeting_id:
        raise ValidationError(_("The theme circle belongs to another meeting."))
    if meeting.state != Meeting.State.PUBLISHED or meeting.starts_at <= timezone.now():
        raise ValidationError(_("Registration for this meeting is closed."))
    registration = CircleRegistration.objects.select_related("user").get(pk=registration.pk)
    if _registered_count(target) >= target.capacity:
        raise ValidationError(
            _("The theme circle %(title)s has no free place.") % {"title": target.title}
        )
    was_registered = registration.status == CircleRegistration.Status.REGISTERED
    registration.circle = target
    registration.status = CircleRegistration.Status.REGISTERED
    registration.registered_at = timezone.now()
    registration.save(update_fields=["circle", "status", "registered_at"])
    log_action(
        obj=target,
        action="participant_switched",
        actor=actor,
        note=f"{registration.user}: {old.title} → {target.title}",
    )
    if was_registered:
        _move_up(old)
    return registration


# Action items live in their own module; these names stay importable from here.
from .action_items import (  # noqa: E402, F401
    action_item_complete,
    action_item_create,
    action_item_send_reminders,
    action_item_update,
)
