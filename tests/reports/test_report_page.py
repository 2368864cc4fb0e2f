"""Annual report #17.4/#17.5: the HTML page, the downloads under the year, the data release."""

import csv
import hashlib
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.cache import cache

from projects.models import ProjectResult
from reports import services
from reports.forms import ReportRequestForm
from reports.models import AnnualReport
from tests.reports.helpers import YEAR, seed_alliance

pytestmark = pytest.mark.usefixtures("eager_celery")


@pytest.fixture
def clients(client, contact_user, staff_user):
    from django.test import Client

    contact, staff = Client(), Client()
    contact.force_login(contact_user)
    staff.force_login(staff_user)
    return {"anonymous": client, "contact": contact, "staff": staff}


@pytest.fixture
def published(db):
    seed_alliance()
    report = services.report_request(actor=None, year=YEAR, outlook="## Schwerpunkte", queue=False)
    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    services.report_publish(actor=None, report=report)
    report.refresh_from_db()
    cache.clear()
    return report


def test_the_report_page_is_the_report_in_html(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(f"/berichte/{YEAR}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Jahresbericht {YEAR} der Magdeburger Klimaallianz" in page
    # Leichte Sprache first, then the chapters, as in the PDF.
    assert page.index("Das Wichtigste in Leichter Sprache") < page.index("Kennzahlen</h2>")
    assert "402,0" in page and "<h3>Schwerpunkte</h3>" in page
    assert f'href="/berichte/{YEAR}/bericht.pdf"' in page
    assert f'href="/berichte/{YEAR}/daten.zip"' in page
    assert published.sha256 in page
    zipped = client.get(f"/berichte/{YEAR}/daten.zip").content
    assert hashlib.sha256(zipped).hexdigest() in page
    assert 'role="region"' in page and 'tabindex="0"' in page
    assert "dl-de/by-2-0" in page


def test_downloads_under_the_year_and_the_old_link_redirects(client, published):
    pdf = client.get(f"/berichte/{YEAR}/bericht.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'rel="license"' in pdf["Link"]
    old = client.get(f"/berichte/{published.pk}/pdf/")
    assert old.status_code == 301 and old["Location"] == f"/berichte/{YEAR}/bericht.pdf"
    listing = client.get("/berichte/").content.decode()
    assert f'href="/berichte/{YEAR}/"' in listing


def test_unpublished_years_are_not_found(clients, db):
    seed_alliance()
    report = services.report_request(actor=None, year=YEAR, queue=False)
    services.report_render(report_id=report.pk)
    for role in ("anonymous", "contact", "staff"):
        for url in (
            f"/berichte/{YEAR}/",
            f"/berichte/{YEAR}/bericht.pdf",
            f"/berichte/{YEAR}/daten.zip",
        ):
            assert clients[role].get(url).status_code == 404, (role, url)
    assert clients["anonymous"].get(f"/berichte/{YEAR - 1}/").status_code == 404


def test_the_data_release_has_a_file_per_table_a_readme_and_checksums(client, published):
    response = client.get(f"/berichte/{YEAR}/daten.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert f"jahresbericht-{YEAR}-v1-daten.zip" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = {name.split("/", 1)[1] for name in archive.namelist()}
    assert {"README.txt", "SHA256SUMS", "projekte.csv", "projekte.json"} <= names
    for table in ("stadtbilanz", "beschluesse", "handlungsfelder", "arbeitsgruppen"):
        assert {f"{table}.csv", f"{table}.json"} <= names
    folder = archive.namelist()[0].split("/", 1)[0]
    readme = archive.read(f"{folder}/README.txt").decode()
    assert "dl-de/by-2-0" in readme and "erwartet_t_je_jahr" in readme
    sums = archive.read(f"{folder}/SHA256SUMS").decode().splitlines()
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256(archive.read(f"{folder}/{name}")).hexdigest() == digest
    rows = list(
        csv.DictReader(
            io.StringIO(archive.read(f"{folder}/projekte.csv").decode("utf-8-sig")), delimiter=";"
        )
    )
    assert len(rows) == 4 and rows[0]["erwartet_t_je_jahr"] == "100,5"
    document = json.loads(archive.read(f"{folder}/projekte.json"))
    assert document["license"]["id"] == "dl-de/by-2-0"
    assert document["rows"][0]["erwartet_t_je_jahr"] == 100.5


def test_the_published_release_is_frozen_with_the_report_version(client, published):
    before = client.get(f"/berichte/{YEAR}/daten.zip").content
    page_before = client.get(f"/berichte/{YEAR}/").content.decode()
    ProjectResult.objects.filter(year=YEAR).update(achieved_reduction=Decimal("1"))
    cache.clear()
    after = client.get(f"/berichte/{YEAR}/daten.zip").content
    assert after == before
    assert hashlib.sha256(before).hexdigest() in client.get(f"/berichte/{YEAR}/").content.decode()
    assert "320,8" in page_before


def test_the_staff_year_selector_defaults_to_the_last_complete_year(db):
    from django.utils import timezone

    form = ReportRequestForm()
    assert form.fields["year"].initial == timezone.localdate().year - 1
    assert AnnualReport.objects.count() == 0
