"""The one way the portal sends e-mail: an outbox.

A service calls `queue_mail` (or `send_portal_mail`) inside its transaction; the rows commit or
roll back with the change that caused them. After commit each row is handed to the Celery task
`core.send_outbox_mail` by id (in eager mode, without a broker, it runs in-process). A failing
mail server or broker never fails the request and loses no mail: the row stays pending, the beat
job `core.send_due_mail` retries it with backoff, and after MAX_ATTEMPTS it is marked failed so
staff see it on their dashboard. A row is claimed by one atomic UPDATE before it is sent, so no
mail goes out twice, whoever (task, beat, a second worker) tries at the same moment.

Nothing else in the portal talks to a mail backend.
"""

import base64
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notifications
from .audit.services import log_action
from .models import OutboxMail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Minutes to wait after the n-th failed attempt (about four and a half hours in all).
BACKOFF_MINUTES = (1, 5, 15, 60, 180)
# A row "being sent" longer than this lost its worker mid-send; it may or may not have gone
# out, so it is marked failed (staff can re-send it) rather than sent a second time.
STALE_SENDING = timedelta(minutes=15)
# One beat run stops after this long or after this many failures in a row (the server is
# down: the remaining rows keep their attempts for the next run).
DUE_RUN_SECONDS = 120
DUE_RUN_FAILURES_IN_A_ROW = 3

Recipient = str | tuple[str, object] | object


# Writing ----------------------------------------------------------------------------------


def _recipients(to: Iterable[Recipient]) -> list[tuple[str, object]]:
    """Distinct addresses (case-insensitive) with the account behind each where known.

    Entries are addresses, (address, user) pairs or user objects. Addresses given without a
    user are matched to accounts by e-mail, so the outbox always knows who it wrote to.
    """
    found: dict[str, tuple[str, object]] = {}
    for entry in to:
        if entry is None or isinstance(entry, str):
            address, user = entry, None
        elif isinstance(entry, tuple):
            address, user = entry
        else:
            address, user = getattr(entry, "email", ""), entry
        address = (address or "").strip()
        if not address:
            continue
        key = address.lower()
        if key not in found or (found[key][1] is None and user is not None):
            found[key] = (found.get(key, (address,))[0], user)
    unknown = [key for key, (_address, user) in found.items() if user is None]
    if unknown:
        User = get_user_model()
        field = User.get_email_field_name()
        for user in User._default_manager.annotate(_address=Lower(field)).filter(
            _address__in=unknown
        ):
            key = getattr(user, field).lower()
            found[key] = (found[key][0], user)
    return sorted(found.values(), key=lambda pair: pair[0].lower())


def _stored_attachment(attachment: dict) -> dict:
    content = attachment["content"]
    stored = {"filename": attachment["filename"], "mimetype": attachment.get("mimetype")}
    if isinstance(content, bytes):
        return {**stored, "content": base64.b64encode(content).decode("ascii"), "base64": True}
    return {**stored, "content": str(content), "base64": False}


def queue_mail(
    *,
    to: Iterable[Recipient],
    subject: str,
    kind: str,
    template: str | None = None,
    context: dict | None = None,
    body: str | None = None,
    html_body: str = "",
    attachments: Sequence[dict] = (),
    contains_secret: bool = False,
    ref: dict | None = None,
    from_email: str | None = None,
    headers: dict | None = None,
    prefix_subject: bool = True,
) -> list[OutboxMail]:
    """Record one mail per distinct recipient, to be sent after the current transaction
    commits (at once when there is none). One message per person: nobody sees the others.

    `template` is rendered with `site_url` and `context` unless `body` is given. Attachments
    are dicts with `filename`, `content` (text or bytes) and `mimetype`. `contains_secret`
    marks a body with a link or code that verifies, resets or grants access; `ref` holds the
    ids the writing feature needs to issue such a mail afresh. Recipients whose notification
    preferences hold this kind for a digest, or switch it off, get no row here (see
    `core.notifications`); the rows returned are those queued now.
    """
    if not kind:
        raise ValueError("every outgoing mail has a kind")
    recipients = _recipients(to)
    # Notification preferences (core.notifications): some recipients may want this kind in
    # a digest or not at all; mails with a secret or attachments always go at once.
    recipients, held = notifications.route(
        kind=kind,
        recipients=recipients,
        contains_secret=contains_secret,
        has_attachments=bool(attachments),
    )
    if not recipients and not held:
        return []
    if body is None:
        if template is None:
            raise ValueError("queue_mail needs a template or a body")
        body = render_to_string(template, {"site_url": settings.SITE_URL, **(context or {})})
    if held:
        # The digest names the subject itself; it is kept without the portal's prefix.
        notifications.hold(
            kind=kind,
            held=held,
            subject=" ".join(str(subject).split())[:300],
            body=body,
            html_body=html_body,
        )
    if not recipients:
        return []
    if prefix_subject:
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"
    subject = " ".join(str(subject).split())[:300]
    stored = [_stored_attachment(attachment) for attachment in attachments]
    rows = OutboxMail.objects.bulk_create(
        OutboxMail(
            kind=kind,
            to=address,
            recipient_user=user,
            subject=subject,
            body=body,
            html_body=html_body,
            attachments=stored,
            contains_secret=contains_secret,
            ref=ref or {},
            from_email=from_email or settings.DEFAULT_FROM_EMAIL,
            headers=headers or {},
        )
        for address, user in recipients
    )
    # PostgreSQL and SQLite (3.35+) return the new ids from the bulk insert.
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: enqueue(ids), robust=True)
    return rows


def send_portal_mail(
    *, to: Iterable[Recipient], subject: str, template: str, context: dict, kind: str, **options
) -> list[OutboxMail]:
    """Shorthand for a plain-text mail rendered from a template (see `queue_mail`)."""
    return queue_mail(
        to=to, subject=subject, template=template, context=context, kind=kind, **options
    )


def queue_message(
    message: EmailMessage,
    *,
    kind: str,
    user: object = None,
    contains_secret: bool = False,
    ref: dict | None = None,
) -> list[OutboxMail]:
    """Record a message rendered elsewhere (allauth's mails) as it is: subject, text, HTML
    alternative, sender and headers."""
    html = ""
    for alternative in getattr(message, "alternatives", []):
        content, mimetype = alternative[0], alternative[1]
        if mimetype == "text/html":
            html = content
    text = message.body
    if message.content_subtype == "html" and not html:
        html, text = message.body, ""
    return queue_mail(
        to=[(address, user) for address in message.to],
        subject=message.subject,
        body=text,
        html_body=html,
        kind=kind,
        contains_secret=contains_secret,
        ref=ref,
        from_email=message.from_email,
        headers=dict(message.extra_headers),
        prefix_subject=False,
    )


# Sending ----------------------------------------------------------------------------------


def enqueue(ids: Iterable[int]) -> None:
    """Hand rows to the worker (in eager mode: send them here and now). Nothing is raised:
    a row that could not be handed over stays pending and the beat job sends it."""
    from .tasks import send_outbox_mail

    ids = list(ids)
    app = send_outbox_mail.app
    if app.conf.task_always_eager:
        for mail_id in ids:
            try:
                send_outbox_mail.apply_async((mail_id,))
            except Exception:  # noqa: BLE001 - never into the request; the row stays pending
                logger.exception("outbox: mail %s could not be sent in-process", mail_id)
        return
    try:
        with app.producer_or_acquire() as producer:
            # One quick connection attempt, no publish retries: with the broker down kombu
            # would otherwise keep the request waiting for seconds.
            producer.connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=2
            )
            for mail_id in ids:
                send_outbox_mail.apply_async((mail_id,), producer=producer, retry=False)
    except Exception:  # noqa: BLE001 - any broker error; the rows stay pending
        logger.warning("outbox: could not queue mails %s; the beat job will send them", ids)


def _claim(mail_id: int) -> OutboxMail | None:
    """Pending and due → sending, in one UPDATE: of two workers only one gets the row."""
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimed = OutboxMail.objects.filter(
        Q(pk=mail_id, status=OutboxMail.Status.PENDING) & due
    ).update(status=OutboxMail.Status.SENDING, claimed_at=now)
    if not claimed:
        return None
    return OutboxMail.objects.get(pk=mail_id)


def _message(mail: OutboxMail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers=mail.headers or None,
    )
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    for attachment in mail.attachments:
        content = attachment["content"]
        if attachment.get("base64"):
            content = base64.b64decode(content)
        message.attach(attachment["filename"], content, attachment.get("mimetype"))
    return message


def outbox_mail_send(*, mail_id: int) -> str:
    """Send one row if it is still pending and due; returns its resulting status."""
    mail = _claim(mail_id)
    if mail is None:
        return OutboxMail.objects.filter(pk=mail_id).values_list("status", flat=True).first() or ""
    attempts = mail.attempts + 1
    now = timezone.now()
    try:
        sent = get_connection(fail_silently=False).send_messages([_message(mail)])
        if sent == 0:
            raise RuntimeError("the mail backend accepted no message")
    except Exception as exc:  # noqa: BLE001 - SMTP, DNS, TLS, timeouts: all mean "try later"
        failed = attempts >= MAX_ATTEMPTS
        wait = BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1]
        OutboxMail.objects.filter(pk=mail.pk).update(
            status=OutboxMail.Status.FAILED if failed else OutboxMail.Status.PENDING,
            attempts=attempts,
            last_error=f"{exc.__class__.__name__}: {exc}"[:500],
            last_attempt_at=now,
            next_attempt_at=None if failed else now + timedelta(minutes=wait),
            claimed_at=None,
        )
        logger.warning("outbox: mail %s failed (attempt %s): %r", mail.pk, attempts, exc)
        return OutboxMail.Status.FAILED if failed else OutboxMail.Status.PENDING
    done = {
        "status": OutboxMail.Status.SENT,
        "attempts": attempts,
        "sent_at": timezone.now(),
        "last_attempt_at": now,
        "last_error": "",
        "claimed_at": None,
    }
    if mail.contains_secret:
        # The link has reached its owner; the outbox keeps no copy of it.
        done.update(body="", html_body="", attachments=[])
    OutboxMail.objects.filter(pk=mail.pk).update(**done)
    return OutboxMail.Status.SENT


def outbox_send_due(*, limit: int = 500) -> int:
    """Beat job: send what is due (a queue message lost in a broker outage, a retry after its
    backoff) and give up on rows whose worker died mid-send. Returns how many rows it tried."""
    now = timezone.now()
    OutboxMail.objects.filter(
        status=OutboxMail.Status.SENDING, claimed_at__lt=now - STALE_SENDING
    ).update(
        status=OutboxMail.Status.FAILED,
        last_error="interrupted while sending; not re-sent automatically",
        claimed_at=None,
    )
    ids = list(
        OutboxMail.objects.filter(status=OutboxMail.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    started, tried, failures = time.monotonic(), 0, 0
    for mail_id in ids:
        if time.monotonic() - started > DUE_RUN_SECONDS:
            break
        status = outbox_mail_send(mail_id=mail_id)
        tried += 1
        failed = status in (OutboxMail.Status.PENDING, OutboxMail.Status.FAILED)
        failures = failures + 1 if failed else 0
        if failures >= DUE_RUN_FAILURES_IN_A_ROW:
            logger.warning("outbox: %s failures in a row; the next run continues", failures)
            break
    return tried


# Failed mails: what staff see and do ------------------------------------------------------

# Everything the dashboard may show; the body is never loaded.
LISTED_FIELDS = (
    "id",
    "kind",
    "to",
    "subject",
    "attempts",
    "last_error",
    "created_at",
    "last_attempt_at",
    "contains_secret",
    "status",
)

# kind → callable(mail, request) that issues a fresh mail for a failed one with a secret.
# Apps register theirs in AppConfig.ready(); core knows none of them.
_reissuers: dict[str, Callable] = {}


def register_reissuer(kind: str, reissue: Callable) -> None:
    _reissuers[kind] = reissue


def can_reissue(mail: OutboxMail) -> bool:
    return not mail.contains_secret or mail.kind in _reissuers


def failed_mails(*, limit: int = 20):
    """Failed mails nobody has dealt with yet, newest first, without their bodies."""
    return (
        OutboxMail.objects.filter(status=OutboxMail.Status.FAILED, reissued_at__isnull=True)
        .only(*LISTED_FIELDS)
        .order_by("-last_attempt_at", "-id")[:limit]
    )


@transaction.atomic
def outbox_mail_resend(*, mail: OutboxMail, request=None) -> str:
    """Staff send a failed mail again. A mail without a secret goes back to the queue as it
    is; one with a secret link is issued afresh by the feature that wrote it (a new token),
    and the old row stays failed. Returns "queued" or "reissued"."""
    actor = getattr(request, "user", None)
    mail = OutboxMail.objects.select_for_update(of=("self",)).get(pk=mail.pk)
    if mail.status != OutboxMail.Status.FAILED or mail.reissued_at is not None:
        raise ValidationError(_("Only a failed e-mail can be sent again."))
    if not mail.contains_secret:
        OutboxMail.objects.filter(pk=mail.pk).update(
            status=OutboxMail.Status.PENDING, attempts=0, next_attempt_at=None, last_error=""
        )
        # The error is about to be cleared; the audit entry keeps what made staff resend.
        log_action(obj=mail, action="resent", actor=actor, note=mail.last_error[:500])
        transaction.on_commit(lambda: enqueue([mail.pk]), robust=True)
        return "queued"
    reissue = _reissuers.get(mail.kind)
    if reissue is None:
        raise ValidationError(
            _(
                "This e-mail contained a personal link that cannot be sent again. Please ask "
                "the recipient to request a new one."
            )
        )
    reissue(mail, request)
    OutboxMail.objects.filter(pk=mail.pk).update(reissued_at=timezone.now())
    log_action(obj=mail, action="reissued", actor=actor, note=mail.last_error[:500])
    return "reissued"


def outbox_erase_for_user(user) -> str:
    """Erasure step (core.registry): the outbox forgets the person's mails."""
    address = getattr(user, get_user_model().get_email_field_name(), "") or ""
    rows = OutboxMail.objects.filter(recipient_user=user)
    if address:
        rows = OutboxMail.objects.filter(Q(recipient_user=user) | Q(to__iexact=address))
    rows.delete()
    return ""
