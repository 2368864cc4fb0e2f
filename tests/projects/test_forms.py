"""Bad input on the partner forms: a clear German error, the input kept, never a 500."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from projects.models import Project, ProjectDocument, ProjectResult
from tests.factories import ProjectResultFactory

pytestmark = pytest.mark.django_db

CREATE = "/mein-bereich/projekte/neu/"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def valid_data(**overrides):
    from partners.models import Body

    data = {
        "title": "Photovoltaik auf dem Lagerdach",
        "summary": "250 kWp auf dem Dach des Lagers.",
        "description": "## Anlage\n\nEine **große** Anlage.",
        "field_of_action": Body.objects.get(slug="energiesysteme-stromnutzung").pk,
        "status": "in_umsetzung",
        "start_date": "2022-04-01",
        "end_date": "",
        "address": "Am Hafen 1, 39104 Magdeburg",
        "latitude": "52,1205",
        "longitude": "11,6276",
        "expected_reduction": "123,5",
        "baseline": "Netzstrom",
        "calculation_method": "Ertrag × Emissionsfaktor",
        "emission_factor_source": "UBA 2024",
        "image_alt": "",
    }
    data.update(overrides)
    return data


def test_lead_contact_creates_a_draft(client, lead_contact, lead_partner, participant_partner):
    client.force_login(lead_contact)
    data = valid_data(participants=[participant_partner.pk])
    data["document"] = SimpleUploadedFile("beleg.pdf", b"%PDF-1.7\n...", "application/pdf")
    data["document_title"] = "Abnahmeprotokoll"
    data["image"] = SimpleUploadedFile("dach.png", png_bytes(), "image/png")
    data["image_alt"] = "Solarmodule auf einem Flachdach"
    response = client.post(CREATE, data)
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get()
    assert project.slug == "photovoltaik-auf-dem-lagerdach"
    assert project.lead_partner == lead_partner
    assert project.publication == Project.Publication.DRAFT
    assert project.expected_reduction == Decimal("123.5")
    assert project.latitude == Decimal("52.1205")
    assert list(project.partners.all()) == [participant_partner]
    assert ProjectDocument.objects.get().title == "Abnahmeprotokoll"
    assert project.history.first().history_user == lead_contact
    # a second project with the same title gets its own slug
    client.post(CREATE, valid_data())
    assert Project.objects.filter(slug="photovoltaik-auf-dem-lagerdach-2").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"expected_reduction": "-5"}, "expected_reduction", "nicht negativ"),
        ({"expected_reduction": "1000000,1"}, "expected_reduction", "1.000.000"),
        ({"expected_reduction": "99999999999"}, "expected_reduction", None),
        ({"expected_reduction": "viel"}, "expected_reduction", None),
        ({"end_date": "2020-01-01"}, "end_date", "Enddatum"),
        ({"latitude": "48,137", "longitude": "11,575"}, "latitude", "außerhalb von Magdeburg"),
        ({"latitude": "52,12", "longitude": "13,40"}, "longitude", "außerhalb von Magdeburg"),
        ({"latitude": "52,12", "longitude": ""}, "longitude", "beide"),
        ({"description": "Hallo <script>alert(1)</script>"}, "description", "Skripte"),
        ({"description": '<img src=x onerror="alert(1)">'}, "description", "Skripte"),
        ({"title": ""}, "title", None),
        ({"field_of_action": "999"}, "field_of_action", None),
    ],
)
def test_bad_project_input_is_refused_and_kept(client, lead_contact, overrides, field, message):
    client.force_login(lead_contact)
    response = client.post(CREATE, valid_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    if message:
        assert message in " ".join(form.errors[field]), form.errors[field]
    html = response.content.decode()
    assert "Photovoltaik auf dem Lagerdach" in html or overrides.get("title") == ""
    assert 'aria-invalid="true"' in html
    assert not Project.objects.exists()


def test_plenary_is_not_a_field_of_action(client, lead_contact):
    from partners.models import Body

    client.force_login(lead_contact)
    plenum = Body.objects.get(slug="allianzversammlung")
    response = client.post(CREATE, valid_data(field_of_action=plenum.pk))
    assert "field_of_action" in response.context["form"].errors


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [
        ("bild.png", b"kein bild", "image"),
        ("bild.gif", b"GIF89a....", "image"),
        ("beleg.exe", b"MZ....", "document"),
        ("beleg.pdf", b"kein pdf", "document"),
        ("beleg.odt", b"PK kein zip", "document"),
        ("beleg.docx", b"PK\x03\x04", "document"),
    ],
)
def test_bad_uploads_are_refused(client, lead_contact, name, content, field):
    client.force_login(lead_contact)
    data = valid_data(document_title="Beleg", image_alt="Bild")
    data[field] = SimpleUploadedFile(name, content)
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Project.objects.exists()


def test_odt_evidence_and_oversized_evidence(client, lead_contact, settings):
    from projects import validators

    client.force_login(lead_contact)
    data = valid_data(document_title="Bericht")
    data["document"] = SimpleUploadedFile("bericht.odt", odt_bytes())
    assert client.post(CREATE, data).status_code == 302
    big = SimpleUploadedFile("gross.pdf", b"%PDF-" + b"0" * 64)
    big.size = validators.MAX_EVIDENCE_BYTES + 1
    with pytest.raises(Exception) as excinfo:
        validators.validate_evidence(big)
    assert "20 MB" in str(excinfo.value)


def test_editing_a_published_project_keeps_it_published(client, lead_contact, published):
    client.force_login(lead_contact)
    url = f"/mein-bereich/projekte/{published.slug}/bearbeiten/"
    assert client.get(url).status_code == 200
    response = client.post(url, valid_data(title="Neuer Titel"))
    assert response.status_code == 302
    published.refresh_from_db()
    # A partner's change to a published project waits for review (issue #13).
    assert published.title == "Wärmenetz Anschluss"
    assert published.revisions.get().changes["title"] == "Neuer Titel"
    assert published.slug == "waermenetz-anschluss"
    assert published.publication == Project.Publication.PUBLISHED


# --- results ---------------------------------------------------------------------------------


def result_url(project, year=None):
    base = f"/mein-bereich/projekte/{project.slug}/ergebnisse/"
    return base + (f"{year}/" if year else "neu/")


def test_add_and_edit_result(client, lead_contact, draft):
    client.force_login(lead_contact)
    response = client.post(result_url(draft), {"year": "2022", "achieved_reduction": "88,5"})
    assert response.status_code == 302
    result = ProjectResult.objects.get()
    assert result.achieved_reduction == Decimal("88.5")
    response = client.post(
        result_url(draft, 2022), {"year": "2022", "achieved_reduction": "90", "note": "geprüft"}
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.achieved_reduction == Decimal("90") and result.note == "geprüft"
    assert result.history.count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year": "2020", "achieved_reduction": "5"}, "year", "Projektbeginn"),
        ({"year": "2999", "achieved_reduction": "5"}, "year", "Zukunft"),
        ({"year": "2022", "achieved_reduction": "-1"}, "achieved_reduction", "negativ"),
        ({"year": "2022", "achieved_reduction": "2000000"}, "achieved_reduction", "1.000.000"),
        ({"year": "2023", "achieved_reduction": "5"}, "year", "bereits"),
        ({"year": "abc", "achieved_reduction": "5"}, "year", None),
    ],
)
def test_bad_results_are_refused(client, lead_contact, draft, data, field, message):
    ProjectResultFactory(project=draft, year=2023)
    client.force_login(lead_contact)
    data = {**data}
    if data["year"] == "2999":
        data["year"] = str(timezone.localdate().year + 1)
    response = client.post(result_url(draft), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    if message:
        assert message in " ".join(errors[field]), errors[field]
    assert ProjectResult.objects.count() == 1


def test_changing_a_result_to_an_existing_year_is_refused(client, lead_contact, draft):
    ProjectResultFactory(project=draft, year=2022)
    ProjectResultFactory(project=draft, year=2023)
    client.force_login(lead_contact)
    response = client.post(result_url(draft, 2022), {"year": "2023", "achieved_reduction": "1"})
    assert response.status_code == 200
    assert "year" in response.context["form"].errors


def test_result_evidence_must_be_a_document(client, lead_contact, draft):
    client.force_login(lead_contact)
    response = client.post(
        result_url(draft),
        {
            "year": "2022",
            "achieved_reduction": "5",
            "evidence": SimpleUploadedFile("x.pdf", b"<html>"),
        },
    )
    assert "evidence" in response.context["form"].errors
