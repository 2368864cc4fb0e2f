"""The licence of the portal's open data: Datenlizenz Deutschland – Namensnennung – 2.0.

Every export (CSV, JSON, GeoJSON, the API, the annual report's data release, the DCAT
catalogue) names it the same way, so a harvester or a journalist can rely on one statement.
CSV files cannot carry it inside without breaking spreadsheets' header rows, so downloads carry
it as an HTTP `Link` header (RFC 8288, rel="license"); JSON documents carry a `license` member.
"""

from django.utils.translation import gettext_lazy as _

LICENCE_ID = "dl-de/by-2-0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"
# The URI DCAT-AP.de uses for this licence (its controlled vocabulary).
LICENCE_DCAT_URI = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
ATTRIBUTION = _("Landeshauptstadt Magdeburg, Stabsstelle Klimaschutz – Klimaschutzportal")


def licence_metadata() -> dict:
    """The `license` member of the portal's JSON documents."""
    return {
        "id": LICENCE_ID,
        "name": LICENCE_NAME,
        "url": LICENCE_URL,
        "attribution": str(ATTRIBUTION),
    }


def with_licence(response):
    """Name the licence in the response's headers (also for file downloads)."""
    link = f'<{LICENCE_URL}>; rel="license"; title="{LICENCE_ID}"'
    existing = response.get("Link")
    response["Link"] = f"{existing}, {link}" if existing else link
    return response
