from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalPage(models.Model):
    """Impressum, privacy notice and accessibility statement; staff edit the text."""

    class Slug(models.TextChoices):
        IMPRESSUM = "impressum", _("Legal notice")
        DATENSCHUTZ = "datenschutz", _("Privacy notice")
        BARRIEREFREIHEIT = "barrierefreiheit", _("Accessibility statement")

    slug = models.SlugField(_("page"), choices=Slug.choices, unique=True)
    body = models.TextField(
        _("text (Markdown)"),
        max_length=50_000,
        help_text=_("{contact_email} is replaced by the Stabsstelle's e-mail address."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")
        ordering = ["slug"]
        db_table = "klimaportal_legalpage"

    def __str__(self) -> str:
        return self.get_slug_display()
