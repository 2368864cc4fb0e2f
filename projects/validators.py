"""Validators for project input: uploads checked by content and size, text, coordinates and
the plausible years of projects and results (issue #13)."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.dates import date_text

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
IMAGE_FORMATS = {"PNG", "JPEG", "WEBP"}
EVIDENCE_EXTENSIONS = {".pdf", ".odt", ".ods", ".odp", ".odg", ".png", ".jpg", ".jpeg", ".webp"}
MAX_REDUCTION = Decimal("1000000")

# Magdeburg's area (bounding box of the city, generous by a few hundred metres).
LAT_MIN, LAT_MAX = Decimal("52.03"), Decimal("52.23")
LON_MIN, LON_MAX = Decimal("11.50"), Decimal("11.78")

# No project of the alliance (founded 2011) can be older than the Kyoto baseline year, nor plan
# beyond the city's 2050 goal; the database refuses other years too (CheckConstraints).
MIN_YEAR, MAX_YEAR = 1990, 2050
MIN_DATE, MAX_DATE = datetime.date(MIN_YEAR, 1, 1), datetime.date(MAX_YEAR, 12, 31)
# A planned project may be late by this much; a start further back means it is running (or
# its start date is wrong), so the status "planned" is refused.
PLANNED_START_GRACE_DAYS = 365

SCRIPT_PATTERN = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style)\b|javascript\s*:|\bon[a-z]+\s*=",
    re.IGNORECASE,
)


def _image_format(file) -> str | None:
    # Header only, pixel count capped before decoding (raises ValidationError for a bomb).
    return uploads.image_format(file, formats=IMAGE_FORMATS)


def validate_project_image(file) -> None:
    """The project image must really be a PNG, JPEG or WebP image of at most 5 MB."""
    if file.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is larger than 5 MB. Please upload a smaller file."), code="too_large"
        )
    if _image_format(file) not in IMAGE_FORMATS:
        raise ValidationError(
            _("The file is not an image. Please upload a PNG, JPEG or WebP file."),
            code="not_an_image",
        )


def _is_pdf(file) -> bool:
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    # A PDF starts with its header; "%PDF-" further in may be text inside another format.
    return head == b"%PDF-"


def _is_odf(file) -> bool:
    # Inspected entry by entry with caps on the unpacked size (raises ValidationError for a bomb).
    return (uploads.zip_type(file) or "").startswith(uploads.ODF_PREFIX)


def validate_evidence(file) -> None:
    """Evidence must be a PDF, an OpenDocument file or an image (by content) of at most 20 MB."""
    if file.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("The file is larger than 20 MB. Please upload a smaller file."), code="too_large"
        )
    extension = Path(file.name or "").suffix.lower()
    wrong = ValidationError(
        _("Please upload evidence as PDF, OpenDocument (ODT, ODS, ODP, ODG) or image file."),
        code="wrong_type",
    )
    if extension not in EVIDENCE_EXTENSIONS:
        raise wrong
    if extension == ".pdf":
        ok = _is_pdf(file)
    elif extension in {".odt", ".ods", ".odp", ".odg"}:
        ok = _is_odf(file)
    else:
        ok = _image_format(file) in IMAGE_FORMATS
    if not ok:
        raise ValidationError(
            _("The content of the file does not match its type. Please check the file."),
            code="wrong_content",
        )


def validate_no_script(value: str) -> None:
    """Descriptions are Markdown; HTML script, frames and event handlers are refused."""
    if value and SCRIPT_PATTERN.search(value):
        raise ValidationError(
            _(
                "Scripts, frames and event handlers are not allowed. Please use plain text "
                "or Markdown."
            ),
            code="script",
        )


def date_in_range(value: datetime.date | None) -> bool:
    return value is None or MIN_DATE <= value <= MAX_DATE


def result_year_error(
    year: int | None,
    *,
    start_year: int | None,
    stop_year: int | None,
    today: datetime.date,
) -> str | None:
    """Why a project cannot take a result for `year`, or None. Results exist only for complete
    calendar years (before the current one), not before the project's start year and, for a
    discontinued project, not after the year it was stopped (`stop_year`). The form, the CSV
    import and the services all ask this, so they give the same German message."""
    if year is None:
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        return _("The year must lie between %(min)s and %(max)s.") % {
            "min": MIN_YEAR,
            "max": MAX_YEAR,
        }
    if year > today.year:
        return str(_("The year must not be in the future."))
    if year == today.year:
        return _(
            "Results can only be entered for complete years: %(year)s is not over yet "
            "(the last complete year is %(last)s)."
        ) % {"year": year, "last": year - 1}
    if start_year is not None and year < start_year:
        return _("The year must not be before the project started (%(year)s).") % {
            "year": start_year
        }
    if stop_year is not None and year > stop_year:
        return _(
            "The project was discontinued in %(stop)s; it takes no results for later years."
        ) % {"stop": stop_year}
    return None


def stop_year(project) -> int | None:
    """The year a discontinued project was stopped (its end date), None for every other
    status: it takes no results after that year and leaves the expected totals after it."""
    if project.status == project.Status.DISCONTINUED and project.end_date is not None:
        return project.end_date.year
    return None


def project_result_year_error(project, year: int | None, *, today=None) -> str | None:
    """Why `project` takes no result for `year` (see `result_year_error`), or None."""
    return result_year_error(
        year,
        start_year=project.start_date.year if project.start_date else None,
        stop_year=stop_year(project),
        today=today or timezone.localdate(),
    )


def _ended_messages(project) -> dict:
    return {
        project.Status.COMPLETED: (
            _("A completed project needs an end date: the day it was completed."),
            _(
                "The end date of a completed project must not be in the future. If the "
                "project is still running, please choose the status “in progress”."
            ),
        ),
        project.Status.DISCONTINUED: (
            _("A discontinued project needs an end date: the day it was stopped."),
            _(
                "The end date of a discontinued project (the day it was stopped) must not "
                "be in the future."
            ),
        ),
    }


def project_date_errors(project, *, today: datetime.date) -> dict:
    """{field: message} for a project's dates that do not fit the plausible range, its status
    or its stored results (issue #13). A conflict of status and date is reported on the date,
    naming the status:
    - start and end between 1990 and 2050;
    - "completed" and "discontinued" need an end date (for "discontinued" the day it was
      stopped), not in the future;
    - "planned" cannot have started more than a year ago (`PLANNED_START_GRACE_DAYS`),
      "in progress" cannot start in the future;
    - stored results stay inside the project's years (not before its start year, not after
      its stop year), so a change of the dates cannot strand them."""
    errors = {}
    start, end = project.start_date, project.end_date
    bounds = {"min": MIN_YEAR, "max": MAX_YEAR}
    if not date_in_range(start):
        errors["start_date"] = _("The start date must lie between %(min)s and %(max)s.") % bounds
        start = None
    if not date_in_range(end):
        errors["end_date"] = _("The end date must lie between %(min)s and %(max)s.") % bounds
        end = None
    ended = _ended_messages(project)
    if project.status in ended and "end_date" not in errors:
        missing, future = ended[project.status]
        if end is None:
            errors["end_date"] = missing
        elif end > today:
            errors["end_date"] = future
    if start is not None:
        earliest = today - datetime.timedelta(days=PLANNED_START_GRACE_DAYS)
        if project.status == project.Status.PLANNED and start < earliest:
            errors["start_date"] = _(
                "A planned project cannot have started more than a year ago (before "
                "%(date)s). If it is running, please choose the status “in progress”; "
                "otherwise correct the start date."
            ) % {"date": date_text(earliest)}
        elif project.status == project.Status.IN_PROGRESS and start > today:
            errors["start_date"] = _(
                "A project in progress cannot start in the future. Please choose the status "
                "“planned” or correct the start date."
            )
    if project.pk is not None:
        years = project.results.aggregate(first=Min("year"), last=Max("year"))
        first, last = years["first"], years["last"]
        if first is not None and start is not None and start.year > first:
            errors.setdefault(
                "start_date",
                _("The project has a result for %(year)s, so it cannot start after that year.")
                % {"year": first},
            )
        stopped = stop_year(project) if end is not None else None
        if last is not None and stopped is not None and stopped < last:
            errors.setdefault(
                "end_date",
                _(
                    "The project has a result for %(year)s, so it cannot have been stopped "
                    "before that year."
                )
                % {"year": last},
            )
    return errors
