"""Plausible demo balance for Magdeburg: falling with noise since 2010, by sector from 2018,
the latest year preliminary. Written through the services, so the history shows it."""

import random
from decimal import Decimal

from django.utils import timezone

from .models import SECTOR_FIELDS, CityEmissions, TargetPath
from .services import emissions_save, target_path_set

# Rough shares of the BISKO sectors in a German city of its kind; transport takes the rest.
SECTOR_SHARES = [Decimal("0.32"), Decimal("0.18"), Decimal("0.17"), Decimal("0.04")]


def _sectors(total: Decimal) -> dict:
    parts = [(total * share).quantize(Decimal("1")) for share in SECTOR_SHARES]
    return dict(zip(SECTOR_FIELDS, [*parts, total - sum(parts)], strict=True))


def seed() -> list[tuple[str, str, str]]:
    rng = random.Random(2010)  # noqa: S311 - demo data, reproducible
    last_year = timezone.localdate().year - 1
    population = 231_000
    for year in range(2010, last_year + 1):
        per_capita = Decimal("9.6") - Decimal("0.22") * (year - 2010)
        per_capita += Decimal(str(round(rng.uniform(-0.25, 0.25), 2)))
        population += rng.randint(-600, 1400)
        if CityEmissions.objects.filter(year=year).exists():
            continue
        total = (per_capita * population).quantize(Decimal("1"))
        emissions_save(
            actor=None,
            year=year,
            total_t=total,
            population=population,
            source="Demo-Daten (Energie- und Treibhausgasbilanz der Stadt, fiktiv)",
            preliminary=year == last_year,
            **(_sectors(total) if year >= 2018 else {}),
        )
    if not TargetPath.objects.exists():
        target_path_set(actor=None, base_year=2010)
    return []
