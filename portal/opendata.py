"""/opendata/ and /opendata/catalog.jsonld: the datasets the portal publishes, their licence
(dl-de/by-2-0, core.licence) and a DCAT-AP.de catalogue for harvesters such as GovData.

This module reads the apps' data (last changes, published reports), so it is not one of the
composed pages that learn about the apps only through core.registry (the import contract
names those modules); it sits in the portal's layer and imports downwards. Datasets whose URL
is not (yet) part of the portal -- e.g. an export another app adds later -- are left out by
their URL name, so the page and the catalogue never link to a 404.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.licence import ATTRIBUTION, LICENCE_DCAT_URI, LICENCE_ID, LICENCE_NAME, LICENCE_URL

PUBLISHER_NAME = "Landeshauptstadt Magdeburg, Stabsstelle Klimaschutz (Magdeburger Klimaallianz)"

FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
MEDIA_TYPES = {
    "CSV": "text/csv",
    "JSON": "application/json",
    "GEOJSON": "application/geo+json",
    "ICAL": "text/calendar",
    "PDF": "application/pdf",
    "ZIP": "application/zip",
    "HTML": "text/html",
}
# Formats with a code in the EU file-type authority table (iCalendar has none there: its
# distributions carry only the media type).
AUTHORITY_FORMATS = {"CSV", "JSON", "GEOJSON", "PDF", "ZIP", "HTML"}


@dataclass
class Distribution:
    title: str
    url: str
    format: str  # a key of MEDIA_TYPES (the EU file-type authority's code)
    description: str = ""

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


@dataclass
class Dataset:
    key: str
    title: str
    description: str
    landing_page: str
    distributions: list[Distribution] = field(default_factory=list)
    modified: object = None  # datetime or None
    keywords: list[str] = field(default_factory=list)
    theme: str = "ENVI"


def _url(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _latest(*values):
    found = [value for value in values if value is not None]
    return max(found) if found else None


def _distributions(request, items) -> list[Distribution]:
    """Distributions whose URL exists in this portal, with absolute addresses."""
    result = []
    for title, name, fmt, description in items:
        path = _url(name) if not name.startswith("/") else name
        if path:
            result.append(
                Distribution(
                    title=title,
                    url=request.build_absolute_uri(path),
                    format=fmt,
                    description=description,
                )
            )
    return result


def datasets(request) -> list[Dataset]:
    """The portal's datasets in a fixed number of queries."""
    from climate.models import CityEmissions, EmissionFactor
    from decisions.models import Proposal
    from meetings.models import Meeting
    from partners.models import Partner
    from projects.models import Project, ProjectResult
    from reports.models import AnnualReport

    absolute = request.build_absolute_uri
    projects = Project.objects.published().aggregate(latest=Max("updated_at"))["latest"]
    results = ProjectResult.objects.published().aggregate(latest=Max("updated_at"))["latest"]
    partners = Partner.objects.listed().aggregate(latest=Max("updated_at"))["latest"]
    meetings = Meeting.objects.public().aggregate(latest=Max("updated_at"))["latest"]
    decisions = Proposal.objects.decided_public().aggregate(latest=Max("decided_at"))["latest"]
    balance = CityEmissions.objects.aggregate(latest=Max("updated_at"))["latest"]
    factors = EmissionFactor.objects.aggregate(
        created=Max("created_at"), confirmed=Max("confirmed_at")
    )
    api_docs = _url("api:docs")
    found = [
        Dataset(
            key="projekte",
            title=_("CO2 reduction projects of the Klimaallianz"),
            description=_(
                "Published projects of the alliance's partners with their expected reduction "
                "and the approved yearly results in t CO2e; partners without consent to public "
                "listing are counted, not named."
            ),
            landing_page=absolute(reverse("projects:list")),
            distributions=_distributions(
                request,
                [
                    (_("Projects as CSV"), "projects:export_csv", "CSV", ""),
                    (_("Projects as JSON"), "projects:export_json", "JSON", ""),
                    (_("Projects as GeoJSON"), "projects:export_geojson", "GEOJSON", ""),
                    (_("Projects in the read API"), "api:project-list", "JSON", ""),
                ],
            ),
            modified=_latest(projects, results),
            keywords=["Klimaschutz", "CO2-Minderung", "Projekte", "Magdeburg"],
        ),
        Dataset(
            key="partner",
            title=_("Partner directory of the Klimaallianz"),
            description=_("Active partner organisations that consented to public listing."),
            landing_page=absolute(reverse("partners:directory")),
            distributions=_distributions(
                request, [(_("Partners in the read API"), "api:partner-list", "JSON", "")]
            ),
            modified=partners,
            keywords=["Klimaallianz", "Partner", "Magdeburg"],
            theme="GOVE",
        ),
        Dataset(
            key="termine",
            title=_("Public meetings of the Klimaallianz"),
            description=_(
                "Meetings of the plenary and the working groups with agenda and public documents."
            ),
            landing_page=absolute(reverse("meetings:list")),
            distributions=_distributions(
                request,
                [
                    (_("Meetings as iCalendar"), "meetings:calendar", "ICAL", ""),
                    (_("Meetings in the read API"), "api:meeting-list", "JSON", ""),
                    (_("OParl 1.1 (meetings and decisions)"), "api:oparl-system", "JSON", ""),
                ],
            ),
            modified=meetings,
            keywords=["Klimaallianz", "Sitzungen", "OParl"],
            theme="GOVE",
        ),
        Dataset(
            key="beschluesse",
            title=_("Decision register of the Klimaallianz"),
            description=_(
                "Decisions taken by consensus, with number, result and the stored counts "
                "of the positions."
            ),
            landing_page=absolute(reverse("decisions:register")),
            distributions=_distributions(
                request,
                [
                    (_("Decisions as CSV"), "decisions:register_csv", "CSV", ""),
                    (_("Decisions as JSON"), "decisions:register_json", "JSON", ""),
                    (_("Decisions in the read API"), "api:decision-list", "JSON", ""),
                    (_("OParl 1.1 (meetings and decisions)"), "api:oparl-system", "JSON", ""),
                ],
            ),
            modified=decisions,
            keywords=["Klimaallianz", "Beschlüsse", "Konsens"],
            theme="GOVE",
        ),
        Dataset(
            key="klimabilanz",
            title=_("Greenhouse gas balance of Magdeburg and target path"),
            description=_(
                "The city's yearly balance (BISKO), population, per-capita emissions, the "
                "target path to 3.2 t per inhabitant in 2050 and the alliance's contribution."
            ),
            landing_page=absolute(reverse("climate:balance")),
            distributions=_distributions(
                request,
                [
                    (_("City balance as JSON"), "climate:balance_json", "JSON", ""),
                    (_("City balance as CSV"), "climate:balance_csv", "CSV", ""),
                    (_("City balance in the read API"), "api:city-balance-list", "JSON", ""),
                ],
            ),
            modified=balance,
            keywords=["Klimabilanz", "BISKO", "Treibhausgase", "Magdeburg"],
        ),
        Dataset(
            key="emissionsfaktoren",
            title=_("Emission factors"),
            description=_(
                "Versioned emission factors (kg CO2e per unit including upstream chains) "
                "with their sources, as the portal computes results with them."
            ),
            landing_page=absolute(reverse("climate:methods")),
            distributions=_distributions(
                request,
                [(_("Emission factors in the read API"), "api:emission-factor-list", "JSON", "")],
            ),
            modified=_latest(factors["created"], factors["confirmed"]),
            keywords=["Emissionsfaktoren", "BISKO"],
        ),
    ]
    # One dataset per year with a published report: its page, PDF and data release are those
    # of the year's latest published version (reports serves them by year).
    years_done = set()
    for report in AnnualReport.objects.filter(
        published=True, state=AnnualReport.State.DONE
    ).order_by("-year", "-version"):
        if report.year in years_done:
            continue
        years_done.add(report.year)
        page = _url("reports:report_page", year=report.year)
        items = [
            (_("Report as PDF"), _url("reports:report_pdf", year=report.year), "PDF", ""),
            (
                _("Data of the report (ZIP)"),
                _url("reports:report_data", year=report.year),
                "ZIP",
                "",
            ),
        ]
        if not items[0][1]:  # an older reports app: the PDF by the report's id
            items = [(_("Report as PDF"), _url("reports:download", pk=report.pk), "PDF", "")]
        found.append(
            Dataset(
                key=f"bericht-{report.year}",
                title=_("Annual report %(year)s of the Klimaallianz") % {"year": report.year},
                description=_("The alliance's annual report with its figures for %(year)s.")
                % {"year": report.year},
                landing_page=absolute(page or reverse("reports:public_list")),
                distributions=_distributions(request, [i for i in items if i[1]]),
                modified=report.published_at,
                keywords=["Klimaallianz", "Jahresbericht"],
            )
        )
    if api_docs:
        found.append(
            Dataset(
                key="api",
                title=_("Read API of the portal (OpenAPI 3)"),
                description=_(
                    "All of the above as JSON with filters, pagination and modified_since; "
                    "the OpenAPI schema describes every endpoint."
                ),
                landing_page=absolute(api_docs),
                distributions=_distributions(
                    request,
                    [
                        (
                            _("OpenAPI schema (JSON)"),
                            reverse("api:schema") + "?format=json",
                            "JSON",
                            "",
                        ),
                        (_("API documentation"), api_docs, "HTML", ""),
                    ],
                ),
                modified=None,
                keywords=["API", "OpenAPI"],
                theme="GOVE",
            )
        )
    return [dataset for dataset in found if dataset.distributions]


# The catalogue ---------------------------------------------------------------------------

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _typed_time(value) -> dict:
    return {
        "@value": timezone.localtime(value).isoformat(timespec="seconds"),
        "@type": "xsd:dateTime",
    }


def _distribution(identifier: str, dist: Distribution, license_ref: dict) -> dict:
    entry = {
        "@id": identifier,
        "@type": "dcat:Distribution",
        "dct:title": {"@value": str(dist.title), "@language": "de"},
        "dcat:accessURL": {"@id": dist.url},
        "dcat:downloadURL": {"@id": dist.url},
        "dcat:mediaType": {
            "@id": "https://www.iana.org/assignments/media-types/" + dist.media_type
        },
        "dct:license": license_ref,
        "dcatde:licenseAttributionByText": str(ATTRIBUTION),
    }
    if dist.format in AUTHORITY_FORMATS:
        entry["dct:format"] = {"@id": FILE_TYPE + dist.format}
    return entry


def catalogue(request) -> dict:
    """The DCAT-AP.de catalogue as JSON-LD (its own @context; no remote context to fetch)."""
    base = request.build_absolute_uri(reverse("opendata"))
    publisher = {
        "@id": f"{base}#herausgeber",
        "@type": "foaf:Organization",
        "foaf:name": PUBLISHER_NAME,
    }
    contact = {
        "@id": f"{base}#kontakt",
        "@type": "vcard:Organization",
        "vcard:fn": "Stabsstelle Klimaschutz",
        "vcard:hasEmail": {"@id": f"mailto:{settings.OPENDATA_CONTACT_EMAIL}"},
    }
    license_ref = {"@id": LICENCE_DCAT_URI}
    language = {"@id": "http://publications.europa.eu/resource/authority/language/DEU"}
    # Magdeburg's municipality key (Amtlicher Gemeindeschlüssel 15003000).
    spatial = {"@id": "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/15003000"}
    entries = []
    modified_all = []
    for dataset in datasets(request):
        dataset_id = f"{base}#{dataset.key}"
        entry = {
            "@id": dataset_id,
            "@type": "dcat:Dataset",
            "dct:identifier": dataset_id,
            "dct:title": {"@value": str(dataset.title), "@language": "de"},
            "dct:description": {"@value": str(dataset.description), "@language": "de"},
            "dct:publisher": {"@id": publisher["@id"]},
            "dcat:contactPoint": {"@id": contact["@id"]},
            "dct:license": license_ref,
            "dcatde:contributorID": {"@id": settings.OPENDATA_CONTRIBUTOR_ID},
            "dcatde:licenseAttributionByText": str(ATTRIBUTION),
            "dcat:landingPage": {"@id": dataset.landing_page},
            "dcat:theme": {"@id": THEME + dataset.theme},
            "dct:spatial": spatial,
            "dct:language": language,
            "dcat:keyword": [{"@value": word, "@language": "de"} for word in dataset.keywords],
            "dcat:distribution": [
                _distribution(f"{dataset_id}-{index}", dist, license_ref)
                for index, dist in enumerate(dataset.distributions, start=1)
            ],
        }
        if dataset.modified is not None:
            entry["dct:modified"] = _typed_time(dataset.modified)
            modified_all.append(dataset.modified)
        entries.append(entry)
    catalog = {
        "@id": f"{base}#katalog",
        "@type": "dcat:Catalog",
        "dct:title": {"@value": "Offene Daten der Magdeburger Klimaallianz", "@language": "de"},
        "dct:description": {
            "@value": str(_("Open data of the Klimaschutzportal of the Magdeburger Klimaallianz.")),
            "@language": "de",
        },
        "dct:publisher": {"@id": publisher["@id"]},
        "dct:license": license_ref,
        "dct:language": language,
        "foaf:homepage": {"@id": request.build_absolute_uri(reverse("home"))},
        "dcat:dataset": [{"@id": entry["@id"]} for entry in entries],
    }
    if modified_all:
        catalog["dct:modified"] = _typed_time(max(modified_all))
    return {"@context": CONTEXT, "@graph": [catalog, publisher, contact, *entries]}


@require_GET
def opendata_page(request):
    return render(
        request,
        "portal/opendata.html",
        {
            "datasets": datasets(request),
            "license_id": LICENCE_ID,
            "license_name": LICENCE_NAME,
            "license_url": LICENCE_URL,
            "attribution": ATTRIBUTION,
            "catalog_url": reverse("opendata_catalog"),
        },
    )


@require_GET
def catalog_jsonld(request):
    response = HttpResponse(
        json.dumps(catalogue(request), ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="catalog.jsonld"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
