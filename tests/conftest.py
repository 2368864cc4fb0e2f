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


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def redis_url() -> str:
    return settings.CELERY_BROKER_URL or os.environ.get("REDIS_URL", "")


WORKER_BROKER_DATABASE = 7  # 0: default broker, 1: cache, 8-15: per-xdist-worker caches


def worker_broker_url() -> str:
    """The broker of tests with a real worker: a Redis database no other test enqueues to, so
    a worker never meets tasks that tests without a worker left on the default queue."""
    parsed = urlparse(redis_url())
    return parsed._replace(path=f"/{WORKER_BROKER_DATABASE}").geturl()


def reset_celery_connections(app) -> None:
    # The app caches its connection pool, producer pool and result backend; after a change of
    # broker_url they would still point at the old database.
    app._pool = None
    if "amqp" in app.__dict__:
        app.__dict__["amqp"]._producer_pool = None
    app._local.__dict__.pop("backend", None)
    app._backend_cache = None


def use_broker(app, monkeypatch, url: str) -> None:
    """Point the app at another broker. Celery reads CELERY_BROKER_URL from the environment
    before its own settings, so the variable CI sets would win over a settings change."""
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    app.conf.update(broker_url=url)
    reset_celery_connections(app)


@pytest.fixture
def real_celery(monkeypatch):
    """Tasks go to a dedicated, emptied Redis database (for tests with a real worker)."""
    import redis

    from klimaportal.celery import app as celery_app

    url = worker_broker_url()
    redis.Redis.from_url(url).flushdb()
    keys = ("broker_url", "result_backend", "task_always_eager")
    previous = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(result_backend=url, task_always_eager=False)
    use_broker(celery_app, monkeypatch, url)
    yield url
    monkeypatch.undo()
    celery_app.conf.update(previous)
    reset_celery_connections(celery_app)


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
def _one_real_worker_at_a_time(request, tmp_path_factory):
    """Tests with a real Celery worker take turns across the xdist workers: two workers on one
    broker would consume each other's tasks. A file lock, not xdist's loadgroup: that one
    silently stops grouping when pytest changes how node ids are stored (pytest 9.2 did)."""
    if not request.node.get_closest_marker("celery_worker"):
        yield
        return
    import fcntl

    # The parent of the per-worker basetemp is the same for every worker of one run.
    lock_path = tmp_path_factory.getbasetemp().parent / "celery-worker.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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
def latest_schema_afterwards(transactional_db):
    """For tests that migrate backwards: whatever happens, the database ends at the latest
    schema, or every later test in the worker would meet old tables."""
    yield
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


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
    """Data migrations' rows (staff group, bodies, legal pages, default emission factors) are
    gone after a transactional test flushed the database; put them back for every test that
    uses the database, by fixture or by the django_db mark."""
    uses_db = {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if not uses_db and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("transactional_db" if "live_server" in request.fixturenames else "db")
    ensure_reference_data()


def ensure_reference_data() -> None:
    from django.contrib.auth.models import Group

    from accounts.roles import STABSSTELLE_GROUP
    from climate.models import EmissionFactor
    from climate.reference_data import ensure_default_factors
    from partners.models import Body
    from partners.reference_data import ensure_bodies
    from portal.legal_defaults import ensure_legal_pages

    Group.objects.get_or_create(name=STABSSTELLE_GROUP)
    ensure_bodies(Body)
    ensure_legal_pages()
    ensure_default_factors(EmissionFactor)


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The security world (tests/security/world.py) built once per test module and worker,
    inside a transaction that is rolled back when the module is done. Building it costs 2-3 s;
    the URL sweep alone asked for it some 270 times."""
    from django.db import transaction
    from django.test.utils import override_settings

    from tests.security.world import build_world

    media = tmp_path_factory.mktemp("world-media")
    storage = override_settings(MEDIA_ROOT=media)
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        storage.enable()
        atomic.__enter__()
    try:
        with django_db_blocker.unblock():
            ensure_reference_data()
            world = build_world()
        yield world, media
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            storage.disable()


@pytest.fixture
def shared_world(_module_world, db, settings, _test_storage, tmp_path):
    """The module's world for one test: the test runs in a savepoint inside the module's
    transaction (pytest-django's `db`), so what it changes is rolled back before the next
    test; it gets its own copy of the objects and of the world's files (a rollback does not
    bring back a file a test deleted), so nothing leaks to the next test."""
    import copy

    world, media = _module_world
    settings.MEDIA_ROOT = tmp_path / "world-media"
    shutil.copytree(media, settings.MEDIA_ROOT)
    return copy.deepcopy(world)
