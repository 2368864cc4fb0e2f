from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyQuerySet(models.QuerySet):
    def working_groups(self):
        return self.filter(kind=Body.Kind.WORKING_GROUP)


class Body(models.Model):
    """The plenary (Allianzversammlung) or one of the four Facharbeitsgruppen.

    The five bodies are created by a data migration; staff only edit their descriptions.
    """

    class Kind(models.TextChoices):
        PLENARY = "plenum", _("plenary")
        WORKING_GROUP = "facharbeitsgruppe", _("working group")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
