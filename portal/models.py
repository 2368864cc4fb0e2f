import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LegalPage(models.Model):
    """Impressum, privacy notice and accessibility statement; staff edit the text."""

    class Slug(models.TextChoices):
        IMPRESSUM = "impressum", _("Legal notice")
        DATENSCHUTZ = "datenschutz", _("Privacy notice")
        BARRIEREFREIHEIT = "barrierefreiheit", _("Accessibility statement")
        # BITV 2.0 § 4: information about the site in easy-to-read German and in sign language.
        LEICHTE_SPRACHE = "leichte-sprache", _("Easy-to-read German")
        GEBAERDENSPRACHE = "gebaerdensprache", _("German Sign Language")

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


def sign_language_upload_path(instance, filename: str) -> str:
    # The original name says nothing the page needs; a random one cannot collide.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"gebaerdensprache/{uuid.uuid4().hex}.{extension[:5]}"


class SignLanguageVideo(models.Model):
    """A video in German Sign Language with captions, shown on /gebaerdensprache/."""

    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(
        _("short description"),
        max_length=500,
        blank=True,
        help_text=_("What the video explains, for people who cannot watch it."),
    )
    video = models.FileField(_("video (MP4 or WebM)"), upload_to=sign_language_upload_path)
    video_type = models.CharField(_("video format"), max_length=20, editable=False)
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to=sign_language_upload_path,
        help_text=_("A .vtt file with the spoken and signed content as text."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("sign-language video")
        verbose_name_plural = _("sign-language videos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def video_url(self) -> str:
        return reverse("sign_language_video", kwargs={"pk": self.pk})

    def captions_url(self) -> str:
        return reverse("sign_language_captions", kwargs={"pk": self.pk})
