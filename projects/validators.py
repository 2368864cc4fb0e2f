"""Validators for project input: uploads checked by content and size, text and coordinates."""

import re
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import uploads

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
IMAGE_FORMATS = {"PNG", "JPEG", "WEBP"}
EVIDENCE_EXTENSIONS = {".pdf", ".odt", ".ods", ".odp", ".odg", ".png", ".jpg", ".jpeg", ".webp"}
MAX_REDUCTION = Decimal("1000000")

# Magdeburg's area (bounding box of the city, generous by a few hundred metres).
LAT_MIN, LAT_MAX = Decimal("52.03"), Decimal("52.23")
LON_MIN, LON_MAX = Decimal("11.50"), Decimal("11.78")

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
