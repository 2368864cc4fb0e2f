"""The store behind core.notifications: partner contacts' choices per category, the mails
held for their digests, and the digests themselves."""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.mail import queue_mail
from core.notifications import CATEGORIES, DIGESTS, Frequency, default_frequency

from .models import HeldMail, NotificationPreference

DIGEST_KIND = "notifications.digest"


class Store:
    """Installed into core.notifications by NewsletterConfig.ready()."""

    def frequencies(self, *, user_ids: Iterable[int], category: str) -> dict[int, str]:
        return dict(
            NotificationPreference.objects.filter(
                user_id__in=list(user_ids), category=category
            ).values_list("user_id", "frequency")
        )

    def hold(self, *, kind, category, held, subject, body, html_body) -> None:
        HeldMail.objects.bulk_create(
            HeldMail(
                user=user,
                to=address,
                kind=kind,
                category=category,
                frequency=frequency,
                subject=subject,
                body=body,
            )
            for address, user, frequency in held
        )


def preferences_for(user) -> dict[str, str]:
    """Every category with the person's frequency (the default where none was chosen)."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("category", "frequency")
    )
    return {key: chosen.get(key, default_frequency(key)) for key in CATEGORIES}


def preferences_save(*, user, choices: dict[str, str]) -> dict[str, str]:
    """Stores the person's choice per category. Mails already held follow the new choice:
    to the other digest, into the next daily digest when switched to immediately, gone
    when switched off."""
    with transaction.atomic():
        before = preferences_for(user)
        changes = {}
        for category, frequency in choices.items():
            if category not in CATEGORIES or frequency not in Frequency.values:
                continue
            if before[category] == frequency:
                continue
            NotificationPreference.objects.update_or_create(
                user=user, category=category, defaults={"frequency": frequency}
            )
            held = HeldMail.objects.filter(user=user, category=category)
            if frequency == Frequency.OFF:
                held.delete()
            else:
                target = frequency if frequency in DIGESTS else Frequency.DAILY
                held.update(frequency=target)
            changes[category] = {
                "label": str(CATEGORIES[category]),
                "old": str(Frequency(before[category]).label),
                "new": str(Frequency(frequency).label),
            }
        if changes:
            log_action(
                obj=user,
                action="notification_preferences_changed",
                actor=user,
                changes=changes,
                object_repr=_("Account no. %(pk)s") % {"pk": user.pk},
            )
    return preferences_for(user)


def digests_send(*, frequency: str) -> int:
    """Beat (daily, weekly): one digest per person with everything held for `frequency`,
    oldest first; the held mails are removed in the same transaction that queues the digest,
    so a crash sends a digest either completely or not at all. Returns how many went out."""
    if frequency not in DIGESTS:
        raise ValueError(f"not a digest frequency: {frequency!r}")
    user_ids = list(
        HeldMail.objects.filter(frequency=frequency)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    sent = 0
    for user_id in user_ids:
        with transaction.atomic():
            held = list(
                HeldMail.objects.select_for_update()
                .filter(frequency=frequency, user_id=user_id)
                .select_related("user")
                .order_by("created_at", "pk")
            )
            if not held:
                continue
            user = held[0].user
            grouped = defaultdict(list)
            for mail in held:
                grouped[mail.category].append(mail)
            sections = [
                {"label": CATEGORIES.get(key, _("Other")), "mails": grouped[key]}
                for key in [*CATEGORIES, *sorted(set(grouped) - set(CATEGORIES))]
                if key in grouped
            ]
            context = {
                "site_url": settings.SITE_URL,
                "frequency": frequency,
                "sections": sections,
                "count": len(held),
                "date": timezone.localdate(),
            }
            subject = (
                _("Your daily summary: %(count)s notifications")
                if frequency == Frequency.DAILY
                else _("Your weekly summary: %(count)s notifications")
            ) % {"count": len(held)}
            queue_mail(
                to=[(held[-1].to, user)],
                subject=subject,
                body=render_to_string("newsletter/email/digest.txt", context),
                html_body=render_to_string(
                    "newsletter/email/digest.html", {**context, "subject": subject}
                ),
                kind=DIGEST_KIND,
            )
            HeldMail.objects.filter(pk__in=[mail.pk for mail in held]).delete()
            sent += 1
    return sent
