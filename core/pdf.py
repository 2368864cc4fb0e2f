"""PDF rendering with WeasyPrint that never touches the network.

Only two kinds of resources are fetched: the portal's own static files (read from the collected
files — also under the hashed names of the manifest storage used in production — or through
the staticfiles finders, never over HTTP) and data: URLs. Any other URL — http(s), file://, an
address typed by a user into a description — is refused, so rendering cannot be used to
reach internal services or read files from the server.
"""

import base64
import logging
import mimetypes
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in rendered templates resolve against this base; it is never contacted.
PDF_BASE_URL = "https://portal.invalid/"


class RefusedURL(ValueError):
    pass


# "css/certificate.0123456789ab.css" -> "css/certificate.css" (ManifestStaticFilesStorage names).
HASHED_NAME = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{12}(?P<ext>\.[^./]+)$")


class PortalURLFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)
        self.refused: list[str] = []
        self.fetched: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        static_prefix = settings.STATIC_URL
        if f"{parts.scheme}://{parts.netloc}/" == PDF_BASE_URL and parts.path.startswith(
            static_prefix
        ):
            relative = unquote(parts.path[len(static_prefix) :])
            body = static_file(relative)
            if body is not None:
                content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
                self.fetched.append(url)
                return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
        self.refused.append(url)
        logger.warning("PDF rendering refused to fetch %s", url)
        raise RefusedURL(f"not fetched: {url}")


def static_file(name: str) -> bytes | None:
    """The content of a static file by the name in its URL: the source file found by the
    finders; else the collected file (with the manifest storage of production, `{% static %}`
    writes hashed names that only exist there); else the source of the original name behind a
    hashed one. None if there is none."""
    if not name or name.startswith("/") or "\\" in name or ".." in name.split("/"):
        return None
    path = finders.find(name)
    if not path:
        try:
            if staticfiles_storage.exists(name):
                with staticfiles_storage.open(name) as file:
                    return file.read()
        except (SuspiciousFileOperation, OSError, ValueError):
            pass
        path = next(filter(None, map(finders.find, _original_names(name))), None)
    if not path:
        return None
    with open(path, "rb") as file:
        return file.read()


def _original_names(name: str) -> list[str]:
    hashed_files = getattr(staticfiles_storage, "hashed_files", None) or {}
    originals = [original for original, hashed in hashed_files.items() if hashed == name]
    match = HASHED_NAME.match(name)
    if match:
        originals.append(match["stem"] + match["ext"])
    return originals


def render_pdf(html: str, *, title: str = "", variant: str | None = "pdf/ua-1") -> bytes:
    """Renders HTML (from a portal template) to PDF bytes; tagged PDF/UA-1 by default."""
    return render_pdf_document(html, variant=variant).content


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    page_count: int
    refused: list[str]  # URLs the fetcher refused (nothing was fetched for them)
    fetched: list[str] = field(default_factory=list)  # static files it served


def render_pdf_document(html: str, *, variant: str | None = "pdf/ua-1") -> RenderedPDF:
    """Like render_pdf, with the page count and the refused URLs (same fetcher guarantee)."""
    fetcher = PortalURLFetcher()
    options = {"pdf_variant": variant} if variant else {}
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).render(**options)
    content = document.write_pdf(**options)
    return RenderedPDF(
        content=content,
        page_count=len(document.pages),
        refused=fetcher.refused,
        fetched=fetcher.fetched,
    )


def data_url(content: bytes, content_type: str) -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"
