"""Writes on the city balance, the target path and the emission factors (staff only; the
views ask the permission). Each write is one transaction with one audit entry."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit.services import diff, field_values, log_action

from .models import SECTOR_FIELDS, CityEmissions, EmissionFactor, TargetPath

BALANCE_FIELDS = ["total_t", "population", "source", "preliminary", *SECTOR_FIELDS, "note"]
FACTOR_FIELDS = [
    "unit",
    "kg_co2e_per_unit",
    "source",
    "source_year",
    "valid_from",
    "valid_until",
    "note",
]


@transaction.atomic
def emissions_save(*, actor: User | None, year: int, **fields) -> CityEmissions:
    """Enter or correct the balance of `year`; a correction records old → new."""
    row = CityEmissions.objects.select_for_update().filter(year=year).first()
    before = field_values(row, BALANCE_FIELDS) if row is not None else None
    row = row or CityEmissions(year=year)
    for name in BALANCE_FIELDS:
        if name in fields:
            setattr(row, name, fields[name])
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        # A concurrent entry of the same year (unique year) or a value the checks refuse.
        raise ValidationError(
            {
                "year": _("The figures for %(year)s could not be saved; please try again.")
                % {"year": year}
            }
        ) from exc
    log_action(
        obj=row,
        action="changed" if before is not None else "created",
        actor=actor,
        changes=diff(row, before) if before is not None else {},
    )
    return row


@transaction.atomic
def emissions_delete(*, actor: User | None, row: CityEmissions) -> None:
    """Remove a year's balance; the history keeps what it said."""
    path = TargetPath.objects.first()
    if path is not None and path.base_year == row.year:
        raise ValidationError(
            _(
                "%(year)s is the base year of the target path. Choose another base year "
                "before you delete it."
            )
            % {"year": row.year}
        )
    values = field_values(row, ["total_t", "population", "source"])
    log_action(
        obj=row,
        action="deleted",
        actor=actor,
        changes={
            name: {
                "label": str(row._meta.get_field(name).verbose_name),
                "old": str(value),
                "new": "",
            }
            for name, value in values.items()
        },
    )
    row.delete()


@transaction.atomic
def target_path_set(*, actor: User | None, base_year: int) -> TargetPath:
    if not CityEmissions.objects.filter(year=base_year).exists():
        raise ValidationError(
            {
                "base_year": _("There are no emission figures for %(year)s yet. Enter them first.")
                % {"year": base_year}
            }
        )
    row = TargetPath.objects.select_for_update(of=("self",)).first()
    before = field_values(row, ["base_year"]) if row is not None else None
    row = row or TargetPath()
    row.base_year = base_year
    row.full_clean()
    row.save()
    log_action(
        obj=row,
        action="changed" if before is not None else "created",
        actor=actor,
        changes=diff(row, before) if before is not None else {},
    )
    return row


# Emission factors --------------------------------------------------------------------------


@transaction.atomic
def emission_factor_add_version(*, actor: User | None, carrier: str, **fields) -> EmissionFactor:
    """A new version of a carrier's factor. Earlier versions are never changed, so a result
    computed with one of them keeps its explanation; `selectors.factor_for` picks the newest
    version valid in a year."""
    if carrier not in EmissionFactor.Carrier.values:
        raise ValidationError({"carrier": _("Choose an energy carrier from the list.")})
    # Lock the carrier's versions (PostgreSQL refuses FOR UPDATE with an aggregate); a
    # concurrent first version still meets the unique constraint below.
    versions = list(
        EmissionFactor.objects.select_for_update()
        .filter(carrier=carrier)
        .values_list("version", flat=True)
    )
    latest = max(versions, default=0)
    factor = EmissionFactor(carrier=carrier, version=latest + 1)
    for name in FACTOR_FIELDS:
        if name in fields:
            setattr(factor, name, fields[name])
    factor.full_clean()
    try:
        with transaction.atomic():
            factor.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Another version was saved at the same time; please try again.")
        ) from exc
    log_action(obj=factor, action="created", actor=actor)
    return factor


@transaction.atomic
def emission_factor_confirm(*, actor: User, factor: EmissionFactor) -> EmissionFactor:
    """The specialist department confirms a version's value and source."""
    factor = EmissionFactor.objects.select_for_update().get(pk=factor.pk)
    if factor.confirmed:
        raise ValidationError(_("This version has already been confirmed."))
    before = field_values(factor, ["confirmed"])
    factor.confirmed = True
    factor.confirmed_by = actor
    factor.confirmed_at = timezone.now()
    factor.save(update_fields=["confirmed", "confirmed_by", "confirmed_at"])
    log_action(obj=factor, action="confirmed", actor=actor, changes=diff(factor, before))
    return factor
