"""Upload checks by content (magic bytes), size and decompressed size.

Every upload field of the portal goes through these checks (the apps' validators call them):

- Images are identified from their header only, restricted to the allowed formats; the pixel
  count is checked before anything is decoded, so a small PNG that claims 20000 × 20000 pixels
  is refused with a form error instead of being inflated (or answering 500 through Pillow's
  DecompressionBombError).
- ZIP containers (OpenDocument, OOXML) are inspected entry by entry: the number of entries, the
  declared sizes and the compression ratios are checked before any entry is read; then every
  entry is read in small chunks against the same limits (and its checksum), so a zip bomb is
  refused without ever being held in memory.
- The request body as a whole is limited earlier by core.middleware.RequestSizeLimitMiddleware.

The limits can be changed in the settings (UPLOAD_MAX_IMAGE_PIXELS, UPLOAD_MAX_UNPACKED_MB,
UPLOAD_MAX_COMPRESSION_RATIO, UPLOAD_MAX_ZIP_ENTRIES).
"""

import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"PNG", "JPEG", "WEBP"}
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
ODF_PREFIX = "application/vnd.oasis.opendocument."
OOXML_TYPES = {
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

MAX_IMAGE_PIXELS = 40_000_000
MAX_UNPACKED_MB = 100
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 5000
# Entries below this size may be compressed as strongly as they like (short, repetitive XML).
RATIO_FREE_BYTES = 1024 * 1024
CHUNK_BYTES = 64 * 1024
MAX_MIMETYPE_BYTES = 200
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    NotImplementedError,  # unsupported compression method
    RuntimeError,  # encrypted entry
)


def _limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


# Images -------------------------------------------------------------------------------------


def image_format(file, *, formats=IMAGE_FORMATS, max_pixels: int | None = None) -> str | None:
    """The format ("PNG", "JPEG", "WEBP") of an image, read from its header; None if the file is
    not an image of one of `formats`. Raises ValidationError when the image has more pixels than
    allowed — checked before any pixel is decoded."""
    max_pixels = max_pixels or _limit("UPLOAD_MAX_IMAGE_PIXELS", MAX_IMAGE_PIXELS)
    try:
        file.seek(0)
        # Image.open only reads the header; `formats` keeps every other parser away.
        with Image.open(file, formats=sorted(formats)) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise _too_many_pixels(max_pixels)
            found = image.format
            image.verify()  # chunk structure and checksums; decodes no pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(max_pixels) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, zlib.error):
        return None
    finally:
        file.seek(0)
    return found if found in formats else None


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return ValidationError(
        _(
            "The image has more than %(max)s megapixels. Please upload an image with fewer "
            "pixels (a smaller width and height)."
        ),
        code="too_many_pixels",
        params={"max": max_pixels // 1_000_000},
    )


@deconstructible
class ImageValidator:
    """A PNG, JPEG or WebP image (checked by its content and pixel count) of at most `max_mb`
    megabytes."""

    def __init__(self, max_mb: int):
        self.max_mb = max_mb

    def __call__(self, file) -> None:
        if file.size > self.max_mb * 1024 * 1024:
            raise ValidationError(
                _("The image is larger than %(max)s MB. Please upload a smaller file."),
                code="too_large",
                params={"max": self.max_mb},
            )
        if image_format(file) is None:
            raise ValidationError(
                _("The file is not an image. Please upload a PNG, JPEG or WebP file."),
                code="not_an_image",
            )

    def __eq__(self, other):
        return isinstance(other, ImageValidator) and other.max_mb == self.max_mb


# ZIP containers -----------------------------------------------------------------------------


def _zip_bomb() -> ValidationError:
    return ValidationError(
        _(
            "The file would be larger than %(max)s MB when unpacked, or it is compressed "
            "unusually strongly. Please check the file."
        ),
        code="zip_bomb",
        params={"max": _limit("UPLOAD_MAX_UNPACKED_MB", MAX_UNPACKED_MB)},
    )


def _too_many_entries(max_entries: int) -> ValidationError:
    return ValidationError(
        _("The file consists of more than %(max)s parts. Please check the file."),
        code="too_many_entries",
        params={"max": max_entries},
    )


def _check_declared(infos: list[zipfile.ZipInfo]) -> None:
    """Limits on what the central directory declares, before anything is decompressed."""
    max_entries = _limit("UPLOAD_MAX_ZIP_ENTRIES", MAX_ZIP_ENTRIES)
    max_total = _limit("UPLOAD_MAX_UNPACKED_MB", MAX_UNPACKED_MB) * 1024 * 1024
    ratio = _limit("UPLOAD_MAX_COMPRESSION_RATIO", MAX_COMPRESSION_RATIO)
    if len(infos) > max_entries:
        raise _too_many_entries(max_entries)
    if sum(info.file_size for info in infos) > max_total:
        raise _zip_bomb()
    for info in infos:
        if info.file_size > RATIO_FREE_BYTES and info.file_size > ratio * max(
            info.compress_size, 1
        ):
            raise _zip_bomb()


def _read_entries(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Reads every entry in chunks, counting what really comes out (zipfile also stops at the
    declared size and checks the CRC at the end of each entry)."""
    max_total = _limit("UPLOAD_MAX_UNPACKED_MB", MAX_UNPACKED_MB) * 1024 * 1024
    ratio = _limit("UPLOAD_MAX_COMPRESSION_RATIO", MAX_COMPRESSION_RATIO)
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        allowed = max(RATIO_FREE_BYTES, ratio * max(info.compress_size, 1))
        read = 0
        with archive.open(info) as entry:
            while chunk := entry.read(CHUNK_BYTES):
                read += len(chunk)
                total += len(chunk)
                if read > allowed or total > max_total:
                    raise _zip_bomb()


def zip_type(file) -> str | None:
    """The MIME type of an OpenDocument or OOXML file (by its content), or None when the file is
    not such a ZIP container (or is damaged). Raises ValidationError for a container that
    unpacks beyond the limits (zip bomb) or has too many entries."""
    try:
        file.seek(0)
        if file.read(4) != b"PK\x03\x04":
            return None
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if not infos:
                return None
            _check_declared(infos)
            found = None
            first = infos[0]
            if first.filename == "mimetype":
                # ODF: the first entry names the type; it is a short ASCII string.
                if first.file_size > MAX_MIMETYPE_BYTES:
                    return None
                with archive.open(first) as entry:
                    mimetype = entry.read(MAX_MIMETYPE_BYTES + 1).decode("ascii", "replace")
                if mimetype.strip().startswith(ODF_PREFIX):
                    found = mimetype.strip()
            else:
                names = {info.filename for info in infos}
                if "[Content_Types].xml" in names:
                    found = next(
                        (kind for part, kind in OOXML_TYPES.items() if part in names), None
                    )
            if found is None:
                return None
            _read_entries(archive, infos)
    except ZIP_ERRORS:
        return None
    finally:
        file.seek(0)
    return found


# Video and captions (the sign-language page) --------------------------------------------------


def video_type(file) -> str | None:
    """ "video/mp4" or "video/webm" from the container's first bytes, else None."""
    try:
        file.seek(0)
        head = file.read(12)
        file.seek(0)
    except (AttributeError, OSError, ValueError):
        return None
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    return None


@deconstructible
class VideoValidator:
    """An MP4 or WebM video (checked by its content) of at most `max_mb` megabytes."""

    def __init__(self, max_mb: int):
        self.max_mb = max_mb

    def __call__(self, file) -> None:
        if file.size > self.max_mb * 1024 * 1024:
            raise ValidationError(
                _("The video is larger than %(max)s MB. Please upload a smaller file."),
                code="too_large",
                params={"max": self.max_mb},
            )
        if video_type(file) is None:
            raise ValidationError(
                _("The file is not a video. Please upload an MP4 or WebM file."),
                code="not_a_video",
            )

    def __eq__(self, other):
        return isinstance(other, VideoValidator) and other.max_mb == self.max_mb


@deconstructible
class CaptionsValidator:
    """A WebVTT captions file: UTF-8 text that starts with "WEBVTT", at most `max_kb` KB."""

    def __init__(self, max_kb: int = 1024):
        self.max_kb = max_kb

    def __call__(self, file) -> None:
        invalid = ValidationError(
            _("The captions must be a WebVTT file (UTF-8 text starting with “WEBVTT”)."),
            code="not_webvtt",
        )
        if file.size > self.max_kb * 1024:
            raise ValidationError(
                _("The captions file is larger than %(max)s KB."),
                code="too_large",
                params={"max": self.max_kb},
            )
        try:
            file.seek(0)
            text = file.read().decode("utf-8-sig")
            file.seek(0)
        except (UnicodeDecodeError, AttributeError, OSError, ValueError):
            raise invalid from None
        first = text.split("\n", 1)[0].rstrip("\r")
        if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
            raise invalid
        if "\x00" in text:
            raise invalid

    def __eq__(self, other):
        return isinstance(other, CaptionsValidator) and other.max_kb == self.max_kb
