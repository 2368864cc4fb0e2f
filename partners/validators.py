from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import uploads

MAX_LOGO_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


def validate_logo(file) -> None:
    """A logo must really be a PNG, JPEG or WebP image (by content, not name) of at most 2 MB."""
    if file.size > MAX_LOGO_BYTES:
        raise ValidationError(
            _("The logo is larger than 2 MB. Please upload a smaller file."), code="too_large"
        )
    # Header only, pixel count capped before decoding (raises ValidationError for a bomb).
    image_format = uploads.image_format(file, formats=LOGO_FORMATS)
    if image_format is None:
        raise ValidationError(
            _("The file is not an image. Please upload a PNG, JPEG or WebP file."),
            code="not_an_image",
        )
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            _("Please upload the logo as PNG, JPEG or WebP."), code="wrong_format"
        )
