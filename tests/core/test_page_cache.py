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


def test_bulk_writes_and_raw_sql_start_a_new_generation(client):
    """No signal runs for QuerySet.update(), bulk_create() or raw SQL, yet the next request
    shows the change: the generation follows the statements that write content tables."""
    from django.db import connection

    from core.page_cache import generation
    from news.models import Post
    from tests.factories import ProjectFactory

    project = ProjectFactory(title="Altes Dach")
    assert "Altes Dach" in client.get("/projekte/").content.decode()
    before = generation()
    from projects.models import Project

    Project.objects.filter(pk=project.pk).update(title="Neues Gründach")
    assert generation() > before
    html = client.get("/projekte/").content.decode()
    assert "Neues Gründach" in html and "Altes Dach" not in html
    before = generation()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE projects_project SET title = %s", ["Per SQL geändert"])
    assert generation() > before
    assert "Per SQL geändert" in client.get("/projekte/").content.decode()
    before = generation()
    Post.objects.filter(pk=-1).update(title="x")  # a write that changes nothing still counts
    assert generation() > before
    before = generation()
    list(Project.objects.all())  # reading does not
    cache.get("something")
    assert generation() == before


def test_a_commit_starts_one_more_generation(transactional_db):
    """A page rendered between the statement and the commit saw the old rows; the commit
    starts another generation so that copy is never served."""
    from django.db import transaction

    from core.page_cache import generation
    from tests.factories import PartnerFactory

    with transaction.atomic():
        PartnerFactory()
        PartnerFactory()
        inside = generation()
    assert generation() == inside + 1


def test_home_figures_follow_a_bulk_update(client, settings):
    from decimal import Decimal

    from projects.models import Project
    from tests.factories import ProjectFactory

    settings.PAGE_CACHE_SECONDS = 0
    ProjectFactory(expected_reduction=Decimal("100"))
    first = client.get("/").content.decode()
    assert "100" in first and "4.321" not in first
    Project.objects.update(expected_reduction=Decimal("4321"))
    assert "4.321" in client.get("/").content.decode()
