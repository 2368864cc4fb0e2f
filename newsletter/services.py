"""Writes of the newsletter: subscriptions (double opt-in, one-click unsubscribe) and issues
(compose, test, send in batches through the outbox)."""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit.services import log_action
from core.mail import queue_mail

from .models import Issue, Subscriber, Topic, new_key

logger = logging.getLogger(__name__)

CONFIRM_SALT = "newsletter.confirm"
CONFIRM_VALID = datetime.timedelta(days=7)
# The wording the subscriber agreed to (newsletter/templates/newsletter/consent.html); a
# new wording gets a new version, and every confirmation stores the one it was given.
CONSENT_VERSION = "2026-12"
BATCH_SIZE = 200

KIND_CONFIRM = "newsletter.confirm"
KIND_ALREADY = "newsletter.already_subscribed"
KIND_ISSUE = "newsletter.issue"
KIND_CONTACT_ISSUE = "newsletter.issue_for_contact"
KIND_TEST = "newsletter.test"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "k": subscriber.confirm_key}, salt=CONFIRM_SALT)


def confirm_url(subscriber: Subscriber) -> str:
    return _absolute(reverse("newsletter:confirm", kwargs={"token": confirm_token(subscriber)}))


def unsubscribe_url(subscriber: Subscriber) -> str:
    return _absolute(reverse("newsletter:unsubscribe", kwargs={"key": subscriber.unsubscribe_key}))


def unsubscribe_headers(url: str) -> dict:
    """RFC 2369 and RFC 8058: mail programs offer the unsubscribe button and POST to `url`."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Newsletter des Klimaschutzportals <newsletter.{_list_host()}>",
    }


def _list_host() -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host or "localhost"


def _clean_topics(topics) -> list[str]:
    allowed = set(Topic.values)
    return sorted({topic for topic in topics or () if topic in allowed})


def _audit_repr(subscriber: Subscriber) -> str:
    return _("Subscription no. %(pk)s") % {"pk": subscriber.pk}


def _queue_confirmation(subscriber: Subscriber) -> None:
    context = {
        "confirm_url": confirm_url(subscriber),
        "valid_days": CONFIRM_VALID.days,
        "topics": [Topic(topic).label for topic in subscriber.topics],
    }
    subject = _("Please confirm your newsletter subscription")
    queue_mail(
        to=[subscriber.email],
        subject=subject,
        template="newsletter/email/confirm.txt",
        context=context,
        html_body=render_to_string(
            "newsletter/email/confirm.html",
            {"site_url": settings.SITE_URL, "subject": subject, **context},
        ),
        kind=KIND_CONFIRM,
        contains_secret=True,
        ref={"subscriber": subscriber.pk},
    )


def subscription_request(*, email: str, topics=()) -> None:
    """A request on /newsletter/. Whatever the address's state, the caller learns nothing
    about it (no enumeration): a new or unconfirmed address gets a (new) confirmation link,
    an unsubscribed one too (it consents afresh), a confirmed one a notice that it is already
    subscribed, with its unsubscribe link. Nothing else is sent before confirmation."""
    email = (email or "").strip()
    topics = _clean_topics(topics)
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email, topics=topics, requested_at=now
                    )
            except IntegrityError:
                # A second request for the same new address won the race; treat it as known.
                subscriber = Subscriber.objects.select_for_update().get(email__iexact=email)
            else:
                log_action(obj=subscriber, action="requested", object_repr=_audit_repr(subscriber))
                _queue_confirmation(subscriber)
                return
        if subscriber.state == Subscriber.State.CONFIRMED:
            url = unsubscribe_url(subscriber)
            subject = _("You already receive the newsletter")
            queue_mail(
                to=[subscriber.email],
                subject=subject,
                template="newsletter/email/already.txt",
                context={"unsubscribe_url": url},
                html_body=render_to_string(
                    "newsletter/email/already.html",
                    {"site_url": settings.SITE_URL, "subject": subject, "unsubscribe_url": url},
                ),
                kind=KIND_ALREADY,
                headers=unsubscribe_headers(url),
            )
            log_action(
                obj=subscriber, action="requested_again", object_repr=_audit_repr(subscriber)
            )
            return
        subscriber.state = Subscriber.State.PENDING
        subscriber.topics = topics
        subscriber.confirm_key = new_key()
        subscriber.requested_at = now
        subscriber.save(update_fields=["state", "topics", "confirm_key", "requested_at"])
        log_action(obj=subscriber, action="requested", object_repr=_audit_repr(subscriber))
        _queue_confirmation(subscriber)


def subscriber_for_token(token: str) -> Subscriber:
    """The subscriber a confirmation link is for; ValidationError if forged or expired."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_VALID)
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("This confirmation link has expired. Please subscribe again."), code="expired"
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This confirmation link is not valid."), code="invalid") from exc
    subscriber = Subscriber.objects.filter(pk=data.get("s")).first()
    if subscriber is None or subscriber.confirm_key != data.get("k"):
        raise ValidationError(_("This confirmation link is not valid."), code="invalid")
    return subscriber


def subscription_confirm(*, token: str) -> Subscriber:
    """Double opt-in, second step: the consent is stored with its time and wording."""
    with transaction.atomic():
        found = subscriber_for_token(token)
        subscriber = Subscriber.objects.select_for_update().get(pk=found.pk)
        if subscriber.confirm_key != found.confirm_key:
            raise ValidationError(_("This confirmation link is not valid."), code="invalid")
        if subscriber.state == Subscriber.State.CONFIRMED:
            return subscriber
        subscriber.state = Subscriber.State.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.consent_version = CONSENT_VERSION
        subscriber.unsubscribed_at = None
        # The link has done its work; it cannot confirm a later unsubscribe away.
        subscriber.confirm_key = new_key()
        subscriber.save()
        log_action(
            obj=subscriber,
            action="confirmed",
            note=f"consent {CONSENT_VERSION}",
            object_repr=_audit_repr(subscriber),
        )
    return subscriber


def subscription_cancel(*, key: str) -> Subscriber | None:
    """One-click unsubscribe (also RFC 8058's POST). Idempotent; None for an unknown key."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(unsubscribe_key=key).first()
        if subscriber is None or not key:
            return None
        if subscriber.state != Subscriber.State.UNSUBSCRIBED:
            subscriber.state = Subscriber.State.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["state", "unsubscribed_at"])
            log_action(obj=subscriber, action="unsubscribed", object_repr=_audit_repr(subscriber))
    return subscriber


def subscriptions_purge_unconfirmed(*, now=None) -> int:
    """Beat, daily: a request nobody confirmed within the link's validity is deleted with
    its address (data minimisation); the person may simply subscribe again."""
    cutoff = (now or timezone.now()) - CONFIRM_VALID
    removed, _details = Subscriber.objects.filter(
        state=Subscriber.State.PENDING, requested_at__lt=cutoff
    ).delete()
    return removed


def subscriber_erase_for_user(user) -> str:
    """Erasure step (core.registry): a subscription under the person's address goes, and so
    do their notification preferences and mails held for a digest."""
    from .models import HeldMail, NotificationPreference

    address = getattr(user, "email", "") or ""
    removed = 0
    if address:
        removed, _details = Subscriber.objects.filter(email__iexact=address).delete()
    NotificationPreference.objects.filter(user=user).delete()
    HeldMail.objects.filter(user=user).delete()
    return _("Newsletter subscription deleted.") if removed else ""


def reissue_confirmation(mail, request) -> None:
    """A failed confirmation mail is issued afresh with a new link (core.mail reissuer)."""
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(pk=(mail.ref or {}).get("subscriber"), state=Subscriber.State.PENDING)
            .first()
        )
        if subscriber is None:
            raise ValidationError(_("This subscription no longer waits for confirmation."))
        subscriber.confirm_key = new_key()
        subscriber.save(update_fields=["confirm_key"])
        _queue_confirmation(subscriber)


# Issues -----------------------------------------------------------------------------------

ISSUE_FIELDS = ("subject", "intro")


def _items(selected_keys, candidates: list[dict]) -> list[dict]:
    by_key = {item["key"]: item for item in candidates}
    order = {topic: n for n, topic in enumerate(Topic.values)}
    chosen = [by_key[key] for key in selected_keys if key in by_key]
    chosen.sort(key=lambda item: (order.get(item["topic"], 99), item["date"]), reverse=False)
    return [{k: v for k, v in item.items() if k != "recent"} for item in chosen]


def _require_staff(actor) -> None:
    if not actor.has_perm("newsletter.manage_issues"):
        raise ValidationError(_("You may not manage the newsletter."))


def issue_save(
    *,
    actor: User,
    subject: str,
    intro: str,
    selected: list[str],
    candidates: list[dict],
    issue: Issue | None = None,
) -> Issue:
    """Creates or changes a draft issue; the chosen items are copied from the candidates."""
    _require_staff(actor)
    items = _items(selected, candidates)
    if not items:
        raise ValidationError({"items": _("Please choose at least one item.")})
    with transaction.atomic():
        if issue is None:
            number = (Issue.objects.aggregate(last=Max("number"))["last"] or 0) + 1
            issue = Issue(number=number, created_by=actor)
            action = "created"
        else:
            issue = Issue.objects.select_for_update().get(pk=issue.pk)
            if issue.state != Issue.State.DRAFT:
                raise ValidationError(_("An issue that has been sent cannot be changed."))
            action = "updated"
        issue.subject = subject
        issue.intro = intro
        issue.items = items
        issue.full_clean()
        try:
            with transaction.atomic():
                issue.save()
        except IntegrityError as exc:
            raise ValidationError(
                _("Another issue was created at the same time. Please save again.")
            ) from exc
        log_action(obj=issue, action=action, actor=actor, note=f"{len(items)} items")
    return issue


def issue_groups(issue: Issue, *, topics=()) -> list[dict]:
    """The issue's items by topic, in the topics' order, limited to `topics` (empty: all)."""
    groups = []
    for topic in Topic:
        if topics and topic.value not in topics:
            continue
        entries = [item for item in issue.items if item["topic"] == topic.value]
        if entries:
            groups.append({"label": topic.label, "items": entries})
    return groups


def render_issue(issue: Issue, *, topics=(), unsubscribe_link: str = "", test: bool = False):
    """(subject, text, HTML) of the issue for a reader of `topics` (empty: all)."""
    groups = issue_groups(issue, topics=topics)
    context = {
        "site_url": settings.SITE_URL,
        "issue": issue,
        "groups": groups,
        "unsubscribe_url": unsubscribe_link,
        "archive_url": _absolute(issue.get_absolute_url()),
        "test": test,
    }
    subject = _("Newsletter no. %(number)s: %(subject)s") % {
        "number": issue.number,
        "subject": issue.subject,
    }
    if test:
        subject = _("[Test] %(subject)s") % {"subject": subject}
    context["subject"] = subject
    text = render_to_string("newsletter/email/issue.txt", context)
    html = render_to_string("newsletter/email/issue.html", context)
    return subject, text, html, bool(groups)


def issue_send_test(*, issue: Issue, actor: User) -> None:
    """A test to the staff member's own address; the unsubscribe link points to the page."""
    _require_staff(actor)
    with transaction.atomic():
        subject, text, html, _any = render_issue(
            issue, unsubscribe_link=_absolute(reverse("newsletter:subscribe")), test=True
        )
        queue_mail(
            to=[(actor.email, actor)],
            subject=subject,
            body=text,
            html_body=html,
            kind=KIND_TEST,
        )
        log_action(obj=issue, action="test_sent", actor=actor)


def issue_send(*, issue: Issue, actor: User) -> Issue:
    """Staff send the issue: it is marked as being sent, and a task queues one mail per
    confirmed subscriber in batches (tasks.send_issue)."""
    _require_staff(actor)
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.state != Issue.State.DRAFT:
            raise ValidationError(_("This issue has already been sent."))
        issue.state = Issue.State.SENDING
        issue.save(update_fields=["state"])
        log_action(obj=issue, action="sent", actor=actor)
        issue_id = issue.pk

        def start():
            from .tasks import send_issue

            try:
                send_issue.delay(issue_id)
            except Exception:  # noqa: BLE001 - the beat-free fallback: staff press again
                logger.exception("newsletter: issue %s could not be queued", issue_id)

        transaction.on_commit(start, robust=True)
    return issue


def issue_deliver(*, issue_id: int, batch_size: int = BATCH_SIZE) -> int:
    """The task behind issue_send: queues the mails batch by batch, each batch in its own
    transaction with the progress (last subscriber id), so a restarted task continues where
    the last one stopped and nobody gets the issue twice. The outbox sends and retries.
    Returns how many subscribers got the issue in this run."""
    queued = 0
    while True:
        with transaction.atomic():
            issue = Issue.objects.select_for_update().get(pk=issue_id)
            if issue.state != Issue.State.SENDING:
                return queued
            batch = list(
                Subscriber.objects.confirmed()
                .filter(pk__gt=issue.last_subscriber_id)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                _deliver_to_contacts(issue)
                issue.state = Issue.State.SENT
                issue.sent_at = timezone.now()
                issue.save(update_fields=["state", "sent_at"])
                return queued
            count = 0
            for subscriber in batch:
                url = unsubscribe_url(subscriber)
                subject, text, html, relevant = render_issue(
                    issue, topics=subscriber.topics, unsubscribe_link=url
                )
                if not relevant:
                    continue
                queue_mail(
                    to=[subscriber.email],
                    subject=subject,
                    body=text,
                    html_body=html,
                    kind=KIND_ISSUE,
                    headers=unsubscribe_headers(url),
                    ref={"issue": issue.pk},
                )
                count += 1
            issue.last_subscriber_id = batch[-1].pk
            issue.recipients += count
            issue.save(update_fields=["last_subscriber_id", "recipients"])
            queued += count


def _deliver_to_contacts(issue: Issue) -> None:
    """Partner contacts who asked for the newsletter in their notification preferences get
    it through them (core.notifications decides: at once, in a digest, or not at all; the
    default is off). Addresses that subscribed themselves already have their copy."""
    from .models import NotificationPreference

    subscribed = {
        email.lower() for email in Subscriber.objects.confirmed().values_list("email", flat=True)
    }
    wanting = NotificationPreference.objects.filter(category="newsletter").exclude(frequency="aus")
    users = [
        user
        for user in User.objects.filter(
            is_active=True,
            partner_contact__isnull=False,
            pk__in=wanting.values("user_id"),
        )
        if user.email.lower() not in subscribed
    ]
    if not users:
        return
    link = _absolute(reverse("newsletter:preferences"))
    subject, text, html, _any = render_issue(issue, unsubscribe_link=link)
    queue_mail(
        to=users,
        subject=subject,
        body=text,
        html_body=html,
        kind=KIND_CONTACT_ISSUE,
        ref={"issue": issue.pk},
    )
