"""Uploads are checked by content, size and decompressed size: zip bombs, pixel bombs and
oversized bodies get a German answer, never a 500 and never the whole bomb in memory.

The bombs are built here: a raw deflate stream of zeros with full flushes repeats one block, so
200 MiB of content cost 1 KB per MiB and no compression time."""

import io
import struct
import time
import tracemalloc
import warnings
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from core import uploads
from core.middleware import RequestSizeLimitMiddleware

MIB = 1024 * 1024
ODT_TYPE = "application/vnd.oasis.opendocument.text"


# Bomb builders --------------------------------------------------------------------------------


def deflate_zeros(size: int, *, prefix: bytes = b"", level: int = 9) -> bytes:
    """Raw deflate of `prefix` + `size` zero bytes, built from one repeated 1 MiB block."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    parts = [compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)]
    blocks, rest = divmod(size, MIB)
    block = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    parts.append(block * blocks)
    parts.append(compressor.compress(bytes(rest)) + compressor.flush())
    return b"".join(parts)


def crc_of_zeros(size: int, prefix: bytes = b"") -> int:
    crc = zlib.crc32(prefix)
    chunk = bytes(MIB)
    blocks, rest = divmod(size, MIB)
    for _ in range(blocks):
        crc = zlib.crc32(chunk, crc)
    return zlib.crc32(bytes(rest), crc)


def build_zip(entries) -> bytes:
    """entries: (name, data, method, crc, uncompressed size as declared). A plain ZIP writer
    that takes already compressed data, so the declared sizes can be anything."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, method, crc, size in entries:
        encoded = name.encode()
        offset = out.tell()
        fields = (method, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, *fields))
        out.write(encoded + data)
        central.write(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, *fields, 0, 0, 0, 0, offset)
        )
        central.write(encoded)
    start = out.tell()
    out.write(central.getvalue())
    count = len(entries)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, central.tell(), start, 0))
    return out.getvalue()


def stored(name: str, data: bytes):
    return (name, data, zipfile.ZIP_STORED, zlib.crc32(data), len(data))


def odt_zip_bomb(unpacked: int = 200 * MIB) -> bytes:
    """An ODT whose `mimetype` entry is the type followed by `unpacked` zero bytes."""
    prefix = ODT_TYPE.encode()
    data = deflate_zeros(unpacked, prefix=prefix)
    crc = crc_of_zeros(unpacked, prefix)
    return build_zip(
        [
            ("mimetype", data, zipfile.ZIP_DEFLATED, crc, len(prefix) + unpacked),
            stored("content.xml", b"<office:document-content/>"),
        ]
    )


def odt_with_big_content(unpacked: int, *, declared: int | None = None) -> bytes:
    """A proper ODT header and a content.xml of `unpacked` zero bytes (declared as given)."""
    data = deflate_zeros(unpacked)
    crc = crc_of_zeros(unpacked)
    return build_zip(
        [
            stored("mimetype", ODT_TYPE.encode()),
            ("content.xml", data, zipfile.ZIP_DEFLATED, crc, declared or unpacked),
        ]
    )


def png_bomb(width: int = 20000, height: int = 20000) -> bytes:
    """A real, valid 1-bit PNG of width × height black pixels: ~48 KB for 20000 × 20000."""
    row = 1 + (width + 7) // 8  # filter byte + packed pixels, all zero
    size = row * height
    adler = 1
    blocks, rest = divmod(size, MIB)
    for _ in range(blocks):
        adler = zlib.adler32(bytes(MIB), adler)
    adler = zlib.adler32(bytes(rest), adler)
    idat = b"\x78\xda" + deflate_zeros(size) + struct.pack(">I", adler)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "green").save(buffer, "PNG")
    return buffer.getvalue()


def measured(check, data: bytes, name: str = "upload"):
    """Runs a check on an uploaded file; returns (result or ValidationError, seconds, peak)."""
    file = SimpleUploadedFile(name, data)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = check(file)
    except ValidationError as exc:
        result = exc
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    return odt_zip_bomb()


@pytest.fixture(scope="module")
def pixel_bomb() -> bytes:
    return png_bomb()


# The checks themselves ------------------------------------------------------------------------


def test_the_zip_bomb_is_small_and_really_inflates_to_200_mib(zip_bomb):
    assert 150_000 < len(zip_bomb) < 260_000
    with zipfile.ZipFile(io.BytesIO(zip_bomb)) as archive:
        info = archive.getinfo("mimetype")
        assert info.file_size == len(ODT_TYPE) + 200 * MIB
        with archive.open(info) as entry:
            assert entry.read(len(ODT_TYPE)) == ODT_TYPE.encode()
        assert archive.testzip() is None  # a valid archive, CRCs included


def test_the_zip_bomb_is_refused_without_being_inflated(zip_bomb):
    result, seconds, peak = measured(uploads.zip_type, zip_bomb, "bombe.odt")
    assert isinstance(result, ValidationError)
    assert result.code == "zip_bomb"
    assert seconds < 0.5
    assert peak < 2 * MIB  # the entry alone would be 200 MiB


def test_an_entry_with_a_lying_size_is_read_no_further_than_declared():
    # 50 MiB of zeros declared as 1 KB: zipfile stops at the declared size, the CRC fails.
    bomb = odt_with_big_content(50 * MIB, declared=1024)
    result, seconds, peak = measured(uploads.zip_type, bomb, "luege.odt")
    assert result is None  # damaged, not an OpenDocument file
    assert seconds < 0.5
    assert peak < 2 * MIB


def test_a_strongly_compressed_entry_below_the_total_is_refused_by_its_ratio():
    bomb = odt_with_big_content(30 * MIB)  # 30 MiB in ~31 KB: ratio ~1000
    with pytest.raises(ValidationError) as excinfo:
        uploads.zip_type(SimpleUploadedFile("dicht.odt", bomb))
    assert excinfo.value.code == "zip_bomb"


def test_the_total_unpacked_size_is_capped(settings):
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 10_000
    settings.UPLOAD_MAX_UNPACKED_MB = 20
    bomb = odt_with_big_content(30 * MIB)
    with pytest.raises(ValidationError) as excinfo:
        uploads.zip_type(SimpleUploadedFile("gross.odt", bomb))
    assert excinfo.value.code == "zip_bomb"
    settings.UPLOAD_MAX_UNPACKED_MB = 100  # within the limits, the same file passes
    assert uploads.zip_type(SimpleUploadedFile("ok.odt", bomb)) == ODT_TYPE


def test_too_many_entries_are_refused(settings):
    settings.UPLOAD_MAX_ZIP_ENTRIES = 50
    entries = [stored("mimetype", ODT_TYPE.encode())]
    entries += [stored(f"Pictures/{n}.png", b"x") for n in range(60)]
    with pytest.raises(ValidationError) as excinfo:
        uploads.zip_type(SimpleUploadedFile("viele.odt", build_zip(entries)))
    assert excinfo.value.code == "too_many_entries"


def test_ordinary_containers_pass():
    text = " ".join(f"Absatz {n} über Photovoltaik und Wärmepumpen" for n in range(60_000))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT_TYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", f"<text>{text}</text>")  # ~2.8 MB, ratio ~10
    assert uploads.zip_type(SimpleUploadedFile("bericht.odt", buffer.getvalue())) == ODT_TYPE
    pptx = io.BytesIO()
    with zipfile.ZipFile(pptx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("ppt/presentation.xml", "<x/>")
    assert uploads.zip_type(SimpleUploadedFile("folien.pptx", pptx.getvalue())).endswith(
        "presentationml.presentation"
    )
    assert uploads.zip_type(SimpleUploadedFile("kaputt.odt", b"PK\x03\x04kaputt")) is None


def test_the_pixel_bomb_is_a_small_valid_png(pixel_bomb):
    assert len(pixel_bomb) < 60_000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            with Image.open(io.BytesIO(pixel_bomb)) as image:
                assert image.size == (20000, 20000)
                image.verify()
        finally:
            Image.MAX_IMAGE_PIXELS = previous


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    ("data", "name"),
    [
        (None, "20000x20000 (Pillow's DecompressionBombError)"),
        (png_bomb(10000, 10000), "100 MP (Pillow only warns)"),
        (png_bomb(8000, 6000), "48 MP (below Pillow's limits, above the portal's)"),
    ],
)
def test_images_with_too_many_pixels_are_refused_before_decoding(pixel_bomb, data, name):
    result, seconds, peak = measured(uploads.image_format, data or pixel_bomb, "bombe.png")
    assert isinstance(result, ValidationError), name
    assert result.code == "too_many_pixels"
    assert peak < 2 * MIB  # decoded, 20000 × 20000 would take 400 MB (1 byte per pixel)
    assert seconds < 0.5


def test_the_pixel_check_holds_when_warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValidationError) as excinfo:
            uploads.image_format(SimpleUploadedFile("b.png", png_bomb(10000, 10000)))
    assert excinfo.value.code == "too_many_pixels"


def test_ordinary_images_pass_and_others_are_not_images():
    assert uploads.image_format(SimpleUploadedFile("logo.png", small_png())) == "PNG"
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    assert uploads.image_format(SimpleUploadedFile("x.gif", gif.getvalue())) is None
    assert uploads.image_format(SimpleUploadedFile("x.png", b"\x89PNG kaputt")) is None


# Through the real forms -----------------------------------------------------------------------

GERMAN = {
    "zip_bomb": "entpackt größer als 100 MB",
    "pixels": "mehr als 40 Megapixel",
}


@pytest.fixture
def world(shared_world):
    return shared_world


def post(world, role: str, url: str, data: dict):
    client = world.client(role)
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    return response


def field_errors(response, form_key: str, field: str) -> str:
    form = response.context[form_key]
    return " ".join(form.errors.get(field, []))


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


BOMBS = [("bombe.odt", "zip", "zip_bomb"), ("bombe.png", "png", "pixels")]


def bomb_bytes(kind: str, zip_bomb: bytes, pixel_bomb: bytes) -> bytes:
    return zip_bomb if kind == "zip" else pixel_bomb


@pytest.mark.parametrize(("name", "kind", "message"), BOMBS)
def test_project_evidence_refuses_bombs(world, zip_bomb, pixel_bomb, name, kind, message):
    url = reverse("projects_partner:edit", kwargs={"slug": world.draft.slug})
    data = {
        "document_title": "Nachweis",
        "document": upload(name, bomb_bytes(kind, zip_bomb, pixel_bomb)),
    }
    response = post(world, "a", url, data)
    assert GERMAN[message] in field_errors(response, "form", "document")
    assert world.draft.documents.count() == 1  # only the one from the world


@pytest.mark.parametrize(("name", "kind", "message"), BOMBS)
def test_result_evidence_refuses_bombs(world, zip_bomb, pixel_bomb, name, kind, message):
    url = reverse("projects_partner:result_add", kwargs={"slug": world.project.slug})
    data = {
        "year": "2023",
        "achieved_reduction": "10",
        "evidence": upload(name, bomb_bytes(kind, zip_bomb, pixel_bomb)),
    }
    response = post(world, "a", url, data)
    assert GERMAN[message] in field_errors(response, "form", "evidence")


@pytest.mark.parametrize(("name", "kind", "message"), BOMBS)
def test_meeting_documents_refuse_bombs(world, zip_bomb, pixel_bomb, name, kind, message):
    url = reverse("meetings:document_add", kwargs={"pk": world.meeting.pk})
    data = {
        "document-title": "Folien",
        "document-kind": "folien",
        "document-visibility": "intern",
        "document-file": upload(name, bomb_bytes(kind, zip_bomb, pixel_bomb)),
    }
    response = post(world, "staff", url, data)
    assert GERMAN[message] in field_errors(response, "document_form", "file")
    assert world.meeting.documents.count() == 2


@pytest.mark.parametrize("size", [(20000, 20000), (8000, 6000)])
def test_news_images_refuse_pixel_bombs(world, pixel_bomb, size):
    data = pixel_bomb if size == (20000, 20000) else png_bomb(*size)
    url = reverse("news:create")
    response = post(
        world,
        "staff",
        url,
        {
            "title": "Bombe",
            "teaser": "t",
            "body": "b",
            "image_alt": "Bild",
            "image": upload("b.png", data),
        },
    )
    errors = field_errors(response, "form", "image")
    assert errors  # Django's ImageField already refuses Pillow's bomb as "kein gültiges Bild"
    if size == (8000, 6000):
        assert GERMAN["pixels"] in errors


@pytest.mark.parametrize("size", [(20000, 20000), (8000, 6000)])
def test_partner_logos_refuse_pixel_bombs(world, pixel_bomb, size):
    data = pixel_bomb if size == (20000, 20000) else png_bomb(*size)
    url = reverse("partners:edit", kwargs={"slug": world.partner_a.slug})
    response = post(world, "a", url, {"name": "Alpha", "logo": upload("logo.png", data)})
    errors = field_errors(response, "form", "logo")
    assert errors
    if size == (8000, 6000):
        assert GERMAN["pixels"] in errors


def test_project_images_refuse_pixel_bombs(world):
    url = reverse("projects_partner:edit", kwargs={"slug": world.draft.slug})
    data = {"image_alt": "Dach", "image": upload("dach.png", png_bomb(8000, 6000))}
    response = post(world, "a", url, data)
    assert GERMAN["pixels"] in field_errors(response, "form", "image")


# The request body -----------------------------------------------------------------------------


class Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def test_an_oversized_multipart_body_is_refused_before_it_is_read(rf: RequestFactory, settings):
    request = rf.post("/mein-bereich/projekte/neu/", data={"title": "x"})
    request.META["CONTENT_LENGTH"] = str(30 * 1024 * 1024)
    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()
    called = []
    response = RequestSizeLimitMiddleware(lambda r: called.append(r))(request)
    assert response.status_code == 413
    assert not called
    html = response.content.decode()
    assert "Die Übertragung ist zu groß" in html
    assert "höchstens 26 MB" in html
    assert '<html lang="de"' in html


def test_bodies_within_the_limit_pass(rf, settings):
    request = rf.post("/x/", data={"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert RequestSizeLimitMiddleware(lambda r: "view")(request) == "view"
    # Form data without files is limited to DATA_UPLOAD_MAX_MEMORY_SIZE.
    request = rf.post("/x/", data="a=1", content_type="application/x-www-form-urlencoded")
    request.META["CONTENT_LENGTH"] = str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    assert RequestSizeLimitMiddleware(lambda r: "view")(request).status_code == 413


def test_a_too_large_upload_through_the_stack_answers_413_and_saves_nothing(world, settings):
    settings.UPLOAD_MAX_REQUEST_MB = 1
    url = reverse("projects_partner:edit", kwargs={"slug": world.draft.slug})
    big = b"%PDF-1.4\n" + bytes(2 * MIB)
    response = world.client("a").post(
        url, {"document_title": "Gross", "document": upload("gross.pdf", big)}
    )
    assert response.status_code == 413
    assert "höchstens 1 MB" in response.content.decode()
    assert world.draft.documents.count() == 1
