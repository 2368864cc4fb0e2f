"""Shared fixtures. Tests that need a service are marked; without the service they skip
locally, but with CI=true they fail, so CI never passes by skipping."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import PartnerFactory, StaffUserFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_configure(config):
    # PBKDF2 makes every login and user factory cost ~100 ms; the suite checks behaviour, not
    # the hash's strength (production keeps Django's default hashers).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Parallel workers flush their cache between tests; give each its own Redis database so
    # one worker's flush or rate-limit counter never reaches another's test.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    cache = settings.CACHES["default"]
    if worker.startswith("gw") and cache["BACKEND"].endswith("RedisCache"):
        parsed = urlparse(cache["LOCATION"])
        database = 8 + int(worker[2:]) % 8
        cache["LOCATION"] = parsed._replace(path=f"/{database}").geturl()


def pytest_collection_modifyitems(config, items):
    # Tests with a real Celery worker share one broker queue: run them in one xdist worker,
    # one after the other, so no worker consumes another test's tasks.
    for item in items:
        if item.get_closest_marker("celery_worker"):
            item.add_marker(pytest.mark.xdist_group("celery_worker"))


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def redis_url() -> str:
    return settings.CELERY_BROKER_URL or os.environ.get("REDIS_URL", "")


def redis_reachable(url: str) -> bool:
    if not url.startswith("redis://"):
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _service_markers(request):
    node = request.node
    if node.get_closest_marker("postgres"):
        require(
            connection.vendor == "postgresql",
            "this test needs PostgreSQL (set DATABASE_URL=postgres://...)",
        )
    if node.get_closest_marker("redis") or node.get_closest_marker("celery_worker"):
        url = redis_url()
        require(
            redis_reachable(url),
            f"this test needs Redis (set CELERY_BROKER_URL=redis://...; now {url!r})",
        )
    if node.get_closest_marker("browser"):
        from tests.browser.harness import AXE_PATH, CHROMIUM, VNU_JAR

        require(os.path.exists(CHROMIUM), f"this test needs Chromium at {CHROMIUM}")
        require(AXE_PATH.exists(), "this test needs axe-core (run `npm ci`)")
        require(VNU_JAR.exists(), "this test needs vnu-jar (run `npm ci`)")
        require(shutil.which("java") is not None, "this test needs Java for the HTML checker")


@pytest.fixture(autouse=True)
def _test_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The hashed-name manifest only exists after collectstatic; tests serve from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _outbox_sends_in_process(request, monkeypatch):
    """Mails queued on commit are sent in this process, as in eager mode, whatever
    CELERY_BROKER_URL says: no test waits for a worker, and no worker started by another test
    sends this test's mails. Tests with a real worker or of the broker path opt out."""
    if request.node.get_closest_marker("celery_worker") or (
        "outbox_via_broker" in request.fixturenames
    ):
        return
    from core.mail import outbox_mail_send
    from core.tasks import send_outbox_mail

    def send_here(args=(), kwargs=None, **options):
        # The task's body, without Celery's eager machinery (it would cache a result backend
        # on the app and break the tests with a real worker).
        outbox_mail_send(mail_id=args[0])

    monkeypatch.setattr(send_outbox_mail, "apply_async", send_here)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffUserFactory()


@pytest.fixture
def partner(db):
    return PartnerFactory()


@pytest.fixture
def contact_user(db, partner):
    from partners.services import contact_add

    user = UserFactory()
    contact_add(partner=partner, user=user)
    return user


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Data migrations' rows (staff group, bodies) are gone after a transactional test flushed
    the database; put them back for every test that uses the database."""
    if not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if "live_server" in request.fixturenames else "db")
    from django.contrib.auth.models import Group

    from accounts.roles import STABSSTELLE_GROUP
    from partners.models import Body
    from partners.reference_data import ensure_bodies
    from portal.legal_defaults import ensure_legal_pages

    Group.objects.get_or_create(name=STABSSTELLE_GROUP)
    ensure_bodies(Body)
    ensure_legal_pages()
