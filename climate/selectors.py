"""Reads of the city balance, the target path and the emission factors."""

from dataclasses import dataclass
from decimal import Decimal

from .models import (
    SECTOR_KEYS,
    SECTORS,
    TARGET_PER_CAPITA,
    TARGET_YEAR,
    CityEmissions,
    EmissionFactor,
    TargetPath,
)


@dataclass(frozen=True)
class PathPoint:
    year: int
    actual: Decimal | None  # t CO2e per inhabitant, None when no balance exists
    target: Decimal | None  # on the straight path, None before the base year
    preliminary: bool = False

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


def _path(rows: list[CityEmissions], settings_row: TargetPath | None) -> TargetPathData:
    balances = {row.year: row.per_capita for row in rows}
    preliminary = {row.year for row in rows if row.preliminary}
    base_year = settings_row.base_year if settings_row else (min(balances) if balances else None)
    if base_year is None or base_year not in balances:
        points = [
            PathPoint(year, value, None, year in preliminary)
            for year, value in sorted(balances.items())
        ]
        return TargetPathData(base_year=None, points=points, latest=points[-1] if points else None)
    base_value = balances[base_year]
    years = sorted({*balances, *range(base_year, TARGET_YEAR + 1, 5), TARGET_YEAR})
    points = [
        PathPoint(
            year,
            balances.get(year),
            target_value(year, base_year, base_value) if year >= base_year else None,
            year in preliminary,
        )
        for year in years
    ]
    with_data = [p for p in points if p.actual is not None]
    return TargetPathData(base_year=base_year, points=points, latest=with_data[-1])


def target_path() -> TargetPathData:
    """Actual vs target per year: two queries, whatever the number of years."""
    return _path(list(CityEmissions.objects.all()), TargetPath.objects.first())


@dataclass(frozen=True)
class CityBalance:
    """Everything /klimabilanz/ and its JSON show, from two queries."""

    rows: list[CityEmissions]
    path: TargetPathData

    @property
    def targets(self) -> dict[int, Decimal | None]:
        return {point.year: point.target for point in self.path.points}

    @property
    def with_sectors(self) -> list[CityEmissions]:
        return [row for row in self.rows if row.has_sectors]

    @property
    def sources(self) -> list[str]:
        return sorted({row.source for row in self.rows})

    @property
    def sector_labels(self) -> list[str]:
        return [str(label) for _name, label in SECTORS]


def city_balance() -> CityBalance:
    rows = list(CityEmissions.objects.all())
    return CityBalance(rows=rows, path=_path(rows, TargetPath.objects.first()))


def balance_json(balance: CityBalance) -> dict:
    """The data of /klimabilanz/daten.json. Numbers are JSON numbers (t CO2e), `null` where
    unknown. The alliance's contribution (issue #15.4) is to be added per year here."""
    targets = balance.targets
    return {
        "unit": "t CO2e",
        "target_year": TARGET_YEAR,
        "target_per_capita": float(TARGET_PER_CAPITA),
        "base_year": balance.path.base_year,
        "years": [
            {
                "year": row.year,
                "total": float(row.total_t),
                "population": row.population,
                "per_capita": float(row.per_capita),
                "target": _float(targets.get(row.year)),
                "preliminary": row.preliminary,
                "source": row.source,
                "sectors": (
                    {SECTOR_KEYS[name]: float(value) for name, _label, value in row.sectors}
                    if row.has_sectors
                    else None
                ),
            }
            for row in balance.rows
        ],
    }


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# Emission factors --------------------------------------------------------------------------


def factor_for(carrier: str, year: int) -> EmissionFactor | None:
    """The factor a result of `year` is computed with: the newest version valid that year."""
    candidates = EmissionFactor.objects.filter(carrier=carrier, valid_from__lte=year).exclude(
        valid_until__lt=year
    )
    return candidates.order_by("-version").first()


@dataclass(frozen=True)
class FactorGroup:
    carrier: str
    label: str
    current: EmissionFactor
    older: list[EmissionFactor]


def factor_groups() -> list[FactorGroup]:
    """Every carrier with its newest version first and the older ones (one query)."""
    by_carrier: dict[str, list[EmissionFactor]] = {}
    for factor in EmissionFactor.objects.select_related("confirmed_by").order_by(
        "carrier", "-version"
    ):
        by_carrier.setdefault(factor.carrier, []).append(factor)
    order = [value for value, _label in EmissionFactor.Carrier.choices]
    groups = []
    for carrier in sorted(by_carrier, key=lambda c: order.index(c) if c in order else len(order)):
        versions = by_carrier[carrier]
        groups.append(
            FactorGroup(
                carrier=carrier,
                label=versions[0].get_carrier_display(),
                current=versions[0],
                older=versions[1:],
            )
        )
    return groups


def factor_for_display(carrier: str) -> EmissionFactor | None:
    """The newest version of a carrier, to prefill the next one."""
    return EmissionFactor.objects.filter(carrier=carrier).order_by("-version").first()


def balance_history(limit: int = 30):
    """Recent changes of all years of the balance and of the target path, deleted years
    included (their entries outlive the row), in one query."""
    from django.contrib.contenttypes.models import ContentType

    from core.audit.models import AuditEntry

    types = ContentType.objects.get_for_models(
        CityEmissions, TargetPath, for_concrete_models=False
    ).values()
    return list(
        AuditEntry.objects.filter(content_type__in=list(types)).select_related(
            "actor", "content_type"
        )[:limit]
    )
