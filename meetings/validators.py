"""Uploads of meeting documents are checked by their content, never by name or browser claim."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import uploads

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _zip_type(file) -> str | None:
    # Inspected entry by entry with caps on the unpacked size (raises ValidationError for a bomb).
    detected = uploads.zip_type(file)
    if detected and (detected.startswith(uploads.ODF_PREFIX) or detected == PPTX_TYPE):
        return detected
    return None


def _image_type(file) -> str | None:
    # Header only, pixel count capped before decoding (raises ValidationError for a bomb).
    return IMAGE_TYPES.get(uploads.image_format(file, formats=set(IMAGE_TYPES)))


def detect_document_type(file) -> str:
    """The MIME type of an allowed document (PDF, OpenDocument, PPTX, PNG/JPEG/WebP), found
    from its content; raises ValidationError for anything else or anything over 20 MB."""
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is larger than 20 MB. Please upload a smaller file."), code="too_large"
        )
    try:
        file.seek(0)
        head = file.read(8)
        file.seek(0)
        if head.startswith(b"%PDF-"):
            return "application/pdf"
        detected = _zip_type(file) if head.startswith(b"PK\x03\x04") else _image_type(file)
    finally:
        file.seek(0)
    if detected is None:
        raise ValidationError(
            _(
                "This file type is not allowed. Please upload a PDF, an OpenDocument file "
                "(ODT, ODS, ODP), a PowerPoint presentation (PPTX) or an image (PNG, JPEG, WebP)."
            ),
            code="wrong_type",
        )
    return detected


def validate_document(file) -> None:
    detect_document_type(file)
