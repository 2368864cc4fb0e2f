"""The city balance (per year, optionally by BISKO sector), its target path, and the
versioned emission factors that partners' activity data will be converted with."""

import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TARGET_YEAR = 2050
TARGET_PER_CAPITA = Decimal("3.2")
FIRST_BALANCE_YEAR = 1990
# The five sectors may be rounded separately in the city's report; their sum may differ from
# the total by this share before the entry is refused.
SECTOR_SUM_TOLERANCE = Decimal("0.005")
# Factors are looked up for result years, which the projects bound by 2050.
LAST_FACTOR_YEAR = 2100

SECTORS = [
    ("households_t", _("Private households")),
    ("commerce_t", _("Trade, commerce and services")),
    ("industry_t", _("Industry")),
    ("municipal_t", _("Municipal facilities")),
    ("transport_t", _("Transport")),
]
SECTOR_FIELDS = [name for name, _label in SECTORS]
# Keys of the sectors in /klimabilanz/daten.json (stable, English like the other keys).
SECTOR_KEYS = {
    "households_t": "households",
    "commerce_t": "commerce",
    "industry_t": "industry",
    "municipal_t": "municipal",
    "transport_t": "transport",
}


def single_line(value: str) -> None:
    """A source is one line of text: no line breaks, tabs or other control characters (they
    would break the CSV/JSON consumers and can hide text)."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError(_("Please enter a single line of text without control characters."))


def latest_balance_year() -> int:
    """A balance can only describe a year that has begun; usually it is a past one."""
    return timezone.localdate().year


def sector_field(label):
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000000"))],
    )


class CityEmissions(models.Model):
    """The city's greenhouse gas balance for one year (BISKO), entered by staff.

    The table is the one reports created (`reports_cityemissions`); the model moved here.
    """

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(FIRST_BALANCE_YEAR)]
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
    source = models.CharField(_("source"), max_length=300, validators=[single_line])
    preliminary = models.BooleanField(
        _("preliminary"),
        default=False,
        help_text=_("The figures are provisional and may still change."),
    )
    households_t = sector_field(_("Private households (t CO2e)"))
    commerce_t = sector_field(_("Trade, commerce and services (t CO2e)"))
    industry_t = sector_field(_("Industry (t CO2e)"))
    municipal_t = sector_field(_("Municipal facilities (t CO2e)"))
    transport_t = sector_field(_("Transport (t CO2e)"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "reports_cityemissions"
        verbose_name = _("city emissions")
        verbose_name_plural = _("city emissions")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_t__gt=0) & Q(population__gt=0),
                name="reports_cityemissions_positive",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_BALANCE_YEAR),
                name="climate_cityemissions_year_from_1990",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def per_capita(self) -> Decimal:
        return (self.total_t / self.population).quantize(Decimal("0.01"))

    @property
    def sectors(self) -> list[tuple[str, str, Decimal | None]]:
        """(field, label, value) for the five BISKO sectors, in the order of the balance."""
        return [(name, label, getattr(self, name)) for name, label in SECTORS]

    @property
    def has_sectors(self) -> bool:
        return all(getattr(self, name) is not None for name in SECTOR_FIELDS)

    def clean(self):
        errors = {}
        if self.year is not None and self.year > latest_balance_year():
            errors["year"] = _("The year %(year)s has not begun yet; enter past years only.") % {
                "year": self.year
            }
        values = [getattr(self, name) for name in SECTOR_FIELDS]
        given = [value for value in values if value is not None]
        if given and len(given) < len(values):
            errors["__all__"] = _(
                "Enter either all five sectors or none: the total of a balance with "
                "missing sectors cannot be checked."
            )
        elif given and self.total_t:
            total = sum(given, Decimal("0"))
            if abs(total - self.total_t) > self.total_t * SECTOR_SUM_TOLERANCE:
                errors["__all__"] = _(
                    "The sectors add up to %(sum)s t, the total is %(total)s t. They may "
                    "differ by at most 0.5 %% (rounding); please check the figures."
                ) % {"sum": _number(total), "total": _number(self.total_t)}
        if errors:
            raise ValidationError(errors)


def _number(value: Decimal) -> str:
    from core.numbers import format_number

    return format_number(value, 1)


class TargetPath(models.Model):
    """The straight path from the base year's per-capita emissions to 3.2 t in 2050.

    A single row; staff choose the base year. Table `reports_targetpath`, as created by reports.
    """

    base_year = models.PositiveSmallIntegerField(
        _("base year"),
        validators=[MinValueValidator(FIRST_BALANCE_YEAR), MaxValueValidator(TARGET_YEAR - 1)],
        help_text=_("The path starts at the per-capita emissions of this year."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "reports_targetpath"
        verbose_name = _("target path")
        verbose_name_plural = _("target path")

    def __str__(self) -> str:
        return f"{self.base_year}–{TARGET_YEAR}"


class EmissionFactor(models.Model):
    """One version of the factor of an energy carrier or activity: kg CO2e per unit, with the
    upstream chains (life-cycle factors as BISKO uses them).

    A version's values are never changed: staff add a new version, so a result computed with
    an older one can always be explained. For a year the valid version is the newest one
    whose validity covers it (`selectors.factor_for`).
    """

    class Carrier(models.TextChoices):
        ELECTRICITY = "strom", _("Electricity (federal mix)")
        NATURAL_GAS = "erdgas", _("Natural gas")
        HEATING_OIL = "heizoel", _("Heating oil")
        DISTRICT_HEATING = "fernwaerme", _("District heating")
        DIESEL = "diesel", _("Diesel")
        PETROL = "benzin", _("Petrol")
        LIQUEFIED_GAS = "fluessiggas", _("Liquefied petroleum gas")
        WOOD_PELLETS = "holzpellets", _("Wood pellets")

    class Unit(models.TextChoices):
        KWH = "kWh", _("kWh")
        LITRE = "l", _("litre")
        KG = "kg", _("kg")
        CUBIC_METRE = "m3", _("m³")

    carrier = models.CharField(_("energy carrier or activity"), max_length=30, choices=Carrier)
    version = models.PositiveSmallIntegerField(_("version"), editable=False)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit)
    kg_co2e_per_unit = models.DecimalField(
        _("kg CO2e per unit"),
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
        help_text=_("Including the upstream chains (life-cycle factor, as in BISKO)."),
    )
    source = models.CharField(_("source"), max_length=300, validators=[single_line])
    source_year = models.PositiveSmallIntegerField(
        _("year of the source"), validators=[MinValueValidator(FIRST_BALANCE_YEAR)]
    )
    valid_from = models.PositiveSmallIntegerField(
        _("valid from (year)"),
        validators=[MinValueValidator(FIRST_BALANCE_YEAR), MaxValueValidator(LAST_FACTOR_YEAR)],
    )
    valid_until = models.PositiveSmallIntegerField(
        _("valid until (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_BALANCE_YEAR), MaxValueValidator(LAST_FACTOR_YEAR)],
        help_text=_("Empty: valid until a newer version replaces it."),
    )
    confirmed = models.BooleanField(
        _("confirmed by the specialist department"), default=False, editable=False
    )
    confirmed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")
        ordering = ["carrier", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "version"], name="climate_emissionfactor_version"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="climate_emissionfactor_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(kg_co2e_per_unit__gte=0), name="climate_emissionfactor_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_carrier_display()} v{self.version}"

    def covers(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_until is None or year <= self.valid_until)

    def clean(self):
        if self.source_year is not None and self.source_year > latest_balance_year():
            raise ValidationError(
                {"source_year": _("The source cannot be from a year that has not begun yet.")}
            )
        if (
            self.valid_from is not None
            and self.valid_until is not None
            and self.valid_until < self.valid_from
        ):
            raise ValidationError(
                {"valid_until": _("The end of the validity cannot be before its start.")}
            )
