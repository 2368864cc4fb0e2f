"""Markdown rendering for user- and staff-supplied text: converted, then sanitised with nh3."""

import re
import threading
from functools import lru_cache
from html.parser import HTMLParser

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# Building a Markdown instance loads its extensions, which costs more than converting a short
# text; one per thread is reused (an instance is not thread-safe, gunicorn runs threads).
_converters = threading.local()
# A list page shows the same descriptions on every request; the output depends on the text
# alone, so a bounded per-process cache keyed by the text is always right. Long texts are rare
# and not kept, so the cache stays small (at most CACHED_TEXTS x CACHED_TEXT_LENGTH).
CACHED_TEXTS = 2048
CACHED_TEXT_LENGTH = 4000


def _converter() -> md.Markdown:
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        _converters.markdown = converter
    return converter


def _render(text: str) -> str:
    html = _converter().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


_render_cached = lru_cache(maxsize=CACHED_TEXTS)(_render)


def render_markdown(text: str) -> SafeString:
    """HTML for display. Raw HTML, scripts, event handlers and images are removed."""
    text = str(text or "")
    clean = _render_cached(text) if len(text) <= CACHED_TEXT_LENGTH else _render(text)
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 in _render


class _PlainTextParser(HTMLParser):
    """Turns the sanitised HTML back into readable text: blocks on their own lines, list items
    with a dash, links followed by their address (a calendar or mail shows no markup)."""

    BLOCKS = {"p", "h2", "h3", "h4", "blockquote", "pre", "ul", "ol", "dl", "table", "tr", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("br", "dt", "dd"):
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.parts[start:]).strip()
            if href and href != label and not href.startswith("mailto:"):
                self.parts.append(f" ({href})")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if data.strip() or "\n" not in data:  # markdown's newlines between tags carry nothing
            self.parts.append(data)

    def text(self) -> str:
        lines = [
            " ".join(line.split()) if not line.startswith("- ") else line.rstrip()
            for line in "".join(self.parts).splitlines()
        ]
        text = "\n".join(line.rstrip() for line in lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def render_plain_text(text: str) -> str:
    """The Markdown as plain text for calendar entries and text mails: emphasis and headings
    lose their marks, links keep their address, lists keep one item per line."""
    parser = _PlainTextParser()
    parser.feed(str(render_markdown(text)))
    parser.close()
    return parser.text()
