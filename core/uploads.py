"""Upload checks by content, not by file name."""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"PNG", "JPEG", "WEBP"}


@deconstructible
class ImageValidator:
    """A PNG, JPEG or WebP image (checked by decoding it) of at most `max_mb` megabytes."""

    def __init__(self, max_mb: int):
        self.max_mb = max_mb

    def __call__(self, file) -> None:
        if file.size > self.max_mb * 1024 * 1024:
            raise ValidationError(
                _("The image is larger than %(max)s MB. Please upload a smaller file."),
                code="too_large",
                params={"max": self.max_mb},
            )
        try:
            file.seek(0)
            with Image.open(file) as image:
                image_format = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(
                _("The file is not an image. Please upload a PNG, JPEG or WebP file."),
                code="not_an_image",
            ) from exc
        finally:
            file.seek(0)
        if image_format not in IMAGE_FORMATS:
            raise ValidationError(
                _("Please upload the image as PNG, JPEG or WebP."), code="wrong_format"
            )

    def __eq__(self, other):
        return isinstance(other, ImageValidator) and other.max_mb == self.max_mb
