"""Consensus decisions: the rule, proposals, positions, closing, numbering and mails.

Each write is one transaction on a locked proposal row, so positions, closing and numbering
never interleave. Mails are written to the outbox (core.mail) and leave after commit.
"""

import contextlib
import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit.services import diff, field_values, log_action
from core.mail import send_portal_mail
from meetings import action_items as action_item_services
from meetings.models import ActionItem, AgendaItem, Attendance, Meeting
from partners.models import Body, Contact, Partner
from partners.selectors import partner_of

from .models import Comment, DecisionCounter, DecisionTask, Position, Proposal

logger = logging.getLogger(__name__)

PROPOSAL_FIELDS = {"title", "text", "body", "agenda_item", "deadline", "review_on", "corrects"}
REMINDER_LEAD = datetime.timedelta(days=2)
# A reminder only after the procedure ran at least this long and half its time: a short
# procedure does not get a "two days left" mail right after it opened.
REMINDER_QUIET = datetime.timedelta(hours=24)
ORAL_NOTE = "mündlich"


# The rule ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    adopted: bool
    consent: int
    abstain: int
    objection: int
    silent: int
    silent_counted_as_consent: bool
    participants: int
    objections: list = field(default_factory=list)  # [(partner, reason)]


def consensus_outcome(*, participants: Iterable, positions: Iterable, written_procedure: bool):
    """The consensus rule (DESIGN.md): adopted when no participating partner objects and at
    least one consents; any objection means not adopted. In the written procedure a
    participating partner without a position counts as consent.

    `participants`: the partners entitled to take part; `positions`: their current positions
    (objects with `partner`/`partner_id`, `value`, `reason`). Positions of partners that do
    not take part are ignored.
    """
    participants = {getattr(p, "pk", p): p for p in participants}
    by_partner = {}
    for position in positions:
        if position.partner_id in participants:
            by_partner[position.partner_id] = position
    consent = abstain = objection = 0
    objections = []
    for partner_id, partner in participants.items():
        position = by_partner.get(partner_id)
        if position is None:
            continue
        if position.value == Position.Value.CONSENT:
            consent += 1
        elif position.value == Position.Value.ABSTAIN:
            abstain += 1
        elif position.value == Position.Value.OBJECTION:
            objection += 1
            objections.append((partner, position.reason))
    silent = len(participants) - len(by_partner)
    if written_procedure:
        consent += silent
    return Outcome(
        adopted=objection == 0 and consent >= 1,
        consent=consent,
        abstain=abstain,
        objection=objection,
        silent=silent,
        silent_counted_as_consent=written_procedure and silent > 0,
        participants=len(participants),
        objections=objections,
    )


# Helpers ----------------------------------------------------------------------------------


def _require(actor, perm: str, obj=None) -> None:
    """The service asks the same named rule as the view's gate (decisions/rules.py)."""
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied


def _require_staff(actor) -> None:
    _require(actor, "decisions.manage_decisions")


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("body", "agenda_item__meeting")
        .get(pk=proposal.pk)
    )


def refuse_if_decided(proposal: Proposal) -> None:
    if proposal.is_decided:
        raise ValidationError(
            _(
                "This proposal has been decided and cannot be changed. To correct it, create a "
                "new proposal that refers to it."
            )
        )


def participants(proposal: Proposal):
    """The partners entitled to take part: the active partners present at the meeting, or all
    active partners (one position per *active* partner, DESIGN.md)."""
    if proposal.procedure == Proposal.Procedure.WRITTEN:
        return Partner.objects.active()
    meeting_id = proposal.agenda_item.meeting_id
    return Partner.objects.active().filter(
        pk__in=Attendance.objects.filter(meeting_id=meeting_id).values("partner_id")
    )


def takes_part(proposal: Proposal, partner: Partner) -> bool:
    return participants(proposal).filter(pk=partner.pk).exists()


def all_partner_emails() -> list[str]:
    """Contacts of all active partners (active user accounts)."""
    return sorted(
        set(
            Contact.objects.filter(
                partner__status=Partner.Status.ACTIVE, user__is_active=True
            ).values_list("user__email", flat=True)
        )
        - {""}
    )


def _validate_fields(proposal: Proposal, now: datetime.datetime) -> None:
    errors = {}
    if proposal.procedure == Proposal.Procedure.WRITTEN:
        if proposal.deadline is None:
            errors["deadline"] = _("A written procedure needs a deadline.")
        elif proposal.deadline <= now:
            errors["deadline"] = _("The deadline must be in the future.")
        proposal.agenda_item = None
    else:
        if proposal.agenda_item is None:
            errors["agenda_item"] = _("Choose the agenda item of the meeting that decides.")
        else:
            meeting = proposal.agenda_item.meeting
            if meeting.body_id != proposal.body_id:
                errors["agenda_item"] = _("The meeting belongs to another body.")
            elif meeting.state not in (Meeting.State.PUBLISHED, Meeting.State.HELD):
                errors["agenda_item"] = _(
                    "Proposals can only be put on published or held meetings."
                )
        proposal.deadline = None
    if proposal.corrects_id and not proposal.corrects.is_decided:
        errors["corrects"] = _("Only a decided proposal can be corrected.")
    if proposal.corrects_id and proposal.pk and proposal.corrects_id == proposal.pk:
        errors["corrects"] = _("A proposal cannot correct itself.")
    if errors:
        raise ValidationError(errors)


# Proposals --------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    title: str,
    text: str,
    body: Body,
    agenda_item: AgendaItem | None = None,
    deadline: datetime.datetime | None = None,
    review_on: datetime.date | None = None,
    corrects: Proposal | None = None,
    now: datetime.datetime | None = None,
) -> Proposal:
    """A draft proposal: in a meeting (agenda item) or a written procedure (deadline)."""
    _require_staff(actor)
    now = now or timezone.now()
    proposal = Proposal(
        title=title,
        text=text,
        body=body,
        procedure=Proposal.Procedure.MEETING if agenda_item else Proposal.Procedure.WRITTEN,
        agenda_item=agenda_item,
        deadline=deadline,
        review_on=review_on,
        corrects=corrects,
        created_by=actor,
        state=Proposal.State.DRAFT,
    )
    _validate_fields(proposal, now)
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, actor: User, now: datetime.datetime | None = None, **fields
) -> Proposal:
    """Changes a draft. Open proposals keep their text; decided ones are immutable."""
    _require_staff(actor)
    unknown = set(fields) - PROPOSAL_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    proposal = _locked(proposal)
    refuse_if_decided(proposal)
    if proposal.state != Proposal.State.DRAFT:
        raise ValidationError(_("Only a draft can be edited."))
    for name, value in fields.items():
        setattr(proposal, name, value)
    if "agenda_item" in fields or "deadline" in fields:
        proposal.procedure = (
            Proposal.Procedure.MEETING if proposal.agenda_item else Proposal.Procedure.WRITTEN
        )
    _validate_fields(proposal, now or timezone.now())
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_open(
    *, proposal: Proposal, actor: User, now: datetime.datetime | None = None
) -> Proposal:
    """Opens a draft for positions. A written procedure mails all active partners' contacts."""
    _require_staff(actor)
    now = now or timezone.now()
    proposal = _locked(proposal)
    refuse_if_decided(proposal)
    if proposal.state != Proposal.State.DRAFT:
        raise ValidationError(_("Only a draft can be opened."))
    _validate_fields(proposal, now)
    proposal.state = Proposal.State.OPEN
    proposal.opened_at = now
    proposal.save(update_fields=["state", "opened_at"])
    if proposal.is_written:
        send_portal_mail(
            to=all_partner_emails(),
            subject=_("Written procedure: %(title)s") % {"title": proposal.title},
            template="decisions/mail/opened.txt",
            context={"proposal": proposal},
            kind="decision.opened",
        )
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: User) -> Proposal:
    _require_staff(actor)
    proposal = _locked(proposal)
    refuse_if_decided(proposal)
    if proposal.state not in (Proposal.State.DRAFT, Proposal.State.OPEN):
        raise ValidationError(_("This proposal can no longer be withdrawn."))
    proposal.state = Proposal.State.WITHDRAWN
    proposal.closed_by = actor
    proposal.save(update_fields=["state", "closed_by"])
    return proposal


# Positions --------------------------------------------------------------------------------


def position_refusal(
    proposal: Proposal, partner: Partner | None, now: datetime.datetime | None = None
) -> str | None:
    """Why the partner cannot state a position now (a German message), or None."""
    now = now or timezone.now()
    if proposal.is_decided:
        return _("This proposal has been decided; positions can no longer be changed.")
    if proposal.state != Proposal.State.OPEN:
        return _("This proposal is not open for positions.")
    if proposal.is_written and proposal.deadline <= now:
        return _("The deadline of this written procedure has passed.")
    if partner is None or not takes_part(proposal, partner):
        if proposal.is_written:
            return _("Only active partner organisations take part in the written procedure.")
        return _(
            "Your organisation does not take part in this decision: only the partners "
            "recorded as present at the meeting do."
        )
    return None


@transaction.atomic
def position_state(
    *,
    proposal: Proposal,
    partner: Partner,
    actor: User,
    value: str,
    reason: str = "",
    oral: bool = False,
    now: datetime.datetime | None = None,
) -> Position:
    """A contact states its organisation's position (or staff record one stated orally in
    the meeting). The previous position stays in the history; exactly one is current."""
    now = now or timezone.now()
    if oral:
        _require_staff(actor)
    else:
        _require(actor, "decisions.state_position", partner)
    reason = (reason or "").strip()
    if value not in Position.Value.values:
        raise ValidationError({"value": _("Please choose consent, stand aside or objection.")})
    if value == Position.Value.OBJECTION and not reason:
        raise ValidationError({"reason": _("Please give the reason for your objection.")})
    proposal = _locked(proposal)  # serialises positions and closing of this proposal
    if oral and proposal.is_written:
        raise ValidationError(_("In the written procedure each partner states its position."))
    refusal = position_refusal(proposal, partner, now)
    if refusal:
        raise ValidationError(refusal)
    previous = Position.objects.filter(proposal=proposal, partner=partner, is_current=True).first()
    try:
        with transaction.atomic():
            Position.objects.filter(proposal=proposal, partner=partner, is_current=True).update(
                is_current=False
            )
            position = Position.objects.create(
                proposal=proposal,
                partner=partner,
                value=value,
                reason=reason,
                note=ORAL_NOTE if oral else "",
                stated_by=actor,
                stated_at=now,
                is_current=True,
            )
    except IntegrityError as exc:  # a parallel statement (only without the row lock)
        raise ValidationError(
            _("Another contact of your organisation stated a position at the same moment. ")
            + _("Please check the current position and try again.")
        ) from exc
    if (
        value == Position.Value.OBJECTION
        and not oral
        and (previous is None or previous.value != Position.Value.OBJECTION)
    ):
        # An objection blocks consensus: the Stabsstelle hears of it at once (an objection
        # recorded orally by staff needs no notice).
        send_portal_mail(
            to=[settings.STAFF_NOTIFICATION_EMAIL],
            subject=_("Objection to %(title)s") % {"title": proposal.title},
            template="decisions/mail/objection.txt",
            context={"proposal": proposal, "position": position, "partner": partner},
            kind="decision.objection",
        )
    return position


# Closing ----------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    """The next gap-free number of the year, taken under a lock on the year's counter row."""
    DecisionCounter.objects.bulk_create([DecisionCounter(year=year)], ignore_conflicts=True)
    counter = DecisionCounter.objects.select_for_update(of=("self",)).get(year=year)
    # Numbers given outside this function (imports, bulk seeding) are never given twice.
    prefix = f"KA-{year}-"
    for number in Proposal.objects.filter(number__startswith=prefix).values_list(
        "number", flat=True
    ):
        tail = number[len(prefix) :]
        if tail.isdigit():
            counter.last_number = max(counter.last_number, int(tail))
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"KA-{year}-{counter.last_number:02d}"


def _summary(outcome: Outcome, written: bool) -> str:
    parts = [
        _("Consent: %(consent)s, stand aside: %(abstain)s, objection: %(objection)s.")
        % {"consent": outcome.consent, "abstain": outcome.abstain, "objection": outcome.objection}
    ]
    if written and outcome.silent:
        parts.append(
            _("%(silent)s partner(s) did not answer by the deadline; silence counts as consent.")
            % {"silent": outcome.silent}
        )
    if outcome.adopted:
        parts.append(_("Adopted by consensus."))
    elif outcome.objection:
        parts.append(_("Not adopted: objections were raised."))
        for partner, reason in outcome.objections:
            parts.append(
                _("Objection of %(partner)s: %(reason)s")
                % {"partner": partner.name, "reason": reason}
            )
    else:
        parts.append(_("Not adopted: no partner consented."))
    return "\n".join(parts)


def silent_participants(proposal: Proposal):
    """The partners taking part that have stated no position (yet), by name."""
    answered = Position.objects.filter(proposal=proposal, is_current=True).values("partner_id")
    return participants(proposal).exclude(pk__in=answered).order_by("name")


@transaction.atomic
def proposal_close(
    *,
    proposal: Proposal,
    actor: User | None = None,
    now: datetime.datetime | None = None,
    missing_confirmed: bool = False,
) -> Proposal:
    """Decides an open proposal by the consensus rule and gives it its number.

    Meeting proposals are closed by staff; when partners present have stated no position,
    only with `missing_confirmed` (the view asks first and lists them). A written procedure
    closes at its deadline (the beat task or the first reader, `actor=None`, or staff); before
    the deadline it cannot be closed, since silence until then counts as consent.
    """
    now = now or timezone.now()
    if actor is not None:
        _require_staff(actor)
    proposal = _locked(proposal)
    refuse_if_decided(proposal)
    if proposal.state != Proposal.State.OPEN:
        raise ValidationError(_("Only an open proposal can be closed."))
    if proposal.is_written and now < proposal.deadline:
        raise ValidationError(
            _("A written procedure closes itself at its deadline; silence until then counts.")
        )
    if not proposal.is_written and actor is None:
        raise PermissionDenied
    if not proposal.is_written and not missing_confirmed:
        silent = list(silent_participants(proposal).values_list("name", flat=True))
        if silent:
            raise ValidationError(
                _("These partners present have stated no position: %(names)s. Please confirm.")
                % {"names": ", ".join(silent)},
                code="missing_positions",
            )
    before = field_values(proposal, ["state", "number", "decided_at"])
    taking_part = list(participants(proposal))
    current = list(
        Position.objects.filter(proposal=proposal, is_current=True).select_related("partner")
    )
    outcome = consensus_outcome(
        participants=taking_part, positions=current, written_procedure=proposal.is_written
    )
    decided_at = proposal.deadline if proposal.is_written else now
    proposal.state = Proposal.State.ADOPTED if outcome.adopted else Proposal.State.NOT_ADOPTED
    proposal.decided_at = decided_at
    proposal.number = _next_number(timezone.localtime(decided_at).year)
    proposal.consent_count = outcome.consent
    proposal.abstain_count = outcome.abstain
    proposal.objection_count = outcome.objection
    proposal.silent_count = outcome.silent if proposal.is_written else 0
    proposal.participant_count = outcome.participants
    proposal.result_summary = _summary(outcome, proposal.is_written)
    proposal.closed_by = actor
    proposal.save()
    log_action(
        obj=proposal,
        action="decided",
        actor=actor,
        changes=diff(proposal, before),
        note=proposal.result_summary,
    )
    send_portal_mail(
        to=all_partner_emails() + [settings.STAFF_NOTIFICATION_EMAIL],
        subject=_("Decision %(number)s: %(title)s")
        % {"number": proposal.number, "title": proposal.title},
        template="decisions/mail/result.txt",
        context={"proposal": proposal},
        kind="decision.result",
    )
    return proposal


def close_overdue_written_procedures(*, now: datetime.datetime | None = None) -> int:
    """Closes every open written procedure whose deadline has passed (also those missed while
    no worker ran). Each in its own transaction; one failure does not stop the others."""
    now = now or timezone.now()
    closed = 0
    ids = list(
        Proposal.objects.open()
        .written()
        .filter(deadline__lte=now)
        .order_by("deadline", "pk")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        try:
            proposal_close(proposal=Proposal(pk=pk), now=now)
        except ValidationError:
            continue  # closed by a parallel run in the meantime
        except Exception:
            logger.exception("closing written procedure %s failed", pk)
            continue
        closed += 1
    return closed


def reminder_due(proposal: Proposal, now: datetime.datetime) -> bool:
    """In the last two days before the deadline, once the procedure ran at least 24 hours
    and at least half its time (a two-day procedure is reminded after one day; one shorter
    than a day never)."""
    if proposal.deadline is None or not proposal.deadline > now:
        return False
    if proposal.deadline - now > REMINDER_LEAD:
        return False
    opened = proposal.opened_at or proposal.created_at
    ran = now - opened
    return ran >= REMINDER_QUIET and ran >= (proposal.deadline - opened) / 2


def send_deadline_reminders(*, now: datetime.datetime | None = None) -> int:
    """Before the deadline: one reminder per proposal (see `reminder_due`) to the contacts
    of the active partners that have not stated a position."""
    now = now or timezone.now()
    sent = 0
    ids = list(
        Proposal.objects.open()
        .written()
        .filter(reminder_sent_at__isnull=True, deadline__gt=now, deadline__lte=now + REMINDER_LEAD)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            proposal = _locked(Proposal(pk=pk))
            if proposal.state != Proposal.State.OPEN or proposal.reminder_sent_at is not None:
                continue
            if not reminder_due(proposal, now):
                continue
            answered = Position.objects.filter(proposal=proposal, is_current=True).values(
                "partner_id"
            )
            emails = list(
                Contact.objects.filter(partner__status=Partner.Status.ACTIVE, user__is_active=True)
                .exclude(partner_id__in=answered)
                .values_list("user__email", flat=True)
            )
            send_portal_mail(
                to=emails,
                subject=_("Reminder: written procedure %(title)s") % {"title": proposal.title},
                template="decisions/mail/reminder.txt",
                context={"proposal": proposal},
                kind="decision.reminder",
            )
            proposal.reminder_sent_at = now
            proposal.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent


def close_if_due(proposal: Proposal, *, now: datetime.datetime | None = None) -> Proposal:
    """Pages call this before showing a proposal: a written procedure past its deadline is
    decided now instead of showing "Offen" until the beat task runs. Returns the proposal as
    it now is (a parallel close is fine: the row lock makes one of them win)."""
    now = now or timezone.now()
    if proposal.state == Proposal.State.OPEN and proposal.is_written and proposal.deadline <= now:
        # A parallel request or the beat task may have decided it in the meantime.
        with contextlib.suppress(ValidationError):
            proposal_close(proposal=proposal, now=now)
        proposal.refresh_from_db()
    return proposal


@transaction.atomic
def proposal_extend(
    *,
    proposal: Proposal,
    actor: User,
    deadline: datetime.datetime,
    now: datetime.datetime | None = None,
) -> Proposal:
    """Staff give a running written procedure a later deadline; the partners' contacts are
    told. Positions stated so far stay. A procedure whose deadline has passed is decided
    (silence until then counted), so it cannot be extended."""
    _require_staff(actor)
    now = now or timezone.now()
    proposal = _locked(proposal)
    refuse_if_decided(proposal)
    if proposal.state != Proposal.State.OPEN or not proposal.is_written:
        raise ValidationError(_("Only a running written procedure can be extended."))
    if proposal.deadline <= now:
        raise ValidationError(
            _("The deadline has passed; the written procedure is decided and cannot be extended.")
        )
    if deadline is None or deadline <= now:
        raise ValidationError({"deadline": _("The new deadline must be in the future.")})
    if deadline <= proposal.deadline:
        raise ValidationError(
            {"deadline": _("The new deadline must be later than the current one.")}
        )
    before = field_values(proposal, ["deadline"])
    previous_deadline = proposal.deadline
    proposal.deadline = deadline
    proposal.save(update_fields=["deadline"])
    log_action(obj=proposal, action="extended", actor=actor, changes=diff(proposal, before))
    send_portal_mail(
        to=all_partner_emails(),
        subject=_("Written procedure extended: %(title)s") % {"title": proposal.title},
        template="decisions/mail/extended.txt",
        context={"proposal": proposal, "previous_deadline": previous_deadline},
        kind="decision.extended",
    )
    return proposal


# Discussion -------------------------------------------------------------------------------


def comment_refusal(proposal: Proposal) -> str | None:
    """Why no comment can be written now (a German message), or None."""
    if proposal.is_decided:
        return _("This proposal has been decided; the discussion is closed.")
    if proposal.state != Proposal.State.OPEN:
        return _("The discussion is open while the proposal is open for positions.")
    return None


@transaction.atomic
def comment_add(*, proposal: Proposal, actor: User, text: str) -> Comment:
    """A contact of an active partner or staff writes in the proposal's discussion."""
    proposal = _locked(proposal)  # the rule is asked about the proposal as it is now
    _require(actor, "decisions.comment_proposal", proposal)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Please write your comment.")})
    refusal = comment_refusal(proposal)
    if refusal:
        raise ValidationError(refusal)
    partner = None if actor.has_perm("decisions.manage_decisions") else partner_of(actor)
    comment = Comment(proposal=proposal, author=actor, partner=partner, text=text)
    comment.full_clean()
    comment.save()
    log_action(obj=comment, action="created", actor=actor)
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, actor: User, reason: str) -> Comment:
    """Staff hide a comment (moderation); the reason is shown in its place and audited."""
    _require(actor, "decisions.moderate_comments", comment.proposal)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for hiding the comment.")})
    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    if comment.is_hidden:
        raise ValidationError(_("This comment is already hidden."))
    before = field_values(comment, ["hidden_at", "hidden_reason"])
    comment.hidden_at = timezone.now()
    comment.hidden_by = actor
    comment.hidden_reason = reason[:300]
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    log_action(obj=comment, action="hidden", actor=actor, changes=diff(comment, before))
    return comment


# Follow-up --------------------------------------------------------------------------------


@transaction.atomic
def decision_task_add(*, proposal: Proposal, actor: User, **fields) -> ActionItem:
    """A task of an adopted decision's follow-up: an action item without a meeting (owner,
    due date, status, public or not), linked to the decision; the owner is mailed."""
    _require_staff(actor)
    proposal = _locked(proposal)
    if proposal.state != Proposal.State.ADOPTED:
        raise ValidationError(_("Only an adopted decision carries tasks."))
    fields.pop("circle", None)
    item = action_item_services.action_item_create(meeting=None, actor=actor, **fields)
    DecisionTask.objects.create(proposal=proposal, action_item=item)
    log_action(
        obj=proposal,
        action="task_added",
        actor=actor,
        note=f"{item.title} ({item.owner_display()}, {item.due_on:%d.%m.%Y})",
    )
    return item
