from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMail(models.Model):
    """One outgoing e-mail to one recipient, written in the transaction of the change that
    causes it and sent by a Celery task after commit (see core.mail)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    # "<entity>.<event>", e.g. "project.submitted"; notification preferences will use it.
    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    to = models.EmailField(_("recipient"), max_length=254)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient account"),
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML text"), blank=True)
    # [{"filename": ..., "content": <text or base64>, "mimetype": ..., "base64": bool}].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    from_email = models.CharField(_("sender"), max_length=300, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # A body with a link or code that verifies, resets or grants access: never shown, never
    # re-sent as is (staff re-issue it), and emptied once the mail has gone out.
    contains_secret = models.BooleanField(_("contains a secret link"), default=False)
    # What the feature that wrote the mail needs to issue it afresh (ids, never secrets).
    ref = models.JSONField(_("reference"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # A failed mail with a secret stays failed; staff had a fresh one issued at this time.
    reissued_at = models.DateTimeField(_("issued afresh at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outbox_sent_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to}"

    @property
    def export_hidden_fields(self) -> tuple[str, ...]:
        """Left out of the person's data export: a pending token is nobody's to read."""
        return ("body", "html_body", "attachments") if self.contains_secret else ()


class SlugAlias(models.Model):
    """A slug an object had before; its old addresses redirect to the current one
    (core.slugs)."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    slug = models.SlugField(_("slug"), max_length=220)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="slug_alias_unique"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.slug
