"""A file chosen in a form that fails on another field is kept for the next submit (issue
#20): the page says "Gewählte Datei: … – bleibt erhalten", the next POST without a new file
uses it, and only the person who uploaded it gets it back, within the time limit."""

import datetime
import io
import re

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from core import kept_uploads
from news.models import Post
from tests.factories import StaffUserFactory

TOKEN = re.compile(r'name="image__kept" value="([^"]+)"')


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def post_data(**overrides) -> dict:
    return {
        "title": "Mit Bild",
        "teaser": "Kurz",
        "body": "Lang",
        "publish_at": "2026-01-01T10:00",
        "image_alt": "Ein blaues Quadrat",
        **overrides,
    }


def test_a_file_of_a_failed_form_is_kept_and_used_by_the_next_submit(client, db):
    client.force_login(StaffUserFactory())
    image = SimpleUploadedFile("Sommerfest.png", png_bytes(), "image/png")
    failed = client.post("/stabsstelle/aktuelles/neu/", post_data(title="", image=image))
    html = failed.content.decode()
    assert failed.status_code == 200 and "data-error-summary" in html
    assert "Gewählte Datei: <strong>Sommerfest.png</strong> – bleibt erhalten" in html
    image_input = re.search(r'<input type="file" name="image"[^>]*>', html).group(0)
    assert re.search(r'aria-describedby="[^"]*id_image_filenote', image_input)
    assert "erneut" not in html  # nothing to choose again
    token = TOKEN.search(html).group(1)

    saved = client.post("/stabsstelle/aktuelles/neu/", post_data(image__kept=token))
    assert saved.status_code == 302
    post = Post.objects.get()
    assert post.image and post.image.read() == png_bytes()


def test_the_person_may_drop_the_kept_file(client, db):
    client.force_login(StaffUserFactory())
    image = SimpleUploadedFile("Sommerfest.png", png_bytes(), "image/png")
    html = client.post("/stabsstelle/aktuelles/neu/", post_data(title="", image=image))
    token = TOKEN.search(html.content.decode()).group(1)
    data = post_data(image__kept=token, image__kept_discard="1", image_alt="")
    assert client.post("/stabsstelle/aktuelles/neu/", data).status_code == 302
    assert not Post.objects.get().image


def test_a_token_gives_the_file_back_only_to_its_owner_and_only_in_time(db, monkeypatch):
    token = kept_uploads.keep(SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), owner="user:1")
    restored = kept_uploads.restore(token, owner="user:1")
    assert restored.name == "a.pdf" and restored.read() == b"%PDF-1.4 x"
    assert kept_uploads.restore(token, owner="user:2") is None
    assert kept_uploads.restore(token, owner="") is None
    assert kept_uploads.restore(token[:-2] + "xx", owner="user:1") is None
    monkeypatch.setattr(kept_uploads, "KEEP_SECONDS", -1)
    assert kept_uploads.restore(token, owner="user:1") is None


def test_a_file_that_fails_its_own_checks_is_not_kept(client, db):
    client.force_login(StaffUserFactory())
    html_file = SimpleUploadedFile("bild.png", b"<html><script>x</script></html>", "image/png")
    html = client.post(
        "/stabsstelle/aktuelles/neu/", post_data(title="", image=html_file)
    ).content.decode()
    assert "image__kept" not in html
    assert "Bitte wählen Sie die Datei „bild.png“ erneut aus" in html


def test_old_kept_files_are_purged(db):
    kept_uploads.keep(SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), owner="user:1")
    _dirs, before = default_storage.listdir(kept_uploads.FOLDER)
    assert before
    later = timezone.now() + datetime.timedelta(seconds=kept_uploads.KEEP_SECONDS + 60)
    assert kept_uploads.purge(now=later) >= len(before)
    assert default_storage.listdir(kept_uploads.FOLDER)[1] == []
