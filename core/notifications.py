"""Notification preferences, applied where mail is queued (core.mail.queue_mail).

Each outbox mail has a `kind`. Apps register their kinds in `core.registry.mail_kinds` with
the category a person's preferences apply to (meetings, decisions, project review, tasks,
newsletter) or as `always_immediate` (a meeting's cancellation, the opening of a written
procedure, a review result, an invitation: mails whose delay would cost the partner
something). A kind nobody registered is delivered immediately, so a new mail never vanishes
into a digest by accident.

Core knows neither where preferences are stored nor how a digest is written: the app that
stores them installs a `PreferenceStore` (`install_store`). Without one, everything goes out
immediately. Mails with a secret link or with attachments always go at once: a digest would
delay a token and cannot carry files.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .registry import mail_kinds


class Frequency(models.TextChoices):
    IMMEDIATE = "sofort", _("immediately")
    DAILY = "taeglich", _("daily digest")
    WEEKLY = "woechentlich", _("weekly digest")
    OFF = "aus", _("off")


# The categories of the preference form, in its order.
CATEGORIES: dict[str, object] = {
    "meetings": pgettext_lazy("notification category", "Meetings"),
    "decisions": pgettext_lazy("notification category", "Decisions and written procedures"),
    "projects": pgettext_lazy("notification category", "Project review"),
    "tasks": pgettext_lazy("notification category", "Tasks"),
    "newsletter": pgettext_lazy("notification category", "Newsletter"),
}
# Without a choice of the person: everything at once, the newsletter only when asked for
# (it is advertising in the sense of § 7 UWG and needs consent).
DEFAULTS = {"newsletter": Frequency.OFF}
DIGESTS = (Frequency.DAILY, Frequency.WEEKLY)


def default_frequency(category: str) -> str:
    return DEFAULTS.get(category, Frequency.IMMEDIATE)


@dataclass(frozen=True)
class MailKind:
    category: str = ""
    always_immediate: bool = False
    # What the preference page says about the kind (lazy German text).
    label: object = ""


def register_kind(
    kind: str, category: str = "", *, always_immediate: bool = False, label: object = ""
) -> None:
    if not always_immediate and category not in CATEGORIES:
        raise ValueError(f"unknown notification category {category!r} for {kind!r}")
    mail_kinds.register(kind, MailKind(category, always_immediate, label))


def kind_info(kind: str) -> MailKind | None:
    return mail_kinds._entries.get(kind, (0, None))[1]


def always_immediate_kinds() -> list[MailKind]:
    return [entry for entry in mail_kinds if entry.always_immediate]


class PreferenceStore(Protocol):
    def frequencies(self, *, user_ids: Iterable[int], category: str) -> dict[int, str]:
        """The chosen frequency per user id (users without a choice may be left out)."""

    def hold(
        self,
        *,
        kind: str,
        category: str,
        held: list[tuple[str, object, str]],
        subject: str,
        body: str,
        html_body: str,
    ) -> None:
        """Keep a mail for the digests of `held`: (address, user, frequency) entries."""


_store: PreferenceStore | None = None


def install_store(store: PreferenceStore | None) -> None:
    global _store
    _store = store


def route(
    *,
    kind: str,
    recipients: list[tuple[str, object]],
    contains_secret: bool = False,
    has_attachments: bool = False,
) -> tuple[list[tuple[str, object]], list[tuple[str, object, str]]]:
    """Splits the recipients of one mail into those who get it now and those whose
    preferences hold it for a digest ((address, user, frequency)); whoever switched the
    category off is in neither list."""
    info = kind_info(kind)
    if (
        _store is None
        or info is None
        or info.always_immediate
        or not info.category
        or contains_secret
        or has_attachments
    ):
        return recipients, []
    user_ids = [user.pk for _address, user in recipients if getattr(user, "pk", None)]
    chosen = _store.frequencies(user_ids=user_ids, category=info.category) if user_ids else {}
    now, held = [], []
    for address, user in recipients:
        pk = getattr(user, "pk", None)
        if pk is None:
            # An address without an account has no preferences (a newsletter subscriber).
            now.append((address, user))
            continue
        frequency = chosen.get(pk, default_frequency(info.category))
        if frequency == Frequency.OFF:
            continue
        if frequency in DIGESTS:
            held.append((address, user, frequency))
        else:
            now.append((address, user))
    return now, held


def hold(
    *, kind: str, held: list[tuple[str, object, str]], subject: str, body: str, html_body: str
) -> None:
    if not held or _store is None:
        return
    info = kind_info(kind)
    _store.hold(
        kind=kind,
        category=info.category if info else "",
        held=held,
        subject=subject,
        body=body,
        html_body=html_body,
    )
