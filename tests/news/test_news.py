import datetime

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from news import services
from news.models import Post
from tests.factories import StaffUserFactory


@pytest.fixture
def staff(db):
    return StaffUserFactory()


def make_post(staff, **fields):
    data = {"title": "Neue Partner", "teaser": "Drei neue Partner.", "body": "Text **fett**."}
    data.update(fields)
    return services.post_create(author=staff, **data)


def test_future_posts_stay_hidden(client, staff):
    make_post(staff, title="Schon da")
    future = make_post(
        staff, title="Noch nicht", publish_at=timezone.now() + datetime.timedelta(hours=2)
    )
    html = client.get("/aktuelles/").content.decode()
    assert "Schon da" in html and "Noch nicht" not in html
    assert client.get(future.get_absolute_url()).status_code == 404
    client.force_login(staff)
    assert client.get(future.get_absolute_url()).status_code == 200


def test_script_and_event_handlers_are_inert(client, staff):
    post = make_post(
        staff,
        body='<script>alert(1)</script><a href="#" onclick="alert(2)">x</a>'
        "<img src=x onerror=alert(3)> [link](javascript:alert(4))",
    )
    html = client.get(post.get_absolute_url()).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "<script" not in main
    assert "onclick" not in main and "onerror" not in main and "javascript:" not in main


def test_image_without_alt_text_is_refused_in_the_form(client, staff):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(buffer, "PNG")
    client.force_login(staff)
    response = client.post(
        "/stabsstelle/aktuelles/neu/",
        {
            "title": "Mit Bild",
            "teaser": "Kurz",
            "body": "Lang",
            "publish_at": "2026-01-01T10:00",
            "image": SimpleUploadedFile("bild.png", buffer.getvalue(), "image/png"),
            "image_alt": "",
        },
    )
    assert response.status_code == 200
    assert "Alternativtext" in " ".join(response.context["form"].errors["image_alt"])
    assert response.context["form"].data["title"] == "Mit Bild"
    assert not Post.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "contact", "staff"])
def test_only_staff_write_news(client, role, contact_user, staff):
    if role == "contact":
        client.force_login(contact_user)
    elif role == "staff":
        client.force_login(staff)
    response = client.get("/stabsstelle/aktuelles/neu/")
    assert response.status_code == {"anonymous": 302, "contact": 403, "staff": 200}[role]
    data = {"title": "T", "teaser": "T", "body": "B", "publish_at": "2026-01-01T10:00"}
    client.post("/stabsstelle/aktuelles/neu/", data)
    assert Post.objects.exists() == (role == "staff")


def test_atom_feed_is_valid(client, staff):
    make_post(staff, title="Erste Meldung")
    make_post(staff, title="Zweite Meldung")
    make_post(staff, title="Zukunft", publish_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get("/aktuelles/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Aktuelles der Magdeburger Klimaallianz"
    assert {e.title for e in feed.entries} == {"Erste Meldung", "Zweite Meldung"}
    for entry in feed.entries:
        assert entry.link.startswith("http://testserver/aktuelles/")
        assert entry.updated_parsed is not None
    assert feed.feed.updated_parsed is not None


def test_news_list_is_paginated(client, staff):
    for n in range(12):
        make_post(
            staff, title=f"Meldung {n}", publish_at=timezone.now() - datetime.timedelta(days=n)
        )
    first = client.get("/aktuelles/").content.decode()
    assert "Meldung 0" in first and "Meldung 11" not in first
    assert "Meldung 11" in client.get("/aktuelles/?page=2").content.decode()
    assert client.get("/aktuelles/?page=xyz").status_code == 200
