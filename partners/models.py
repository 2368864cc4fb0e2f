from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    """An organisation of the Klimaallianz."""

    class Status(models.TextChoices):
        REGISTERED = "registriert", _("registered")
        SIGNED = "unterzeichnet", _("signed")
        ACTIVE = "aktiv", _("active")
        WITHDRAWN = "ausgetreten", _("withdrawn")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="partners_partner_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A user who acts for a partner organisation. A user belongs to at most one partner."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_contact",
        verbose_name=_("user"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    joined_at = models.DateTimeField(_("contact since"), default=timezone.now)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["partner", "joined_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.partner})"
