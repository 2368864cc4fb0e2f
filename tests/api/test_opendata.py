"""/opendata/ (datasets, licence, attribution), the DCAT-AP.de catalogue parsed with rdflib,
and the licence of the project exports."""

import json
from urllib.parse import urlsplit

import pytest
import rdflib
from django.urls import reverse
from rdflib.namespace import DCAT, DCTERMS, RDF

from .conftest import SECRETS

DCATDE = rdflib.Namespace("http://dcat-ap.de/def/dcatde/")
LICENCE = rdflib.URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")


def local(client, url):
    parts = urlsplit(url)
    return client.get(parts.path + (f"?{parts.query}" if parts.query else ""))


def test_page_lists_datasets_with_the_licence(client, public_world):
    response = client.get(reverse("opendata"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in html
    assert "dl-de/by-2-0" in html and "https://www.govdata.de/dl-de/by-2-0" in html
    assert "Bitte nennen Sie die Quelle so" in html
    for name in ("projects:export_csv", "projects:export_json", "climate:balance_json"):
        assert reverse(name) in html
    assert reverse("api:oparl-system") in html and reverse("opendata_catalog") in html
    assert not [secret for secret in SECRETS if secret in html]


def test_catalogue_is_dcat_ap_de(client, public_world):
    response = client.get(reverse("opendata_catalog"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    graph = rdflib.Graph().parse(data=response.content.decode(), format="json-ld")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    datasets = list(graph.objects(catalogs[0], DCAT.dataset))
    assert len(datasets) >= 6
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.landingPage):
            assert graph.value(dataset, prop) is not None, (dataset, prop)
        assert graph.value(dataset, DCTERMS.license) == LICENCE
        assert graph.value(dataset, DCATDE.contributorID) is not None
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions, dataset
        for dist in distributions:
            assert (dist, RDF.type, DCAT.Distribution) in graph
            assert graph.value(dist, DCTERMS.license) == LICENCE
            assert graph.value(dist, DCAT.mediaType) is not None
            access = graph.value(dist, DCAT.accessURL)
            assert access is not None
            assert local(client, str(access)).status_code == 200, access
    titles = {str(graph.value(d, DCTERMS.title)) for d in datasets}
    assert "Klimaschutzprojekte der Klimaallianz" in titles
    formats = {str(o) for o in graph.objects(None, DCTERMS["format"])}
    assert "http://publications.europa.eu/resource/authority/file-type/CSV" in formats


def test_catalogue_lists_published_reports_only(client, public_world):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from reports.models import AnnualReport

    for year, published in ((2024, True), (2023, False)):
        report = AnnualReport(
            year=year,
            version=1,
            state=AnnualReport.State.DONE,
            published=published,
            published_at=timezone.now() if published else None,
        )
        report.pdf.save(f"bericht-{year}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        report.save()
    data = json.loads(client.get(reverse("opendata_catalog")).content)
    keys = {node["@id"].rsplit("#", 1)[-1] for node in data["@graph"]}
    assert "bericht-2024" in keys and "bericht-2023" not in keys
    report = next(node for node in data["@graph"] if node["@id"].endswith("#bericht-2024"))
    urls = [dist["dcat:accessURL"]["@id"] for dist in report["dcat:distribution"]]
    assert any(url.endswith("/berichte/2024/bericht.pdf") for url in urls)


@pytest.mark.parametrize("name", ["projects:export_csv", "projects:export_json"])
def test_project_exports_name_the_licence(client, public_world, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'rel="license"' in response["Link"]
    assert "https://www.govdata.de/dl-de/by-2-0" in response["Link"]
    if name.endswith("json"):
        assert json.loads(response.content)["license"]["id"] == "dl-de/by-2-0"
    else:
        # No comment row: the first line is the header.
        first = response.content.decode("utf-8-sig").splitlines()[0]
        assert first.startswith("Kennung;")
