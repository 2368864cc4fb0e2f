"""Settings come from the environment; production values pass `check --deploy` cleanly."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7$kq9!vZp2@Lr8#Nw4^Tb6&Hm1*Yc3(Jd5)Fg0_Ue-Ks+Qa=Wo{Ei}Rn[Pl]Sx",
    "ALLOWED_HOSTS": "klimaschutz.magdeburg.example",
    "DATABASE_URL": "sqlite:////tmp/klimaportal-deploy-check.sqlite3",
}

# Set for the test process (pytest-env, CI, the browser harness); a deployment has none of them.
TEST_ONLY_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "ALLOWED_HOSTS",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_value(expr: str, env: dict[str, str]) -> object:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expr}, default=str))"
    )
    clean_env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "klimaportal.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_check_deploy_with_production_values_has_no_warnings():
    proc = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "System check identified no issues" in proc.stdout


def test_secret_key_is_required_when_debug_is_off():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    proc = run_manage("check", env=env)
    assert proc.returncode != 0
    assert "SECRET_KEY must be set" in proc.stderr


def test_defaults_are_sqlite_and_eager_celery():
    value = settings_value(
        "[settings.DATABASES['default']['ENGINE'], str(settings.DATABASES['default']['NAME']),"
        " settings.CELERY_TASK_ALWAYS_EAGER, settings.EMAIL_BACKEND,"
        " settings.CACHES['default']['BACKEND']]",
        env={"DEBUG": "1"},
    )
    engine, name, eager, email_backend, cache_backend = value
    assert engine == "django.db.backends.sqlite3"
    assert name.endswith("var/db.sqlite3")
    assert eager is True
    assert email_backend == "django.core.mail.backends.console.EmailBackend"
    # allauth's rate limits need a real cache, never the dummy one.
    assert cache_backend == "django.core.cache.backends.locmem.LocMemCache"


def test_services_are_taken_from_the_environment():
    value = settings_value(
        "[settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['HOST'],"
        " settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL, settings.EMAIL_BACKEND,"
        " settings.EMAIL_HOST, settings.CACHES['default']['BACKEND'], settings.ALLOWED_HOSTS,"
        " settings.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'],"
        " settings.CELERY_TASK_TIME_LIMIT, settings.CELERY_TASK_SOFT_TIME_LIMIT]",
        env={
            "DEBUG": "0",
            "SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"],
            "ALLOWED_HOSTS": "a.example,b.example",
            "DATABASE_URL": "postgres://portal:secret@db.internal:5432/klimaportal",
            "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
            "CACHE_URL": "redis://redis.internal:6379/1",
            "EMAIL_HOST": "smtp.example",
        },
    )
    (
        engine,
        host,
        eager,
        broker,
        email_backend,
        email_host,
        cache,
        hosts,
        visibility,
        hard,
        soft,
    ) = value
    assert engine == "django.db.backends.postgresql"
    assert host == "db.internal"
    assert eager is False
    assert broker == "redis://redis.internal:6379/0"
    assert email_backend == "django.core.mail.backends.smtp.EmailBackend"
    assert email_host == "smtp.example"
    assert cache == "core.cache.ResilientRedisCache"  # RedisCache with an outage fallback
    assert hosts == ["a.example", "b.example"]
    # A long task must never be redelivered while it still runs.
    assert soft < hard < visibility
