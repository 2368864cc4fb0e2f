"""A draft project's image is as private as the draft: under an unguessable name, served only
to whom may see the project (lead and participating partners, staff), public once the project
is published. The original file name appears nowhere."""

import importlib
import io
import re

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from projects import services
from projects.models import Project

from .test_forms import CREATE, valid_data

ORIGINAL = "geheimer-entwurf-solardach"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()


def get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.fixture
def draft_with_image(draft):
    draft.image.save(f"{ORIGINAL}.png", ContentFile(png_bytes()))
    return draft


def test_stored_under_an_unguessable_name(draft_with_image):
    name = draft_with_image.image.name
    assert ORIGINAL not in name
    assert re.fullmatch(r"projects/images/[0-9a-f]{32}\.png", name)


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("other", 404), ("lead", 200), ("participant", 200), ("staff", 200)],
)
def test_draft_image_only_for_those_who_see_the_draft(
    client, roles, draft_with_image, role, status
):
    response = get(client, roles[role], draft_with_image.image.url)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("state", ["eingereicht", "zurueckgegeben"])
def test_unpublished_states_stay_private(client, draft_with_image, other_contact, state):
    Project.objects.filter(pk=draft_with_image.pk).update(publication=state)
    assert client.get(draft_with_image.image.url).status_code == 404
    assert get(client, other_contact, draft_with_image.image.url).status_code == 404


def test_public_after_publication_and_private_again_when_unpublished(
    client, draft_with_image, lead_contact, staff_user, other_contact
):
    url = draft_with_image.image.url
    services.project_submit(project=draft_with_image, actor=lead_contact, notify=False)
    services.project_publish(project=draft_with_image, actor=staff_user, notify=False)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    assert get(client, other_contact, url).status_code == 200
    services.project_unpublish(
        project=Project.objects.get(pk=draft_with_image.pk),
        actor=staff_user,
        comment="Bitte Bildrechte klären.",
        notify=False,
    )
    assert get(client, None, url).status_code == 404


def test_uploaded_name_is_not_in_the_html(client, lead_contact):
    client.force_login(lead_contact)
    data = valid_data(image_alt="Solarmodule auf einem Flachdach")
    data["image"] = SimpleUploadedFile(f"{ORIGINAL}.PNG", png_bytes(), "image/png")
    assert client.post(CREATE, data).status_code == 302
    project = Project.objects.get()
    assert ORIGINAL not in project.image.name and project.image.name.endswith(".png")
    for url in (f"/mein-bereich/projekte/{project.slug}/", f"/projekte/{project.slug}/"):
        html = client.get(url).content.decode()
        assert ORIGINAL not in html
    assert client.get(project.image.url).status_code == 200


def test_the_extension_follows_the_content(client, lead_contact):
    """A JPEG named .jfif is stored as .jpg, so /media/ serves it with its type."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "JPEG")
    client.force_login(lead_contact)
    data = valid_data(image_alt="Solarmodule")
    data["image"] = SimpleUploadedFile("foto.jfif", buffer.getvalue(), "image/jpeg")
    assert client.post(CREATE, data).status_code == 302
    project = Project.objects.get()
    assert project.image.name.endswith(".jpg")
    assert client.get(project.image.url)["Content-Type"] == "image/jpeg"


def test_files_no_project_holds_are_not_served(client, settings, published):
    folder = settings.MEDIA_ROOT / "projects" / "images"
    folder.mkdir(parents=True)
    (folder / "altes-bild.png").write_bytes(png_bytes())
    assert client.get("/media/projects/images/altes-bild.png").status_code == 404


def test_migration_renames_existing_images(
    client, settings, published, django_capture_on_commit_callbacks
):
    """Images stored under their original names before get a random name; they keep working."""
    folder = settings.MEDIA_ROOT / "projects" / "images"
    folder.mkdir(parents=True)
    (folder / "waermenetz.png").write_bytes(png_bytes())
    Project.objects.filter(pk=published.pk).update(image="projects/images/waermenetz.png")
    published.history.update(image="projects/images/waermenetz.png")
    migration = importlib.import_module("projects.migrations.0004_unguessable_image_names")
    with django_capture_on_commit_callbacks(execute=True):
        migration.rename_images(django_apps, None)
    published.refresh_from_db()
    assert re.fullmatch(r"projects/images/[0-9a-f]{32}\.png", published.image.name)
    assert set(published.history.values_list("image", flat=True)) == {published.image.name}
    assert client.get(published.image.url).status_code == 200
    assert not (folder / "waermenetz.png").exists()
    assert "waermenetz.png" not in client.get(f"/projekte/{published.slug}/").content.decode()
