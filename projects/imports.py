"""Bulk update of yearly results from a CSV file: parse and validate every row, nothing is saved
here. The view shows a preview; only when every row is valid can the user confirm, and
`services.results_import` saves all rows in one transaction (results of published projects
become pending revisions there, as in the form).

Plausibility (projects/plausibility.py) is checked per row against the expected reduction and
the previous year (the pending value where there is one, or an earlier line of the file); a
flagged row of a partner needs a short justification in an optional fourth column.

The figure is read by the same German decimal field as the result form (core.form_fields:
"1.234,5", "12,5" or "1234.5"; "1.234" is one thousand two hundred and thirty-four), and the
year is checked by the same rule as a stored result (validators.result_year_error: complete
years only, not before the start year, not after a discontinued project's stop year), so a
row gets the form's German messages.

Two forms of a result (issue #15.2), told apart by the header line:

- **t CO2e**: `projekt;jahr;t_co2e;begruendung` (the header is optional here: without one the
  columns are project, year, t CO2e and optionally a justification).
- **activity data**: a header with the columns `energietraeger;menge;einheit` (and
  `datenqualitaet`, A–D, required with activity data); several lines with the same project
  and year are the lines of one result, computed as in the form (projects.activity, the
  factor valid in the year, its unit). Such a file may hold t CO2e rows as well (`t_co2e`
  filled, the activity columns empty).

The columns of a header line may come in any order; their names are read without case,
umlauts and punctuation ("Energieträger", "t CO2e", "Datenqualität")."""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from climate.models import EmissionFactor
from core.form_fields import GermanDecimalField

from . import activity, plausibility
from .models import (
    MAX_QUANTITY,
    ActivityLine,
    DataQuality,
    Project,
    ProjectResult,
    ProjectRevision,
    ResultRevision,
)
from .validators import project_result_year_error

MAX_ROWS = 5000
HEADER_WORDS = {"projekt", "project", "slug", "kennung", "jahr", "year"}

# Column names of a header line (normalised: lower case, umlauts spelt out, no punctuation).
COLUMNS = {
    "project": {"projekt", "project", "slug", "kennung"},
    "year": {"jahr", "year"},
    "value": {"tco2e", "co2e", "minderung", "erreichteminderung", "erreichteminderungtco2e"},
    "carrier": {"energietraeger", "traeger", "carrier"},
    "quantity": {"menge", "eingespartemenge", "quantity"},
    "unit": {"einheit", "unit"},
    "quality": {"datenqualitaet", "datenguete", "qualitaet", "quality"},
    "justification": {"begruendung", "justification"},
}
ACTIVITY_COLUMNS = {"carrier", "quantity", "unit", "quality"}
# The names shown in messages and on the import page.
COLUMN_NAMES = {
    "project": "projekt",
    "year": "jahr",
    "value": "t_co2e",
    "carrier": "energietraeger",
    "quantity": "menge",
    "unit": "einheit",
    "quality": "datenqualitaet",
    "justification": "begruendung",
}


@dataclass
class ImportRow:
    line: int
    project: Project
    year: int
    value: Decimal
    old_value: Decimal | None
    justification: str = ""
    flags: tuple = ()
    # Activity data: the inputs (activity.LineInput), their computation for the preview and
    # the file's lines they come from; the service computes them again when saving.
    lines: tuple = ()
    computed: tuple = ()
    data_quality: str = ""
    source_lines: tuple = field(default_factory=tuple)

    @property
    def basis(self) -> str:
        return activity.describe(self.computed, self.data_quality)

    @property
    def change(self) -> str:
        if self.old_value is None:
            return "new"
        return "unchanged" if self.old_value == self.value else "changed"


@dataclass
class ImportResult:
    rows: list[ImportRow]
    errors: list[tuple[int, str]]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def decode(data: bytes) -> str:
    """UTF-8 with or without byte order mark; raises ValueError otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            _("The file is not UTF-8 encoded. Please save it as CSV (UTF-8).")
        ) from exc


def sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") >= first.count(",") and ";" in first else ","


def figure_field() -> GermanDecimalField:
    """The result form's field for the achieved reduction (precision, range and messages of
    the model field)."""
    return ProjectResult._meta.get_field("achieved_reduction").formfield(
        form_class=GermanDecimalField
    )


def parse_figure(raw: str, field: GermanDecimalField | None = None) -> Decimal:
    """The t CO2e of a cell, as the form and the model read it; raises ValidationError with
    their German messages (format, decimal places, negative, too large)."""
    value = (field or figure_field()).clean(raw)
    # The range is the model field's (REDUCTION_VALIDATORS), which the form checks on save.
    ProjectResult._meta.get_field("achieved_reduction").run_validators(value)
    return value


def parse_table(text: str) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """(header cells or None, data rows with their line numbers)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        rows.append((reader.line_num, [cell.strip() for cell in cells]))
    if rows and rows[0][1] and rows[0][1][0].strip().lower() in HEADER_WORDS:
        return rows[0][1], rows[1:]
    return None, rows


def parse_rows(text: str) -> list[tuple[int, list[str]]]:
    return parse_table(text)[1]


def _normalised(name: str) -> str:
    name = name.strip().lower()
    for umlaut, spelt in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        name = name.replace(umlaut, spelt)
    return re.sub(r"[^a-z0-9]", "", name)


def header_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """{column: index} of a header line, and the German errors of its unknown or repeated
    names."""
    by_name = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    errors = []
    for index, name in enumerate(header):
        column = by_name.get(_normalised(name))
        if column is None:
            if name.strip():
                errors.append(
                    _("Unknown column “%(name)s” in the header line. Known columns: %(known)s.")
                    % {"name": name[:50], "known": ", ".join(COLUMN_NAMES.values())}
                )
            continue
        if column in found:
            errors.append(
                _("The column “%(name)s” appears twice in the header line.") % {"name": name[:50]}
            )
            continue
        found[column] = index
    return found, errors


def _choice(raw: str, choices) -> str | None:
    """The value of a choice given by its code or its (German or English) label."""
    wanted = _normalised(raw)
    if not wanted:
        return None
    for value, label in choices:
        with translation.override("de"):
            german = str(label)
        if wanted in {_normalised(value), _normalised(str(label)), _normalised(german)}:
            return value
    return None


UNIT_ALIASES = {"liter": "l", "litre": "l", "kubikmeter": "m3", "kwh": "kWh"}


def parse_carrier(raw: str) -> str | None:
    return _choice(raw, EmissionFactor.Carrier.choices)


def parse_unit(raw: str) -> str | None:
    alias = UNIT_ALIASES.get(_normalised(raw), "")
    if alias:
        return alias
    return _choice(raw.replace("³", "3"), EmissionFactor.Unit.choices)


def quantity_field() -> GermanDecimalField:
    return ActivityLine._meta.get_field("quantity").formfield(form_class=GermanDecimalField)


def parse_quantity(raw: str, field: GermanDecimalField | None = None) -> Decimal:
    value = (field or quantity_field()).clean(raw)
    if value is None:
        raise ValidationError(_("Please enter the quantity saved."))
    if value <= 0:
        raise ValidationError(_("The quantity must be above zero."))
    if value > MAX_QUANTITY:
        raise ValidationError(_("The quantity is too large."))
    return value


def _references(projects) -> tuple[dict, dict]:
    """Expected reduction per project and result per (project, year) that a value is compared
    with: approved values, overlaid by the open revisions' pending ones."""
    expected = {p.pk: p.expected_reduction for p in projects}
    results = {
        (r.project_id, r.year): r.achieved_reduction
        for r in ProjectResult.objects.filter(project__in=projects)
    }
    for revision in ProjectRevision.objects.open().filter(project__in=projects):
        if "expected_reduction" in revision.changes:
            expected[revision.project_id] = Decimal(revision.changes["expected_reduction"])
    for entry in ResultRevision.objects.filter(
        revision__state__in=ProjectRevision.OPEN_STATES, revision__project__in=projects
    ).select_related("revision"):
        results[(entry.revision.project_id, entry.year)] = entry.achieved_reduction
    return expected, results


@dataclass
class _Record:
    """One line of the file, its cells by column."""

    line: int
    cells: dict

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


def _records(raw_rows, header: list[str] | None) -> tuple[list[_Record], list[tuple[int, str]]]:
    errors: list[tuple[int, str]] = []
    records = []
    if header is None or not (
        ACTIVITY_COLUMNS & {COLUMNS_BY_ALIAS.get(_normalised(name)) for name in header}
    ):
        # The t CO2e form: project, year, t CO2e and optionally a justification, by position.
        for line, cells in raw_rows:
            if len(cells) not in (3, 4):
                errors.append(
                    (
                        line,
                        _(
                            "Expected three columns: project, year, t CO2e, and optionally a "
                            "justification (found %(n)s). With comma as separator, put decimal "
                            "numbers in quotes or use a point."
                        )
                        % {"n": len(cells)},
                    )
                )
                continue
            names = ["project", "year", "value", "justification"]
            records.append(_Record(line, dict(zip(names, cells, strict=False))))
        return records, errors
    columns, header_errors = header_columns(header)
    missing = [name for name in ("project", "year") if name not in columns]
    activity_given = [name for name in ("carrier", "quantity", "unit") if name in columns]
    if activity_given or "value" not in columns:
        missing += [name for name in ("carrier", "quantity", "unit") if name not in columns]
    if missing or header_errors:
        messages = list(header_errors)
        if missing:
            messages.append(
                _("The header line lacks the columns %(names)s.")
                % {"names": ", ".join(COLUMN_NAMES[name] for name in missing)}
            )
        return [], [(1, message) for message in messages]
    for line, cells in raw_rows:
        if len(cells) > len(header):
            errors.append(
                (
                    line,
                    _(
                        "The line has %(n)s cells, the header line %(m)s columns. With comma as "
                        "separator, put decimal numbers in quotes or use a point."
                    )
                    % {"n": len(cells), "m": len(header)},
                )
            )
            continue
        records.append(
            _Record(
                line,
                {
                    column: cells[index] if index < len(cells) else ""
                    for column, index in columns.items()
                },
            )
        )
    return records, errors


COLUMNS_BY_ALIAS = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}


def validate_rows(
    raw_rows: list[tuple[int, list[str]]],
    *,
    projects,
    justify: bool = True,
    header: list[str] | None = None,
) -> ImportResult:
    """`projects`: the queryset of projects the user may change; `justify`: flagged values
    need a justification (partners; staff may give one); `header`: the file's header line
    (a header with activity columns reads the columns by name)."""
    if not raw_rows:
        return ImportResult(rows=[], errors=[(1, _("The file contains no data rows."))])
    if len(raw_rows) > MAX_ROWS:
        return ImportResult(
            rows=[],
            errors=[(1, _("The file has more than %(max)s rows.") % {"max": MAX_ROWS})],
        )
    records, errors = _records(raw_rows, header)
    if errors and not records:
        return ImportResult(rows=[], errors=errors)
    slugs = {record.get("project") for record in records}
    by_slug = {p.slug: p for p in projects.filter(slug__in=slugs)}
    existing = {
        (r.project_id, r.year): r.achieved_reduction
        for r in ProjectResult.objects.filter(project__in=by_slug.values())
    }
    expected_by_project, reference = _references(list(by_slug.values()))
    today = timezone.localdate()
    figure, amount = figure_field(), quantity_field()
    # (project, year) -> the group of the file's lines that make up one result
    groups: dict[tuple[int, int], dict] = {}
    failed: set[tuple[int, int]] = set()
    for record in records:
        line = record.line
        slug, raw_year = record.get("project"), record.get("year")
        justification = record.get("justification")
        project = by_slug.get(slug)
        if project is None:
            errors.append(
                (line, _("Unknown project “%(slug)s” or not one of yours.") % {"slug": slug})
            )
            continue
        try:
            year = int(raw_year)
        except ValueError:
            errors.append((line, _("“%(value)s” is not a year.") % {"value": raw_year}))
            continue
        key = (project.pk, year)
        line_errors = []
        year_error = project_result_year_error(project, year, today=today)
        if year_error:
            line_errors.append(_("Year %(year)s: %(error)s") % {"year": year, "error": year_error})
        raw_value = record.get("value")
        activity_cells = [record.get(name) for name in ("carrier", "quantity", "unit")]
        is_activity = any(activity_cells)
        value = line_input = None
        if is_activity and raw_value:
            line_errors.append(
                _(
                    "Please give either t CO2e or energy carrier, quantity and unit in a line, "
                    "not both."
                )
            )
        elif is_activity:
            raw_carrier, raw_quantity, raw_unit = activity_cells
            carrier, unit = parse_carrier(raw_carrier), parse_unit(raw_unit)
            if carrier is None:
                line_errors.append(
                    _("Energy carrier “%(value)s”: unknown; known are %(known)s.")
                    % {
                        "value": raw_carrier[:50],
                        "known": ", ".join(
                            str(label) for _v, label in EmissionFactor.Carrier.choices
                        ),
                    }
                )
            if unit is None:
                line_errors.append(
                    _("Unit “%(value)s”: unknown; known are kWh, l, kg, m3.")
                    % {"value": raw_unit[:50]}
                )
            try:
                quantity = parse_quantity(raw_quantity, amount)
            except ValidationError as exc:
                quantity = None
                line_errors.extend(
                    _("Quantity “%(value)s”: %(error)s")
                    % {"value": raw_quantity[:50], "error": message}
                    for message in exc.messages
                )
            if carrier and unit and not year_error:
                error = activity.line_error(carrier, unit, year)
                if error:
                    line_errors.append(error)
            if carrier and unit and quantity is not None:
                line_input = activity.LineInput(carrier, quantity, unit)
        else:
            try:
                value = parse_figure(raw_value, figure)
            except ValidationError as exc:
                line_errors.extend(
                    _("t CO2e “%(value)s”: %(error)s") % {"value": raw_value, "error": message}
                    for message in exc.messages
                )
        raw_quality = record.get("quality").strip().upper()
        if raw_quality and raw_quality not in DataQuality.values:
            line_errors.append(
                _("Data quality “%(value)s”: please give A, B, C or D.")
                % {"value": record.get("quality")[:50]}
            )
        if len(justification) > 2000:
            line_errors.append(_("The justification must not be longer than 2000 characters."))
        group = groups.get(key)
        if group is not None and (not is_activity or not group["activity"]):
            line_errors.append(
                _("Project and year already appear in line %(line)s.") % {"line": group["line"]}
            )
        if line_errors:
            errors.extend((line, message) for message in line_errors)
            failed.add(key)
            continue
        if group is None:
            group = groups[key] = {
                "line": line,
                "project": project,
                "year": year,
                "activity": is_activity,
                "value": value,
                "lines": [],
                "source_lines": [],
                "quality": "",
                "justification": "",
            }
        if line_input is not None:
            group["lines"].append(line_input)
        group["source_lines"].append(line)
        for name, given in (("quality", raw_quality), ("justification", justification)):
            if given and group[name] and given != group[name]:
                errors.append(
                    (
                        line,
                        _(
                            "The lines of one result (project and year) must not give "
                            "different values in the column “%(column)s”."
                        )
                        % {"column": COLUMN_NAMES[name]},
                    )
                )
                failed.add(key)
            elif given:
                group[name] = given
    rows: list[ImportRow] = []
    for key, group in groups.items():
        if key in failed:
            continue
        project, year, line = group["project"], group["year"], group["line"]
        computed: tuple = ()
        value = group["value"]
        if group["activity"]:
            if not group["quality"]:
                errors.append(
                    (
                        line,
                        _(
                            "Please state the data quality (A to D) of the activity data in "
                            "the column “datenqualitaet”."
                        ),
                    )
                )
                continue
            try:
                computation = activity.compute(group["lines"], year)
            except ValidationError as exc:
                errors.extend((line, message) for message in exc.messages)
                continue
            computed, value = computation.lines, computation.total_t
        justification = group["justification"]
        flags = tuple(
            plausibility.result_flags(
                value=value,
                expected=expected_by_project.get(project.pk),
                previous=reference.get((project.pk, year - 1)),
            )
        )
        reference[key] = value
        if justify and plausibility.needs_justification(flags) and not justification:
            errors.append(
                (
                    line,
                    plausibility.justification_error(list(flags))
                    + " "
                    + (
                        _("Add the justification in the column “begruendung”.")
                        if group["activity"] or header is not None
                        else _("Add the justification as a fourth column of the line.")
                    ),
                )
            )
            continue
        rows.append(
            ImportRow(
                line=line,
                project=project,
                year=year,
                value=value,
                old_value=existing.get(key),
                justification=justification,
                flags=flags,
                lines=tuple(group["lines"]),
                computed=computed,
                data_quality=group["quality"],
                source_lines=tuple(group["source_lines"]),
            )
        )
    errors.sort(key=lambda item: item[0])
    return ImportResult(rows=rows, errors=errors)


def read_upload(file, *, projects, justify: bool = True) -> ImportResult:
    try:
        text = decode(file.read())
    except ValueError as exc:
        return ImportResult(rows=[], errors=[(1, str(exc))])
    try:
        header, raw_rows = parse_table(text)
    except csv.Error as exc:
        return ImportResult(
            rows=[], errors=[(1, _("The file is not a valid CSV file: %(e)s") % {"e": exc})]
        )
    return validate_rows(raw_rows, projects=projects, justify=justify, header=header)


SESSION_HEADER = [
    "projekt",
    "jahr",
    "t_co2e",
    "energietraeger",
    "menge",
    "einheit",
    "datenqualitaet",
    "begruendung",
]


def to_session(result: ImportResult) -> list[dict]:
    return [
        {
            "line": row.line,
            "slug": row.project.slug,
            "year": row.year,
            "value": None if row.lines else str(row.value),
            "lines": [[line.carrier, str(line.quantity), line.unit] for line in row.lines],
            "quality": row.data_quality,
            "justification": row.justification,
        }
        for row in result.rows
    ]


def from_session(data: list[dict], *, projects, justify: bool = True) -> ImportResult:
    """Re-validates the stored rows (the data or permissions may have changed meanwhile).
    Raises TypeError or KeyError for a preview stored in another format."""
    raw = []
    for row in data:
        common = [row["slug"], str(row["year"])]
        tail = [row["quality"], row["justification"]]
        if row["lines"]:
            raw.extend(
                (row["line"], [*common, "", carrier, quantity, unit, *tail])
                for carrier, quantity, unit in row["lines"]
            )
        else:
            raw.append((row["line"], [*common, row["value"], "", "", "", *tail]))
    return validate_rows(raw, projects=projects, justify=justify, header=SESSION_HEADER)
