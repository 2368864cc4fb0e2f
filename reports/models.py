from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TARGET_YEAR = 2050
TARGET_PER_CAPITA = Decimal("3.2")


class CityEmissions(models.Model):
    """The city's greenhouse gas balance for one year, entered by staff."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    total_t = models.DecimalField(
        _("total emissions (t CO2e)"),
        max_digits=14,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100000000"))],
    )
    population = models.PositiveIntegerField(
        _("population"), validators=[MinValueValidator(1), MaxValueValidator(10_000_000)]
    )
    source = models.CharField(_("source"), max_length=300)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("city emissions")
        verbose_name_plural = _("city emissions")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_t__gt=0) & Q(population__gt=0),
                name="reports_cityemissions_positive",
            )
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def per_capita(self) -> Decimal:
        return (self.total_t / self.population).quantize(Decimal("0.01"))


class TargetPath(models.Model):
    """The straight path from the base year's per-capita emissions to 3.2 t in 2050.

    A single row; staff choose the base year.
    """

    base_year = models.PositiveSmallIntegerField(
        _("base year"),
        validators=[MinValueValidator(1990), MaxValueValidator(TARGET_YEAR - 1)],
        help_text=_("The path starts at the per-capita emissions of this year."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("target path")
        verbose_name_plural = _("target path")

    def __str__(self) -> str:
        return f"{self.base_year}–{TARGET_YEAR}"
