"""PDF rendering with WeasyPrint that never touches the network.

Only two kinds of resources are fetched: the portal's own static files (looked up through the
staticfiles finders, never over HTTP) and data: URLs. Any other URL — http(s), file://, an
address typed by a user into a description — is refused, so rendering cannot be used to
reach internal services or read files from the server.
"""

import base64
import logging
import mimetypes
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in rendered templates resolve against this base; it is never contacted.
PDF_BASE_URL = "https://portal.invalid/"


class RefusedURL(ValueError):
    pass


class PortalURLFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        static_prefix = settings.STATIC_URL
        if f"{parts.scheme}://{parts.netloc}/" == PDF_BASE_URL and parts.path.startswith(
            static_prefix
        ):
            relative = unquote(parts.path[len(static_prefix) :])
            path = finders.find(relative) if ".." not in relative.split("/") else None
            if path:
                content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                with open(path, "rb") as file:
                    return URLFetcherResponse(
                        url, body=file.read(), headers={"Content-Type": content_type}
                    )
        self.refused.append(url)
        logger.warning("PDF rendering refused to fetch %s", url)
        raise RefusedURL(f"not fetched: {url}")


def render_pdf(html: str, *, title: str = "", variant: str | None = "pdf/ua-1") -> bytes:
    """Renders HTML (from a portal template) to PDF bytes; tagged PDF/UA-1 by default."""
    return render_pdf_document(html, variant=variant).content


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    page_count: int
    refused: list[str]  # URLs the fetcher refused (nothing was fetched for them)


def render_pdf_document(html: str, *, variant: str | None = "pdf/ua-1") -> RenderedPDF:
    """Like render_pdf, with the page count and the refused URLs (same fetcher guarantee)."""
    fetcher = PortalURLFetcher()
    options = {"pdf_variant": variant} if variant else {}
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).render(**options)
    content = document.write_pdf(**options)
    return RenderedPDF(content=content, page_count=len(document.pages), refused=fetcher.refused)


def data_url(content: bytes, content_type: str) -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"
