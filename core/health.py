"""State of the services the portal depends on, for /healthz."""

from celery import current_app as celery_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ok" for the probe
        return f"error: {exc.__class__.__name__}"
    return "ok"


def broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    try:
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"
    return "ok"


def cache_state() -> str:
    """ "ok" when the shared cache answers, "local" for the in-process cache of a first run."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"
    return "ok" if ping() else "error: unreachable (pages render uncached)"
