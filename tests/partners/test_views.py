import datetime
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from partners import services
from partners.models import Partner
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    SectorFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.partners.conftest import sign


def png_bytes(size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    return buffer.getvalue()


def registration_data(**overrides):
    data = {
        "name": "Elbauen Solar GmbH",
        "kind": "unternehmen",
        "street": "Breiter Weg 1",
        "postal_code": "39104",
        "city": "Magdeburg",
        "website": "https://elbauen-solar.example",
        "size_band": "10-49",
        "description": "Photovoltaik auf Magdeburger Dächern.",
        "public_listing": "on",
    }
    data.update(overrides)
    return data


# Registration form ------------------------------------------------------------------------


def test_register_creates_partner_and_goes_to_signing(client, user):
    client.force_login(user)
    response = client.post("/partner/registrieren/", registration_data())
    partner = Partner.objects.get(name="Elbauen Solar GmbH")
    assert response["Location"] == f"/partner/{partner.slug}/unterzeichnen/"
    assert partner.contacts.get().user == user


@pytest.mark.parametrize(
    ("overrides", "files", "field", "message"),
    [
        ({"name": "ELBE ENERGIE"}, {}, "name", "bereits registriert"),
        ({"website": "ftp://elbe.example"}, {}, "website", "https://"),
        ({"website": "javascript:alert(1)"}, {}, "website", "https://"),
        ({}, {"logo": ("logo.png", b"not an image at all", "image/png")}, "logo", "Bild"),
        (
            {},
            {"logo": ("logo.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 10), "image/png")},
            "logo",
            "",
        ),
    ],
)
def test_register_refuses_bad_input_and_keeps_it(client, user, overrides, files, field, message):
    PartnerFactory(name="Elbe Energie")
    client.force_login(user)
    data = registration_data(**overrides)
    for name, (filename, content, content_type) in files.items():
        data[name] = SimpleUploadedFile(filename, content, content_type=content_type)
    response = client.post("/partner/registrieren/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert form.data["description"] == "Photovoltaik auf Magdeburger Dächern."
    assert not Partner.objects.filter(contacts__user=user).exists()


def test_logo_over_2_mb_is_refused_with_message(client, user):
    client.force_login(user)
    big = io.BytesIO()
    # Random pixels do not compress: a real PNG well over 2 MB.
    Image.frombytes("RGB", (1000, 1000), os.urandom(1000 * 1000 * 3)).save(big, "PNG")
    assert big.tell() > 2 * 1024 * 1024
    data = registration_data(logo=SimpleUploadedFile("big.png", big.getvalue(), "image/png"))
    response = client.post("/partner/registrieren/", data)
    assert "größer als 2 MB" in " ".join(response.context["form"].errors["logo"])


def test_real_logo_is_accepted(client, user):
    client.force_login(user)
    data = registration_data(logo=SimpleUploadedFile("logo.png", png_bytes(), "image/png"))
    client.post("/partner/registrieren/", data)
    assert Partner.objects.get(name="Elbauen Solar GmbH").logo.name.startswith("partner-logos/")


def test_contact_cannot_register_a_second_partner(client, contact_user):
    client.force_login(contact_user)
    response = client.post("/partner/registrieren/", registration_data())
    assert response.status_code == 302
    assert not Partner.objects.filter(name="Elbauen Solar GmbH").exists()


def test_sign_form_refuses_future_date_and_missing_commitment(
    client, registered_partner, declaration
):
    client.force_login(registered_partner.first_contact)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = client.post(
        f"/partner/{registered_partner.slug}/unterzeichnen/",
        {
            "signatory_name": "Erika Muster",
            "signatory_function": "GF",
            "place": "Magdeburg",
            "signed_on": tomorrow.isoformat(),
            "commitment_goal": "on",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Zukunft" in " ".join(errors["signed_on"])
    assert "commitment_project" in errors
    assert response.context["form"].data["signatory_name"] == "Erika Muster"
    assert not registered_partner.signatures.exists()


# Permissions ----------------------------------------------------------------------------


@pytest.fixture
def world(registered_partner, declaration, other_contact):
    staff = StaffUserFactory()
    signature = sign(registered_partner, declaration, registered_partner.first_contact)
    return {
        "partner": registered_partner,
        "signature": signature,
        "own": registered_partner.first_contact,
        "other": other_contact,
        "staff": staff,
        "plain": UserFactory(),
    }


# (url, method, {role: expected status}); "anon" redirects to login unless stated.
def urls(w):
    slug = w["partner"].slug
    return [
        (
            f"/partner/{slug}/",
            "get",
            {"anon": 404, "plain": 404, "other": 404, "own": 200, "staff": 200},
        ),
        (
            f"/partner/{slug}/bearbeiten/",
            "get",
            {"anon": 302, "plain": 403, "other": 403, "own": 200, "staff": 200},
        ),
        (
            f"/partner/{slug}/kontakte/",
            "get",
            {"anon": 302, "plain": 403, "other": 403, "own": 200, "staff": 200},
        ),
        (
            f"/partner/{slug}/unterzeichnen/",
            "get",
            {"anon": 302, "plain": 403, "other": 403, "own": 200, "staff": 403},
        ),
        (
            f"/partner/{slug}/austritt/",
            "get",
            {"anon": 302, "plain": 403, "other": 403, "own": 403, "staff": 200},
        ),
        (
            "/stabsstelle/erklaerung/neu/",
            "get",
            {"anon": 302, "plain": 403, "other": 403, "own": 403, "staff": 200},
        ),
        (
            f"/stabsstelle/unterschriften/{w['signature'].pk}/bestaetigen/",
            "post",
            {"anon": 302, "plain": 403, "other": 403, "own": 403, "staff": 302},
        ),
    ]


@pytest.mark.parametrize("role", ["anon", "plain", "other", "own", "staff"])
def test_permission_matrix(client, world, role):
    if role != "anon":
        client.force_login(world[role])
    for url, method, expected in urls(world):
        response = getattr(client, method)(url)
        assert response.status_code == expected[role], (role, url)
    world["partner"].refresh_from_db()
    assert (world["partner"].status == Partner.Status.ACTIVE) == (role == "staff")


def test_certificate_only_for_own_contacts_and_staff(client, world):
    services.signature_confirm(signature=world["signature"], actor=world["staff"])
    url = f"/partner/{world['partner'].slug}/urkunde/{world['signature'].pk}/"
    assert client.get(url).status_code == 302
    for role, status in (("plain", 403), ("other", 403), ("own", 200), ("staff", 200)):
        client.force_login(world[role])
        assert client.get(url).status_code == status, role


def test_certificate_pdf_names_partner_and_version(client, world):
    from pypdf import PdfReader

    services.signature_confirm(signature=world["signature"], actor=world["staff"])
    client.force_login(world["own"])
    response = client.get(f"/partner/{world['partner'].slug}/urkunde/{world['signature'].pk}/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert world["partner"].name in text
    assert world["signature"].declaration.version in text
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_other_partners_contact_cannot_remove_contacts(client, world):
    second = services.contact_add(partner=world["partner"], user=UserFactory())
    client.force_login(world["other"])
    url = f"/partner/{world['partner'].slug}/kontakte/{second.pk}/entfernen/"
    assert client.post(url).status_code == 403
    assert world["partner"].contacts.count() == 2
    client.force_login(world["own"])
    assert client.post(url).status_code == 302
    assert world["partner"].contacts.count() == 1


# Public pages ---------------------------------------------------------------------------


def test_directory_lists_only_active_consenting_partners(client, db):
    listed = PartnerFactory(name="Sichtbar AG")
    PartnerFactory(name="Ohne Zustimmung AG", public_listing=False)
    PartnerFactory(name="Registriert AG", status="registriert")
    PartnerFactory(name="Ausgetreten AG", status="ausgetreten")
    html = client.get("/partner/").content.decode()
    assert listed.name in html
    for hidden in ("Ohne Zustimmung AG", "Registriert AG", "Ausgetreten AG"):
        assert hidden not in html
    assert client.get("/partner/registriert-ag/").status_code == 404


def test_directory_filters(client, db):
    from partners.models import Body

    sector = SectorFactory(name="Energie")
    sector.working_groups.add(Body.objects.get(slug="energiesysteme-stromnutzung"))
    strom = PartnerFactory(name="Strom AG", sector=sector, kind="unternehmen")
    representative = UserFactory()
    services.contact_add(partner=strom, user=representative)
    MembershipFactory(partner=strom, representative=representative)
    # Same sector, but no representative in the group: not a member.
    PartnerFactory(name="Netz AG", sector=sector)
    PartnerFactory(name="Verein für Rad", kind="verband")
    assert "Strom AG" in client.get("/partner/?q=strom").content.decode()
    assert "Verein für Rad" not in client.get("/partner/?q=strom").content.decode()
    html = client.get("/partner/?kind=verband").content.decode()
    assert "Verein für Rad" in html and "Strom AG" not in html
    html = client.get("/partner/?working_group=energiesysteme-stromnutzung").content.decode()
    assert "Strom AG" in html and "Verein für Rad" not in html and "Netz AG" not in html
    html = client.get(f"/partner/?sector={sector.slug}").content.decode()
    assert "Strom AG" in html and "Verein für Rad" not in html
    # Nonsense input returns a page, never a 500.
    assert client.get("/partner/?sector=gibts-nicht&page=abc&q=" + "x" * 500).status_code == 200


def test_directory_query_count_does_not_grow(client, db):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/partner/").status_code == 200
        return len(ctx.captured_queries)

    PartnerFactory.create_batch(5, sector=SectorFactory())
    few = count_queries()
    PartnerFactory.create_batch(95, sector=SectorFactory())
    assert count_queries() == few


def test_declaration_page_lists_active_signatories(client, world):
    services.signature_confirm(signature=world["signature"], actor=world["staff"])
    html = client.get("/erklaerung/").content.decode()
    assert world["partner"].name in html
    assert "3,2 t CO2" in html


def test_staff_dashboard_shows_work_to_do(client, world):
    client.force_login(world["staff"])
    html = client.get("/stabsstelle/").content.decode()
    assert f"{world['partner'].name} bestätigen" in html
