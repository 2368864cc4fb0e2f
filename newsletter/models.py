"""Newsletter subscribers and issues, and the notification preferences of partner contacts
with the mails held for their digests (the store behind core.notifications)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.notifications import CATEGORIES, Frequency


def new_key() -> str:
    return secrets.token_urlsafe(32)


class Topic(models.TextChoices):
    NEWS = "aktuelles", _("News")
    PROJECTS = "projekte", _("Projects")
    MEETINGS = "termine", _("Meetings")
    DECISIONS = "beschluesse", _("Decisions")


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=Subscriber.State.CONFIRMED)


class Subscriber(models.Model):
    """One address. Nothing is sent to it but the confirmation mail until it is confirmed
    (double opt-in); the consent is kept with its time and the version of its wording."""

    class State(models.TextChoices):
        PENDING = "unbestaetigt", _("not confirmed")
        CONFIRMED = "bestaetigt", _("confirmed")
        UNSUBSCRIBED = "abgemeldet", _("unsubscribed")

    email = models.EmailField(_("e-mail address"), max_length=254)
    # Empty: every topic.
    topics = models.JSONField(_("topics"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=15, choices=State.choices, default=State.PENDING, db_index=True
    )
    # Part of the signed confirmation link; a new request makes older links worthless.
    confirm_key = models.CharField(_("confirmation key"), max_length=64, default=new_key)
    requested_at = models.DateTimeField(_("requested at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    consent_version = models.CharField(_("version of the consent text"), max_length=20, blank=True)
    # The one-click unsubscribe link of every mail; never changes, so old mails keep working.
    unsubscribe_key = models.CharField(
        _("unsubscribe key"), max_length=64, unique=True, default=new_key
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_unique"),
            models.CheckConstraint(
                condition=~models.Q(state="bestaetigt")
                | (models.Q(confirmed_at__isnull=False) & ~models.Q(consent_version="")),
                name="newsletter_confirmed_has_consent",
            ),
        ]

    def __str__(self) -> str:
        # Without the address: audit entries and admin lists name the number only.
        return _("Subscription no. %(pk)s") % {"pk": self.pk}

    def wants(self, topic: str) -> bool:
        return not self.topics or topic in self.topics


class IssueQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(state=Issue.State.SENT)


class Issue(models.Model):
    """One newsletter issue. Its items are a snapshot taken when it is composed, so the
    archive shows what was sent even if a post is changed later."""

    class State(models.TextChoices):
        DRAFT = "entwurf", _("draft")
        SENDING = "versand", _("being sent")
        SENT = "versendet", _("sent")

    number = models.PositiveIntegerField(_("number"), unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(_("introduction"), max_length=5000, blank=True)
    # [{"topic", "title", "url", "date", "summary"}], in the order shown.
    items = models.JSONField(_("items"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Sending goes in batches by subscriber id; a restarted task continues after this one.
    last_subscriber_id = models.PositiveIntegerField(_("sent up to subscriber"), default=0)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="versendet") | models.Q(sent_at__isnull=False),
                name="newsletter_sent_issue_has_time",
            )
        ]

    def __str__(self) -> str:
        return _("Newsletter %(number)s: %(subject)s") % {
            "number": self.number,
            "subject": self.subject,
        }

    def get_absolute_url(self) -> str:
        return reverse("newsletter:archive_detail", kwargs={"number": self.number})

    def topics(self) -> set[str]:
        return {item.get("topic") for item in self.items}


CATEGORY_CHOICES = [(key, label) for key, label in CATEGORIES.items()]


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("account"),
    )
    category = models.CharField(_("category"), max_length=20, choices=CATEGORY_CHOICES)
    frequency = models.CharField(_("frequency"), max_length=15, choices=Frequency.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="newsletter_one_preference_per_category"
            ),
            models.CheckConstraint(
                condition=models.Q(frequency__in=Frequency.values),
                name="newsletter_preference_frequency_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.frequency}"


class HeldMail(models.Model):
    """A mail kept for a person's daily or weekly digest instead of being sent at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("account"),
    )
    to = models.EmailField(_("recipient"), max_length=254)
    kind = models.CharField(_("kind"), max_length=80)
    category = models.CharField(_("category"), max_length=20)
    frequency = models.CharField(_("frequency"), max_length=15, choices=Frequency.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mail held for a digest")
        verbose_name_plural = _("mails held for a digest")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["frequency", "user"], name="newsletter_held_digest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(frequency__in=["taeglich", "woechentlich"]),
                name="newsletter_held_for_a_digest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.frequency})"
