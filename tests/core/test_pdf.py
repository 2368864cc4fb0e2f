"""PDF rendering in production mode: after `collectstatic` with hashed names, the certificate
gets its stylesheet; the fetcher still reads nothing but the portal's static files."""

import io
import json

import pytest
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import import_string
from pypdf import PdfReader

import klimaportal.settings as production
from core.pdf import PDF_BASE_URL, PortalURLFetcher, RefusedURL, render_pdf_document
from tests.security.world import build_world

# Production's backend (whitenoise's) adds compression to Django's manifest storage; the hashed
# names are the same, and compressing every file would make this test ten times slower.
MANIFEST = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


def fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


@pytest.fixture
def collected(settings, tmp_path):
    """Static files collected into a fresh STATIC_ROOT with hashed names, as in production."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_production_storage_uses_hashed_names():
    # The module's value: the test fixtures replace the storage with the plain one.
    backend = import_string(production.STORAGES["staticfiles"]["BACKEND"])
    assert issubclass(backend, ManifestStaticFilesStorage) or production.DEBUG


@pytest.mark.django_db
def test_the_certificate_gets_its_stylesheet_with_hashed_static_names(collected):
    world = build_world()
    html = render_to_string(
        "partners/certificate.html", {"signature": world.signature, "partner": world.partner_a}
    )
    stylesheet = next(part.split('"', 1)[0] for part in html.split('href="')[1:] if ".css" in part)
    assert stylesheet.startswith("/static/css/certificate.") and stylesheet != (
        "/static/css/certificate.css"
    ), stylesheet  # a hashed name
    assert (collected / stylesheet.removeprefix("/static/")).exists()

    rendered = render_pdf_document(html)
    assert rendered.refused == []
    assert rendered.fetched == [PDF_BASE_URL.rstrip("/") + stylesheet]
    # certificate.css sets "DejaVu Sans"; without it WeasyPrint falls back to a serif face.
    used = fonts(rendered.content)
    assert used and all("DejaVu-Sans" in font for font in used), used


@pytest.mark.django_db
def test_the_certificate_download_after_collectstatic(collected):
    world = build_world()
    url = reverse(
        "partners:certificate",
        kwargs={"slug": world.partner_a.slug, "signature_id": world.signature.pk},
    )
    response = world.client("a").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    used = fonts(response.content)
    assert used and all("DejaVu-Sans" in font for font in used), used


def test_the_fetcher_reads_hashed_and_plain_names(collected):
    fetcher = PortalURLFetcher()
    with open(collected / "staticfiles.json") as manifest:
        hashed = json.load(manifest)["paths"]["css/certificate.css"]
    for name in (hashed, "css/certificate.css"):
        response = fetcher.fetch(f"{PDF_BASE_URL}static/{name}")
        assert b"DejaVu Sans" in response.read(), name


def test_without_collected_files_a_hashed_name_falls_back_to_the_source(settings):
    # STATIC_ROOT from the test settings does not exist: the finders answer.
    fetcher = PortalURLFetcher()
    response = fetcher.fetch(f"{PDF_BASE_URL}static/css/certificate.0123456789ab.css")
    assert b"DejaVu Sans" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/static/css/certificate.css",
        "https://example.org/static/css/certificate.css",
        "file:///etc/passwd",
        f"{PDF_BASE_URL}static/../klimaportal/settings.py",
        f"{PDF_BASE_URL}static/%2e%2e/klimaportal/settings.py",
        f"{PDF_BASE_URL}static//etc/passwd",
        f"{PDF_BASE_URL}media/projects/evidence/x.pdf",
        f"{PDF_BASE_URL}static/css/gibt-es-nicht.css",
    ],
)
def test_everything_else_is_refused(collected, url):
    fetcher = PortalURLFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
