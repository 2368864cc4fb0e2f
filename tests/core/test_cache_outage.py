"""A Redis outage costs speed, not availability (#21): the portal runs on the production command
line (gunicorn, DEBUG off) against a Redis of its own; that Redis is stopped mid-test. Public
pages still render, a person can still log in (the rate limit counts per process meanwhile),
/healthz answers 503 naming the cache, and once Redis is back everything is as before."""

import http.cookiejar
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from core.cache import ResilientRedisCache
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "ein-sicheres-passwort-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def start_redis(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert wait_for(
        lambda: socket.create_connection(("127.0.0.1", port), timeout=0.5).close() or True
    )
    return server


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def get(self, path: str):
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310 - loopback http

    def post(self, path: str, data: dict):
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback http
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        return self._open(request)

    def _open(self, request):
        try:
            response = self.opener.open(request, timeout=15)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read().decode()
        return response.status, response.headers, response.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_portal_survives_a_redis_outage(tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is needed for this test", pytrace=False)
    user = UserFactory()
    # The server checks passwords with its own hashers; a cheap PBKDF2 hash is one of them.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "salzsalzsalz", iterations=1000)
    user.save()

    redis_port, web_port = free_port(), free_port()
    redis = start_redis(redis_port)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "outage-test-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CELERY_BROKER_URL": "",
        "PAGE_CACHE_SECONDS": "60",
        "STATIC_ROOT": str(tmp_path / "static"),
        "STATIC_COMPRESS": "0",  # the gzip/brotli copies cost a minute and prove nothing here
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    web = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "klimaportal.wsgi:application",
            "--bind",
            f"127.0.0.1:{web_port}",
            "--workers",
            "1",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    browser = Browser(f"http://127.0.0.1:{web_port}")
    try:
        assert wait_for(lambda: browser.get("/healthz/live")[0] == 200)
        assert browser.get("/")[0] == 200
        status, _headers, body = browser.get("/healthz")
        assert status == 200, body
        assert '"cache": "ok"' in body

        stop(redis)

        for path in ("/", "/projekte/", "/partner/", "/konto/login/"):
            status, _headers, body = browser.get(path)
            assert status == 200, (path, body[:500])
        status, _headers, body = browser.get("/healthz")
        assert status == 503
        assert '"cache": "error' in body
        status, headers, _body = browser.post(
            "/konto/login/", {"login": user.email, "password": PASSWORD}
        )
        assert status == 302, _body[:500]
        assert headers["Location"] != "/konto/login/"
        assert browser.get("/mein-bereich/")[0] in (200, 302, 403)

        redis = start_redis(redis_port)
        assert wait_for(lambda: browser.get("/healthz")[0] == 200)
        assert browser.get("/projekte/")[0] == 200
    finally:
        stop(web)
        stop(redis)
    log = web.stderr.read()
    assert "Traceback" not in log, log
    assert "Cache (Redis) unreachable" in log


def test_fallback_counts_per_process_while_redis_is_unreachable(caplog):
    """Unit level: a cache pointed at a closed port answers from its fallback, logs once."""
    cache = ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.add("k", 1, timeout=60) is True
        assert cache.incr("k") == 2
        assert cache.get("k") == 2
        assert cache.degraded
        assert cache.ping() is False
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1
    assert re.search(r"fallback", caplog.text)
