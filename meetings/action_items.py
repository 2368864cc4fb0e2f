"""Writes on action items: create (from a meeting or without one, e.g. a decision's follow-up),
update, mark as done, and the reminders before the due date and when overdue.

Each function is one transaction with one audit entry; mails are outbox rows that leave after
commit. The decisions app creates its tasks through `action_item_create(meeting=None)`.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit.services import diff, field_values, log_action
from core.dates import date_short
from core.mail import send_portal_mail
from partners.models import Membership, Partner

from .models import ActionItem, Meeting

ACTION_ITEM_FIELDS = {
    "title",
    "circle",
    "owner_kind",
    "responsible_partner",
    "responsible_body",
    "responsible_person",
    "due_on",
    "status",
    "is_public",
}
OWNER_FIELDS = (
    "owner_kind",
    "responsible_partner_id",
    "responsible_body_id",
    "responsible_person_id",
)
AUDITED_FIELDS = [
    "title",
    "circle",
    "owner_kind",
    "responsible_partner",
    "responsible_body",
    "responsible_person",
    "due_on",
    "status",
    "is_public",
]
REMINDER_LEAD_DAYS = 7


def _require(actor, perm: str, obj=None) -> None:
    """The service asks the same named rule as the view's gate (meetings/rules.py)."""
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - ACTION_ITEM_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _normalise_owner(item: ActionItem) -> None:
    """Only the chosen owner's field is kept, so a form that sent all three cannot store two."""
    if item.owner_kind != ActionItem.Owner.PARTNER:
        item.responsible_partner = None
        item.responsible_person = None
    if item.owner_kind != ActionItem.Owner.BODY:
        item.responsible_body = None


def _stamp_closed(item: ActionItem) -> None:
    if item.is_unfinished:
        item.closed_at = None
    elif item.closed_at is None:
        item.closed_at = timezone.now()


def owner_emails(item: ActionItem) -> list[str]:
    """Who hears about the item: the responsible person or the partner's contacts; the
    representatives of the working group's member partners; the Stabsstelle otherwise (also
    when an owner has nobody to write to, so no task goes unnoticed)."""
    emails: list[str] = []
    if item.owner_kind == ActionItem.Owner.PARTNER and item.responsible_partner_id:
        if item.responsible_person_id and item.responsible_person.is_active:
            emails = [item.responsible_person.email]
        else:
            emails = list(
                item.responsible_partner.contacts.filter(user__is_active=True).values_list(
                    "user__email", flat=True
                )
            )
    elif item.owner_kind == ActionItem.Owner.BODY and item.responsible_body_id:
        emails = list(
            Membership.objects.current()
            .filter(body_id=item.responsible_body_id, partner__status=Partner.Status.ACTIVE)
            .filter(representative__is_active=True)
            .values_list("representative__email", flat=True)
        )
    emails = sorted(set(emails) - {""})
    return emails or [settings.STAFF_NOTIFICATION_EMAIL]


def _mail_assignment(item: ActionItem) -> None:
    send_portal_mail(
        to=owner_emails(item),
        subject=_("New action item: %(title)s") % {"title": item.title},
        template="meetings/mail/action_item_assigned.txt",
        context={"item": item},
        kind="action_item.assigned",
    )


@transaction.atomic
def action_item_create(*, meeting: Meeting | None, actor: User, **fields) -> ActionItem:
    """A task with its owner and due date; the owner is mailed."""
    _require(actor, "meetings.manage_action_items")
    _check_fields(fields)
    item = ActionItem(meeting=meeting, created_by=actor, **fields)
    _normalise_owner(item)
    _stamp_closed(item)
    item.full_clean()
    item.save()
    log_action(obj=item, action="created", actor=actor)
    _mail_assignment(item)
    return item


@transaction.atomic
def action_item_update(*, item: ActionItem, actor: User, **fields) -> ActionItem:
    """Staff change an item; a new owner is mailed as on creation."""
    _require(actor, "meetings.manage_action_items")
    _check_fields(fields)
    item = ActionItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    before = field_values(item, AUDITED_FIELDS)
    owner_before = tuple(getattr(item, name) for name in OWNER_FIELDS)
    for name, value in fields.items():
        setattr(item, name, value)
    _normalise_owner(item)
    _stamp_closed(item)
    item.full_clean()
    item.save()
    changes = diff(item, before)
    if changes:
        log_action(obj=item, action="changed", actor=actor, changes=changes)
    if tuple(getattr(item, name) for name in OWNER_FIELDS) != owner_before:
        # A reassigned item starts its reminders afresh for the new owner.
        item.due_reminder_sent_on = item.overdue_reminder_sent_on = None
        item.save(update_fields=["due_reminder_sent_on", "overdue_reminder_sent_on"])
        _mail_assignment(item)
    return item


@transaction.atomic
def action_item_complete(*, item: ActionItem, actor: User) -> ActionItem:
    """The owner's contacts (or staff) mark an item as done."""
    _require(actor, "meetings.complete_action_item", item)
    item = ActionItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if not item.is_unfinished:
        raise ValidationError(_("This action item is no longer open."))
    before = field_values(item, ["status"])
    item.status = ActionItem.Status.DONE
    _stamp_closed(item)
    item.save(update_fields=["status", "closed_at"])
    log_action(obj=item, action="completed", actor=actor, changes=diff(item, before))
    return item


def action_item_send_reminders(*, today: datetime.date | None = None) -> int:
    """E-mails each unfinished item's owner once in the seven days before the due date and
    once when it is overdue. The due reminder is left out when the item was assigned within
    those seven days (the assignment mail said it all) and when the day passed unnoticed.
    Safe to run any number of times a day; a missed day is caught up."""
    today = today or timezone.localdate()
    lead_day = today + datetime.timedelta(days=REMINDER_LEAD_DAYS)
    candidates = ActionItem.objects.open().filter(due_on__lte=lead_day)
    candidates = candidates.filter(due_reminder_sent_on__isnull=True, due_on__gte=today) | (
        candidates.filter(overdue_reminder_sent_on__isnull=True, due_on__lt=today)
    )
    sent = 0
    for item_id in candidates.order_by("due_on", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            item = (
                ActionItem.objects.select_for_update(of=("self",))
                .select_related(
                    "meeting__body", "responsible_partner", "responsible_body", "responsible_person"
                )
                .filter(pk=item_id, status__in=ActionItem.UNFINISHED)
                .first()
            )
            if item is None:
                continue
            overdue = item.due_on < today
            if overdue:
                if item.overdue_reminder_sent_on is not None:
                    continue
                item.overdue_reminder_sent_on = today
                # An overdue item needs no due reminder any more.
                item.due_reminder_sent_on = item.due_reminder_sent_on or today
            else:
                if item.due_reminder_sent_on is not None:
                    continue
                item.due_reminder_sent_on = today
                assigned_on = timezone.localtime(item.created_at).date()
                if assigned_on >= item.due_on - datetime.timedelta(days=REMINDER_LEAD_DAYS):
                    item.save(update_fields=["due_reminder_sent_on"])
                    continue
            if overdue:
                subject = _("Overdue: %(title)s") % {"title": item.title}
            else:
                subject = _("Due on %(due)s: %(title)s") % {
                    "due": date_short(item.due_on),
                    "title": item.title,
                }
            send_portal_mail(
                to=owner_emails(item),
                subject=subject,
                template="meetings/mail/action_item_reminder.txt",
                context={"item": item, "overdue": overdue, "today": today},
                kind="action_item.reminder",
            )
            item.last_reminded_on = today
            item.save(
                update_fields=[
                    "due_reminder_sent_on",
                    "overdue_reminder_sent_on",
                    "last_reminded_on",
                ]
            )
            sent += 1
    return sent
