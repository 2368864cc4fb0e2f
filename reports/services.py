"""Writes on the city's emission figures and the target path (staff only)."""

from django.db import transaction

from accounts.models import User

from .models import CityEmissions, TargetPath


@transaction.atomic
def emissions_save(*, actor: User, year: int, **fields) -> CityEmissions:
    row = CityEmissions.objects.filter(year=year).first() or CityEmissions(year=year)
    for name in ("total_t", "population", "source", "note"):
        if name in fields:
            setattr(row, name, fields[name])
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def emissions_delete(*, actor: User, row: CityEmissions) -> None:
    row.delete()


@transaction.atomic
def target_path_set(*, actor: User, base_year: int) -> TargetPath:
    row = TargetPath.objects.select_for_update().first() or TargetPath()
    row.base_year = base_year
    row.full_clean()
    row.save()
    return row
