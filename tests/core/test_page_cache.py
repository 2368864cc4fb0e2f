"""The page cache validates the Host header before it answers and keys on scheme and host."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

FEED = "/aktuelles/feed/"  # absolute links in it are built from the request's host


def test_a_foreign_host_gets_400_also_when_the_page_is_cached(client, settings):
    assert settings.PAGE_CACHE_SECONDS > 0
    warm = client.get("/aktuelles/")
    assert warm.status_code == 200 and "public" in warm["Cache-Control"]
    response = client.get("/aktuelles/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    # As without a cached copy:
    cache.clear()
    assert client.get("/aktuelles/", HTTP_HOST="evil.example").status_code == 400


def test_the_key_has_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    first = client.get(FEED)
    assert b"http://testserver/" in first.content
    other = client.get(FEED, HTTP_HOST="localhost")
    assert other.status_code == 200
    assert b"http://localhost/" in other.content
    assert b"testserver" not in other.content


def test_the_key_has_the_scheme(client):
    assert b"http://testserver/" in client.get(FEED).content
    secure = client.get(FEED, secure=True)
    assert b"https://testserver/" in secure.content
