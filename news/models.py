from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.media import unguessable_image_name
from core.uploads import ImageValidator


def post_image_path(instance, filename: str) -> str:
    # Scheduled posts' images must not be found by their name; the original name is not kept.
    return unguessable_image_name("news/", filename, instance.image)


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts whose publish time has come; future posts stay hidden until then."""
        return self.filter(publish_at__lte=timezone.now())


class Post(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    teaser = models.CharField(_("teaser"), max_length=400)
    body = models.TextField(_("text (Markdown)"), max_length=50_000)
    image = models.ImageField(
        _("image"),
        upload_to=post_image_path,
        blank=True,
        validators=[ImageValidator(5)],
        help_text=_("PNG, JPEG or WebP, at most 5 MB."),
    )
    image_alt = models.CharField(
        _("alternative text of the image"),
        max_length=250,
        blank=True,
        help_text=_("Describes the image for people who cannot see it. Required with an image."),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        help_text=_("A post with a time in the future stays hidden until then."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["-publish_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip():
            from django.core.exceptions import ValidationError

            raise ValidationError(
                {"image_alt": _("Please describe the image in an alternative text.")}
            )

    @property
    def is_published(self) -> bool:
        return self.publish_at <= timezone.now()
