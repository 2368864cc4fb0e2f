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
row gets the form's German messages."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.form_fields import GermanDecimalField

from . import plausibility
from .models import Project, ProjectResult, ProjectRevision, ResultRevision
from .validators import project_result_year_error

MAX_ROWS = 5000
HEADER_WORDS = {"projekt", "project", "slug", "kennung", "jahr", "year"}


@dataclass
class ImportRow:
    line: int
    project: Project
    year: int
    value: Decimal
    old_value: Decimal | None
    justification: str = ""
    flags: tuple = ()

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


def parse_rows(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        rows.append((reader.line_num, [cell.strip() for cell in cells]))
    if rows and rows[0][1] and rows[0][1][0].strip().lower() in HEADER_WORDS:
        rows = rows[1:]
    return rows


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


def validate_rows(
    raw_rows: list[tuple[int, list[str]]], *, projects, justify: bool = True
) -> ImportResult:
    """`projects`: the queryset of projects the user may change; `justify`: flagged values
    need a justification (partners; staff may give one)."""
    errors: list[tuple[int, str]] = []
    if not raw_rows:
        return ImportResult(rows=[], errors=[(1, _("The file contains no data rows."))])
    if len(raw_rows) > MAX_ROWS:
        return ImportResult(
            rows=[],
            errors=[(1, _("The file has more than %(max)s rows.") % {"max": MAX_ROWS})],
        )
    slugs = {cells[0] for _line, cells in raw_rows if cells}
    by_slug = {p.slug: p for p in projects.filter(slug__in=slugs)}
    existing = {
        (r.project_id, r.year): r.achieved_reduction
        for r in ProjectResult.objects.filter(project__in=by_slug.values())
    }
    expected_by_project, reference = _references(list(by_slug.values()))
    today = timezone.localdate()
    field = figure_field()
    seen: dict[tuple[int, int], int] = {}
    rows: list[ImportRow] = []
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
        slug, raw_year, raw_value = cells[0], cells[1], cells[2]
        justification = cells[3] if len(cells) == 4 else ""
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
        line_errors = []
        year_error = project_result_year_error(project, year, today=today)
        if year_error:
            line_errors.append(_("Year %(year)s: %(error)s") % {"year": year, "error": year_error})
        try:
            value = parse_figure(raw_value, field)
        except ValidationError as exc:
            line_errors.extend(
                _("t CO2e “%(value)s”: %(error)s") % {"value": raw_value, "error": message}
                for message in exc.messages
            )
        key = (project.pk, year)
        if key in seen:
            line_errors.append(
                _("Project and year already appear in line %(line)s.") % {"line": seen[key]}
            )
        else:
            seen[key] = line
        if len(justification) > 2000:
            line_errors.append(_("The justification must not be longer than 2000 characters."))
        flags = ()
        if not line_errors:
            flags = tuple(
                plausibility.result_flags(
                    value=value,
                    expected=expected_by_project.get(project.pk),
                    previous=reference.get((project.pk, year - 1)),
                )
            )
            reference[key] = value
            if justify and plausibility.needs_justification(flags) and not justification:
                line_errors.append(
                    plausibility.justification_error(list(flags))
                    + " "
                    + _("Add the justification as a fourth column of the line.")
                )
        if line_errors:
            errors.extend((line, message) for message in line_errors)
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
            )
        )
    return ImportResult(rows=rows, errors=errors)


def read_upload(file, *, projects, justify: bool = True) -> ImportResult:
    try:
        text = decode(file.read())
    except ValueError as exc:
        return ImportResult(rows=[], errors=[(1, str(exc))])
    try:
        raw_rows = parse_rows(text)
    except csv.Error as exc:
        return ImportResult(
            rows=[], errors=[(1, _("The file is not a valid CSV file: %(e)s") % {"e": exc})]
        )
    return validate_rows(raw_rows, projects=projects, justify=justify)


def to_session(result: ImportResult) -> list[list]:
    return [
        [row.line, row.project.slug, row.year, str(row.value), row.justification]
        for row in result.rows
    ]


def from_session(data: list[list], *, projects, justify: bool = True) -> ImportResult:
    """Re-validates the stored rows (the data or permissions may have changed meanwhile)."""
    raw = [(line, [slug, str(year), value, text]) for line, slug, year, value, text in data]
    return validate_rows(raw, projects=projects, justify=justify)
