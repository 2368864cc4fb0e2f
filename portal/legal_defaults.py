"""The default texts of the legal pages (Markdown files in klimaportal/content/)."""

from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SLUGS = ("impressum", "datenschutz", "barrierefreiheit", "leichte-sprache", "gebaerdensprache")
# The enforcement paragraph of the first accessibility statement named the wrong body; it is
# replaced where staff have not edited the text since.
OLD_ENFORCEMENT = (
    "Wenn Sie auf Ihre Meldung keine zufriedenstellende Antwort erhalten, können Sie sich an "
    "die Schlichtungsstelle bei der bzw. dem Beauftragten der Landesregierung für die Belange "
    "der Menschen mit Behinderungen in Sachsen-Anhalt wenden."
)


def ensure_legal_pages(LegalPage=None) -> None:  # noqa: N803 - historical model in migrations
    if LegalPage is None:
        from .models import LegalPage
    for slug in SLUGS:
        LegalPage.objects.get_or_create(
            slug=slug, defaults={"body": (CONTENT_DIR / f"{slug}.md").read_text(encoding="utf-8")}
        )


def update_accessibility_statement(LegalPage) -> None:  # noqa: N803 - historical model
    page = LegalPage.objects.filter(slug="barrierefreiheit").first()
    if page is None or OLD_ENFORCEMENT not in page.body:
        return
    default = (CONTENT_DIR / "barrierefreiheit.md").read_text(encoding="utf-8")
    # The new default's text after its enforcement heading replaces just the old paragraph,
    # so whatever else staff wrote stays.
    new = default.split("## Durchsetzungsverfahren", 1)[1].strip()
    page.body = page.body.replace(OLD_ENFORCEMENT, new)
    page.save(update_fields=["body"])
