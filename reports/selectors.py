"""The city's progress towards 3.2 t CO2 per inhabitant and year by 2050."""

from dataclasses import dataclass
from decimal import Decimal

from .models import TARGET_PER_CAPITA, TARGET_YEAR, AnnualReport, CityEmissions, TargetPath


@dataclass(frozen=True)
class PathPoint:
    year: int
    actual: Decimal | None  # t CO2e per inhabitant, None when no balance exists
    target: Decimal | None  # on the straight path, None before the base year

    @property
    def on_path(self) -> bool | None:
        if self.actual is None or self.target is None:
            return None
        return self.actual <= self.target


@dataclass(frozen=True)
class TargetPathData:
    base_year: int | None
    points: list[PathPoint]
    latest: PathPoint | None  # the latest year with a balance

    @property
    def target_year(self) -> int:
        return TARGET_YEAR

    @property
    def target_per_capita(self) -> Decimal:
        return TARGET_PER_CAPITA


def target_value(year: int, base_year: int, base_value: Decimal) -> Decimal:
    """Linear interpolation from (base_year, base_value) to (2050, 3.2)."""
    if year >= TARGET_YEAR:
        return TARGET_PER_CAPITA
    share = Decimal(year - base_year) / Decimal(TARGET_YEAR - base_year)
    return (base_value + (TARGET_PER_CAPITA - base_value) * share).quantize(Decimal("0.01"))


def target_path() -> TargetPathData:
    """Actual vs target per year: two queries, whatever the number of years."""
    balances = {row.year: row.per_capita for row in CityEmissions.objects.all()}
    settings_row = TargetPath.objects.first()
    base_year = settings_row.base_year if settings_row else (min(balances) if balances else None)
    if base_year is None or base_year not in balances:
        points = [PathPoint(year, value, None) for year, value in sorted(balances.items())]
        return TargetPathData(base_year=None, points=points, latest=points[-1] if points else None)
    base_value = balances[base_year]
    years = sorted({*balances, *range(base_year, TARGET_YEAR + 1, 5), TARGET_YEAR})
    points = [
        PathPoint(
            year,
            balances.get(year),
            target_value(year, base_year, base_value) if year >= base_year else None,
        )
        for year in years
    ]
    with_data = [p for p in points if p.actual is not None]
    return TargetPathData(base_year=base_year, points=points, latest=with_data[-1])


def staff_dashboard(user=None) -> dict:
    """Context for the annual-report section of /stabsstelle/ (one query)."""
    return {"reports_latest": list(AnnualReport.objects.select_related("requested_by")[:3])}
