"""Short-lived cache of public pages for anonymous visitors.

Anonymous responses of public pages are kept for PAGE_CACHE_SECONDS and sent with
`Cache-Control: public`. Every statement that writes a table of the portal's apps bumps a content
generation that is part of the cache key, so a change shows on the next request. Requests with
a session or flash messages, and responses that set a cookie (forms with a CSRF token), are
never cached. The Host header is validated before a cached answer and is part of the key.
"""

import hashlib
import re
import threading
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

from . import request_memo

GENERATION_KEY = "page-cache:generation"
EXCLUDED_PREFIXES = (
    "/konto/",
    "/mein-bereich/",
    "/stabsstelle/",
    "/admin/",
    "/healthz",
    "/suche/",
    "/media/",
    "/static/",
)
CONTENT_APPS = {
    "partners",
    "projects",
    "meetings",
    "decisions",
    "news",
    "reports",
    "climate",
    "portal",
    "newsletter",
}


# A page asks for the generation several times (the page cache, each kept figure); within
# one request of one thread it is read from Redis once. Outside requests (tasks, commands)
# nothing is remembered, and a write in this thread forgets it at once.
_request_local = threading.local()


def remember_generation_in_request(**kwargs) -> None:
    _request_local.in_request = True
    _request_local.generation = None


def forget_generation_after_request(**kwargs) -> None:
    _request_local.in_request = False
    _request_local.generation = None


def generation() -> int:
    remembered = getattr(_request_local, "generation", None)
    if remembered is not None:
        return remembered
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    if getattr(_request_local, "in_request", False):
        _request_local.generation = value
    return value


def bump_generation() -> None:
    _request_local.generation = None
    request_memo.forget()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)


def _first_generation() -> int:
    """Microseconds since 1970: when the cache lost the generation (a Redis restart, a
    flush), a new one still lies above every earlier one, so pieces that processes keep in
    memory (core.fragments) under an earlier generation are never taken for current."""
    return time.time_ns() // 1000


# SQLite's many-to-many add() and bulk_create(ignore_conflicts=True) write "INSERT OR IGNORE".
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE
)
_content_tables: frozenset[str] = frozenset()
# A login writes the account's last_login and nothing else; no page shows it, and a new
# generation on every login would throw away every kept piece many times an hour.
_LAST_LOGIN_ONLY: re.Pattern[str] = re.compile(r"(?!)")


def collect_content_tables() -> None:
    """The tables of CONTENT_APPS, their many-to-many and history tables included, the
    accounts, and the groups with their members.

    Accounts count because pages keep what names them (the people of a meeting's attendance
    list, a contact list, an action item's responsible person); who belongs to the
    Stabsstelle is kept per generation (core.rules.in_staff_group), so adding or removing a
    member must start a new one.
    """
    global _content_tables, _LAST_LOGIN_ONLY
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    user_table = user_model._meta.db_table
    account_tables = {
        user_table,
        user_model.groups.through._meta.db_table,
        user_model.groups.field.related_model._meta.db_table,
    }
    _content_tables = frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CONTENT_APPS
    ) | frozenset(account_tables)
    table = re.escape(user_table)
    _LAST_LOGIN_ONLY = re.compile(
        rf'^\s*UPDATE\s+"?{table}"?\s+SET\s+"?last_login"?\s*=\s*(?:%s|\?)\s+'  # noqa: S608 - a regex, not SQL
        rf'WHERE\s+"?{table}"?\."?id"?\s*=\s*(?:%s|\?)\s*$',
        re.IGNORECASE,
    )


def watch_content_writes(execute, sql, params, many, context):
    """Database execute wrapper: every statement that writes a content table starts a new
    generation, once when it runs and once more when its transaction commits (a page rendered
    in between still saw the old rows). Statements, not model signals, so bulk updates,
    bulk inserts and raw SQL through Django invalidate as well as save() does."""
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql) if sql.lstrip()[:1] in ("I", "U", "D", "i", "u", "d") else None
    if match and match.group(1) in _content_tables and not _LAST_LOGIN_ONLY.match(sql):
        bump_generation()
        connection = context["connection"]
        if connection.in_atomic_block and not any(
            entry[1] is bump_generation for entry in connection.run_on_commit
        ):
            connection.on_commit(bump_generation)
    return result


def install_write_watcher(sender=None, connection=None, **kwargs) -> None:
    if connection is not None and watch_content_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_content_writes)


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # During a Redis outage the cache is per process: render instead of serving what one
        # worker happened to keep (core.cache).
        if not is_cacheable_request(request) or getattr(cache, "degraded", False):
            return self.get_response(request)
        if not settings.PAGE_CACHE_SECONDS:
            # Switched off: no page is kept, so asking Redis for one costs two round trips.
            response = self.get_response(request)
            if self._cacheable_response(request, response):
                patch_cache_control(response, public=True, max_age=0)
            return response
        # Host validation first, as without the cache (a foreign Host gets 400 from
        # DisallowedHost); the key has scheme and host, so no page is answered for another one.
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = f"page-cache:{generation()}:{hashlib.sha256(url.encode()).hexdigest()}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if self._cacheable_response(request, response):
            seconds = settings.PAGE_CACHE_SECONDS
            patch_cache_control(response, public=True, max_age=seconds)
            if seconds:
                cache.set(key, response, timeout=seconds)
        return response

    @staticmethod
    def _cacheable_response(request, response) -> bool:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        return (
            response.status_code == 200
            and user is not None
            and not user.is_authenticated
            and not (session is not None and session.modified)
            and not response.cookies
            and not response.streaming
            and not response.has_header("Cache-Control")
        )
