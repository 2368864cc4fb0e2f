import io

from django.core.files.base import ContentFile
from PIL import Image

from tests.factories import PartnerFactory


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_public_images_are_served_inline(client, db):
    partner = PartnerFactory()
    partner.logo.save("logo.png", ContentFile(png()))
    response = client.get(partner.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "inline"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_other_uploads_are_never_served_from_media(client, db, settings):
    folder = settings.MEDIA_ROOT / "projects" / "evidence"
    folder.mkdir(parents=True)
    (folder / "nachweis.pdf").write_bytes(b"%PDF-1.4 secret")
    (settings.MEDIA_ROOT / "partner-logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "partner-logos" / "page.html").write_text("<script>x</script>")
    assert client.get("/media/projects/evidence/nachweis.pdf").status_code == 404
    assert client.get("/media/partner-logos/page.html").status_code == 404
    assert client.get("/media/partner-logos/../projects/evidence/nachweis.pdf").status_code == 404
