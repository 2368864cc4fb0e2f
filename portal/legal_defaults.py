"""The default texts of the legal pages (Markdown files in klimaportal/content/)."""

from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SLUGS = ("impressum", "datenschutz", "barrierefreiheit")


def ensure_legal_pages(LegalPage=None) -> None:  # noqa: N803 - historical model in migrations
    if LegalPage is None:
        from .models import LegalPage
    for slug in SLUGS:
        LegalPage.objects.get_or_create(
            slug=slug, defaults={"body": (CONTENT_DIR / f"{slug}.md").read_text(encoding="utf-8")}
        )
