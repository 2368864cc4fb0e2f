"""The image of a scheduled post stays hidden until the post is published: it is stored under
an unguessable name and served only to staff before the publication time, to everyone after.
The original file name appears nowhere."""

import datetime
import importlib
import io
import re

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news import services
from news.models import Post
from partners.services import contact_add
from tests.factories import PartnerFactory, StaffUserFactory, UserFactory

ORIGINAL = "vorab-neue-partner-2027"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def staff(db):
    return StaffUserFactory()


@pytest.fixture
def scheduled(staff):
    return services.post_create(
        author=staff,
        title="Neue Partner",
        teaser="Drei neue Partner.",
        body="Text",
        image=SimpleUploadedFile(f"{ORIGINAL}.png", png_bytes(), "image/png"),
        image_alt="Logos der neuen Partner",
        publish_at=timezone.now() + datetime.timedelta(days=2),
    )


def contact(db):
    user = UserFactory()
    contact_add(partner=PartnerFactory(), user=user)
    return user


def test_stored_under_an_unguessable_name(scheduled):
    assert re.fullmatch(r"news/[0-9a-f]{32}\.png", scheduled.image.name)


@pytest.mark.parametrize(("role", "status"), [("anonymous", 404), ("contact", 404), ("staff", 200)])
def test_scheduled_image_only_for_staff(client, db, staff, scheduled, role, status):
    if role == "contact":
        client.force_login(contact(db))
    elif role == "staff":
        client.force_login(staff)
    response = client.get(scheduled.image.url)
    assert response.status_code == status
    if status == 200:
        assert response["Cache-Control"] == "private, no-store"


def test_public_once_the_publication_time_has_come(client, db, staff, scheduled):
    url = scheduled.image.url
    Post.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("public")
    client.force_login(contact(db))
    assert client.get(url).status_code == 200


def test_uploaded_name_is_not_in_the_html(client, staff):
    client.force_login(staff)
    response = client.post(
        "/stabsstelle/aktuelles/neu/",
        {
            "title": "Mit Bild",
            "teaser": "Kurz",
            "body": "Lang",
            "publish_at": "2026-01-01T10:00",
            "image": SimpleUploadedFile(f"{ORIGINAL}.png", png_bytes(), "image/png"),
            "image_alt": "Ein blaues Quadrat",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert ORIGINAL not in post.image.name
    client.logout()
    html = client.get(post.get_absolute_url()).content.decode()
    assert post.image.url in html and ORIGINAL not in html
    assert ORIGINAL not in client.get("/aktuelles/").content.decode()
    assert ORIGINAL not in client.get("/aktuelles/feed/").content.decode()


def test_files_no_post_holds_are_not_served(client, settings, db):
    (settings.MEDIA_ROOT / "news").mkdir(parents=True)
    (settings.MEDIA_ROOT / "news" / "entwurf.png").write_bytes(png_bytes())
    assert client.get("/media/news/entwurf.png").status_code == 404


def test_migration_renames_existing_images(
    client, settings, staff, django_capture_on_commit_callbacks
):
    post = services.post_create(author=staff, title="Alt", teaser="Alt", body="Alt")
    (settings.MEDIA_ROOT / "news").mkdir(parents=True)
    (settings.MEDIA_ROOT / "news" / "sommerfest.png").write_bytes(png_bytes())
    Post.objects.filter(pk=post.pk).update(image="news/sommerfest.png", image_alt="Fest")
    migration = importlib.import_module("news.migrations.0002_unguessable_image_names")
    with django_capture_on_commit_callbacks(execute=True):
        migration.rename_images(django_apps, None)
    post.refresh_from_db()
    assert re.fullmatch(r"news/[0-9a-f]{32}\.png", post.image.name)
    assert client.get(post.image.url).status_code == 200
    assert not (settings.MEDIA_ROOT / "news" / "sommerfest.png").exists()
