"""Reads of the city balance, the target path and the emission factors."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from core.numbers import export_tonnes, format_number, format_tonnes, json_tonnes, round_figure
from core.registry import Registry

from .models import (
    SECTOR_FIELDS,
    SECTOR_KEYS,
    SECTORS,
    TARGET_PER_CAPITA,
    TARGET_YEAR,
    CityEmissions,
    EmissionFactor,
    TargetPath,
    latest_balance_year,
)

# Within this distance of the path (t per inhabitant) a year counts as on it: so small a
# difference lies within the uncertainty of a city balance and says neither ahead nor behind.
ON_PATH_TOLERANCE = Decimal("0.05")

AHEAD, BEHIND, ON_PATH = "ahead", "behind", "on"


def position_of(actual: Decimal | None, target: Decimal | None) -> str | None:
    """Ahead of the path (below it), behind it (above it), or on it (within the tolerance)."""
    if actual is None or target is None:
        return None
    if abs(actual - target) <= ON_PATH_TOLERANCE:
        return ON_PATH
    return AHEAD if actual < target else BEHIND


def position_text(actual: Decimal | None, target: Decimal | None) -> str:
    """The position in words that cannot be read as "exactly on the path" when it is not."""
    position = position_of(actual, target)
    if position is None:
        return ""
    gap = format_tonnes(abs(actual - target), 2)
    if position == AHEAD:
        return _("%(gap)s per inhabitant below the target path (ahead of the path)") % {"gap": gap}
    if position == BEHIND:
        return _("%(gap)s per inhabitant above the target path (behind the path)") % {"gap": gap}
    return _("on the target path (at most %(tolerance)s per inhabitant from it)") % {
        "tolerance": format_tonnes(ON_PATH_TOLERANCE, 2)
    }


@dataclass(frozen=True)
class PathPoint:
    year: int
    actual: Decimal | None  # t CO2e per inhabitant, None when no balance exists
    target: Decimal | None  # on the straight path, None before the base year
    preliminary: bool = False

    @property
    def on_path(self) -> bool | None:
        """At or below the path (the annual report's flag); pages show `position_text`."""
        if self.actual is None or self.target is None:
            return None
        return self.actual <= self.target

    @property
    def position(self) -> str | None:
        return position_of(self.actual, self.target)

    @property
    def position_text(self) -> str:
        return position_text(self.actual, self.target)

    @property
    def behind(self) -> bool:
        return self.position == BEHIND


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


# The alliance's contribution -----------------------------------------------------------------

# The alliance's achieved reductions come from the projects, an app above climate that climate
# may not import: a layer that sees both registers a provider here. A provider returns
# {year: [(field of action, achieved t CO2e), ...]} in a fixed number of queries.
achieved_reductions = Registry("climate.achieved_reductions")


def achieved_by_year_and_field() -> dict[int, list[tuple[str, Decimal]]]:
    table: dict[int, list[tuple[str, Decimal]]] = {}
    for provider in achieved_reductions:
        for year, fields in provider().items():
            table.setdefault(year, []).extend(fields)
    return table


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent_text(value: Decimal | None) -> str:
    return "–" if value is None else f"{format_number(value, 1)}\u00a0%"


@dataclass(frozen=True)
class FieldShare:
    """A field of action's achieved reductions and their share of the city's distance.
    Fields of action are the alliance's working groups, not BISKO sectors: no mapping."""

    name: str
    achieved: Decimal
    share: Decimal | None  # % of the distance, None when the goal is reached

    @property
    def share_text(self) -> str:
        return percent_text(self.share)


@dataclass(frozen=True)
class Contribution:
    """One complete year: the city's distance to the 2050 goal, its position against the
    path, and the alliance's approved achieved reductions as a share of that distance."""

    year: int
    total_t: Decimal
    population: int
    per_capita: Decimal
    target: Decimal | None
    preliminary: bool
    achieved: Decimal
    fields: list[FieldShare]

    @property
    def goal_t(self) -> Decimal:
        """What the city may still emit in 2050 at its population of that year."""
        return TARGET_PER_CAPITA * self.population

    @property
    def distance(self) -> Decimal:
        return self.total_t - self.goal_t

    @property
    def goal_reached(self) -> bool:
        return self.distance <= 0

    @property
    def share(self) -> Decimal | None:
        """% of the distance; None once the goal is reached (there is no distance left)."""
        if self.goal_reached:
            return None
        return _percent(self.achieved, self.distance)

    @property
    def share_text(self) -> str:
        return percent_text(self.share)

    @property
    def position(self) -> str | None:
        return position_of(self.per_capita, self.target)

    @property
    def position_text(self) -> str:
        return position_text(self.per_capita, self.target)

    def as_json(self) -> dict:
        return {
            "goal_t": json_tonnes(self.goal_t),
            "distance_t": json_tonnes(self.distance),
            "goal_reached": self.goal_reached,
            "position": self.position,
            "distance_to_path_per_capita": (
                None
                if self.target is None
                else float(round_figure(abs(self.per_capita - self.target), 2))
            ),
            "achieved_t": json_tonnes(self.achieved),
            "share_percent": _float(self.share),
            "fields_of_action": [
                {
                    "name": field.name,
                    "achieved_t": json_tonnes(field.achieved),
                    "share_percent": _float(field.share),
                }
                for field in self.fields
            ],
        }


def contributions(
    balance: CityBalance, achieved: dict[int, list[tuple[str, Decimal]]] | None = None
) -> list[Contribution]:
    """The contribution for each complete year with a balance (the current year has no
    results yet), years ascending. `achieved` defaults to what the providers give."""
    if achieved is None:
        achieved = achieved_by_year_and_field()
    targets = balance.targets
    current = latest_balance_year()
    found = []
    for row in balance.rows:
        if row.year >= current:
            continue
        by_field: dict[str, Decimal] = {}
        for name, value in achieved.get(row.year, []):
            by_field[name] = by_field.get(name, Decimal("0")) + (value or Decimal("0"))
        total = sum(by_field.values(), Decimal("0"))
        distance = row.total_t - TARGET_PER_CAPITA * row.population
        fields = [
            FieldShare(
                name=name,
                achieved=value,
                share=_percent(value, distance) if distance > 0 else None,
            )
            for name, value in sorted(by_field.items(), key=lambda item: str(item[0]))
        ]
        found.append(
            Contribution(
                year=row.year,
                total_t=row.total_t,
                population=row.population,
                per_capita=row.per_capita,
                target=targets.get(row.year),
                preliminary=row.preliminary,
                achieved=total,
                fields=fields,
            )
        )
    return found


def contribution_note() -> str:
    """Why the alliance's reductions are not the city balance (the page and the JSON say it)."""
    return _(
        "The alliance's reductions are not part of the city balance and do not lower it one to "
        "one. The balance follows BISKO, which counts electricity with the federal electricity "
        "mix: when a partner switches to green power, its reduction counts here, but the city "
        "balance stays the same. The partners' figures are their own approved results; fields of "
        "action are the alliance's working groups and do not correspond to the BISKO sectors, so "
        "no reduction is assigned to a sector."
    )


def latest_contribution(found: list[Contribution]) -> Contribution | None:
    return found[-1] if found else None


def balance_json(balance: CityBalance, found: list[Contribution] | None = None) -> dict:
    """The data of /klimabilanz/daten.json. Numbers are JSON numbers (t CO2e), `null` where
    unknown; `contribution` is `null` for a year that is not complete yet."""
    targets = balance.targets
    if found is None:
        found = contributions(balance)
    by_year = {item.year: item.as_json() for item in found}
    return {
        "unit": "t CO2e",
        "target_year": TARGET_YEAR,
        "target_per_capita": float(TARGET_PER_CAPITA),
        "base_year": balance.path.base_year,
        "contribution_note": contribution_note(),
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
                "contribution": by_year.get(row.year),
            }
            for row in balance.rows
        ],
    }


BALANCE_CSV_HEADER = [
    "Jahr",
    "Emissionen gesamt (t CO2e)",
    "Einwohnerinnen und Einwohner",
    "t CO2e je Einwohner",
    "Zielpfad (t CO2e je Einwohner)",
    "Vorläufig",
    "Quelle",
    "Private Haushalte (t CO2e)",
    "Gewerbe, Handel, Dienstleistungen (t CO2e)",
    "Industrie (t CO2e)",
    "Kommunale Einrichtungen (t CO2e)",
    "Verkehr (t CO2e)",
    "Erreichte Minderung der Allianz (t CO2e)",
]


def balance_csv_rows(balance: CityBalance, found: list[Contribution] | None = None):
    """The rows of /klimabilanz/export.csv: the same figures as daten.json, one year per row,
    German column names and decimal commas (what German spreadsheets read)."""
    if found is None:
        found = contributions(balance)
    achieved = {item.year: item.achieved for item in found}
    yield BALANCE_CSV_HEADER
    for row in balance.rows:
        sectors = [value for _name, _label, value in row.sectors] if row.has_sectors else []
        yield [
            row.year,
            export_tonnes(row.total_t),
            row.population,
            export_tonnes(row.per_capita, 2),
            export_tonnes(balance.targets.get(row.year), 2),
            "ja" if row.preliminary else "nein",
            row.source,
            *([export_tonnes(value) for value in sectors] or [""] * len(SECTOR_FIELDS)),
            export_tonnes(achieved.get(row.year)),
        ]


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
