"""Plausible demo emission figures for Magdeburg: falling with noise since 2010."""

import random
from decimal import Decimal

from django.utils import timezone

from .models import CityEmissions, TargetPath


def seed() -> list[tuple[str, str, str]]:
    rng = random.Random(2010)  # noqa: S311 - demo data, reproducible
    last_year = timezone.localdate().year - 1
    population = 231_000
    for year in range(2010, last_year + 1):
        per_capita = Decimal("9.6") - Decimal("0.22") * (year - 2010)
        per_capita += Decimal(str(round(rng.uniform(-0.25, 0.25), 2)))
        population += rng.randint(-600, 1400)
        CityEmissions.objects.get_or_create(
            year=year,
            defaults={
                "total_t": (per_capita * population).quantize(Decimal("1")),
                "population": population,
                "source": "Demo-Daten (Energie- und CO2-Bilanz der Stadt, fiktiv)",
            },
        )
    if not TargetPath.objects.exists():
        TargetPath.objects.create(base_year=2010)
    return []
