"""BITV 2.0 § 4: information in Leichte Sprache and in Deutsche Gebärdensprache, linked from the
header of every page; staff upload captioned sign-language videos with a limit of their own;
the accessibility statement names the enforcement body of Sachsen-Anhalt."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from core.middleware import max_body_bytes
from partners.services import contact_add
from portal.legal_defaults import OLD_ENFORCEMENT, update_accessibility_statement
from portal.models import LegalPage, SignLanguageVideo
from tests.factories import PartnerFactory, StaffUserFactory, UserFactory

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200
VTT = "WEBVTT\n\n00:00.000 --> 00:04.000\nDie Klimaallianz ist ein Bündnis.\n".encode()


def upload(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type)


@pytest.fixture
def staff_client(client, db):
    client.force_login(StaffUserFactory())
    return client


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/leichte-sprache/", "Das ist das Klimaschutz-Portal"),
        ("/gebaerdensprache/", "Deutscher Gebärdensprache"),
    ],
)
def test_pages_are_public_with_their_default_text(client, db, url, text):
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/projekte/", "/impressum/", "/konto/login/"])
def test_both_pages_are_linked_from_the_header_of_every_page(client, db, url):
    html = client.get(url).content.decode()
    header = html.split("</header>", 1)[0]
    assert 'href="/leichte-sprache/"' in header
    assert 'href="/gebaerdensprache/"' in header


def test_without_videos_the_page_says_how_to_get_information_in_dgs(client, db):
    html = client.get("/gebaerdensprache/").content.decode()
    assert "Gebärdensprachdolmetscher" in html
    assert "<video" not in html


def test_staff_upload_a_captioned_video_shown_on_the_page(staff_client):
    response = staff_client.post(
        "/stabsstelle/gebaerdensprache/",
        {
            "title": "Was ist die Klimaallianz?",
            "description": "Die Ziele der Allianz in 2 Minuten.",
            "video": upload("film.mp4", MP4, "video/mp4"),
            "captions": upload("film.vtt", VTT, "text/vtt"),
            "position": "1",
        },
    )
    assert response.status_code == 302
    video = SignLanguageVideo.objects.get()
    assert video.video_type == "video/mp4"
    assert "film" not in video.video.name

    html = staff_client.get("/gebaerdensprache/").content.decode()
    assert f'src="/gebaerdensprache/videos/{video.pk}/video"' in html
    assert 'kind="captions"' in html and 'srclang="de"' in html

    served = staff_client.get(f"/gebaerdensprache/videos/{video.pk}/video")
    assert served["Content-Type"] == "video/mp4"
    assert b"".join(served.streaming_content) == MP4
    captions = staff_client.get(f"/gebaerdensprache/videos/{video.pk}/untertitel.vtt")
    assert captions["Content-Type"].startswith("text/vtt")


@pytest.mark.parametrize(
    ("video", "captions", "field", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, VTT, "video", "kein Video"),
        (MP4, b"1\n00:00:00,000 --> 00:00:01,000\nSRT\n", "captions", "WebVTT"),
        (MP4, b"WEBVTT\n\xff\xfe", "captions", "WebVTT"),
    ],
)
def test_files_are_checked_by_content_with_the_input_kept(
    staff_client, video, captions, field, message
):
    response = staff_client.post(
        "/stabsstelle/gebaerdensprache/",
        {
            "title": "Mein Titel",
            "video": upload("a.mp4", video, "video/mp4"),
            "captions": upload("a.vtt", captions, "text/vtt"),
            "position": "0",
        },
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'value="Mein Titel"' in response.content.decode()
    assert "error-summary" in response.content.decode()
    assert not SignLanguageVideo.objects.exists()


def test_staff_remove_a_video(staff_client):
    staff_client.post(
        "/stabsstelle/gebaerdensprache/",
        {
            "title": "T",
            "video": upload("a.mp4", MP4, "video/mp4"),
            "captions": upload("a.vtt", VTT, "text/vtt"),
            "position": "0",
        },
    )
    video = SignLanguageVideo.objects.get()
    response = staff_client.post("/stabsstelle/gebaerdensprache/", {"delete": str(video.pk)})
    assert response.status_code == 302
    assert not SignLanguageVideo.objects.exists()
    assert staff_client.post("/stabsstelle/gebaerdensprache/", {"delete": "x"}).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "user", "active", "registered", "withdrawn"])
def test_only_staff_manage_videos(client, db, role):
    if role != "anonymous":
        user = UserFactory()
        if role != "user":
            status = {"active": "aktiv", "registered": "registriert", "withdrawn": "ausgetreten"}
            contact_add(partner=PartnerFactory(status=status[role]), user=user)
        client.force_login(user)
    response = client.get("/stabsstelle/gebaerdensprache/")
    assert response.status_code == (302 if role == "anonymous" else 403)
    response = client.post("/stabsstelle/gebaerdensprache/", {"title": "x"})
    assert response.status_code == (302 if role == "anonymous" else 403)


def test_the_larger_upload_limit_holds_only_for_staff_on_that_address(db, settings):
    settings.UPLOAD_MAX_REQUEST_MB = 26
    settings.SIGN_LANGUAGE_VIDEO_MAX_MB = 300
    factory = RequestFactory()

    def limit(path, user):
        request = factory.post(path, {"a": "b"})
        request.user = user
        return max_body_bytes(request) // (1024 * 1024)

    staff, citizen = StaffUserFactory(), UserFactory()
    assert limit("/stabsstelle/gebaerdensprache/", staff) == 300
    assert limit("/stabsstelle/gebaerdensprache/", citizen) == 26
    assert limit("/stabsstelle/aktuelles/neu/", staff) == 26


def test_accessibility_statement_names_the_ombudsstelle(client, db):
    html = client.get("/barrierefreiheit/").content.decode()
    assert "Ombudsstelle" in html
    assert "lf-barrierefreiheit-st.de" in html
    assert "Schlichtungsstelle bei der bzw. dem Beauftragten" not in html


def test_old_enforcement_paragraph_is_replaced_and_edits_kept(db):
    page = LegalPage.objects.get(slug="barrierefreiheit")
    page.body = f"## Eigene Einleitung\n\nVon der Stabsstelle.\n\n{OLD_ENFORCEMENT}\n"
    page.save()
    update_accessibility_statement(LegalPage)
    page.refresh_from_db()
    assert page.body.startswith("## Eigene Einleitung\n\nVon der Stabsstelle.")
    assert "Ombudsstelle" in page.body
    assert OLD_ENFORCEMENT not in page.body
