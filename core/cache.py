"""The shared cache (Redis in production) without making Redis a single point of failure.

A Redis outage must cost speed, not availability. `ResilientRedisCache` is Django's RedisCache
whose every operation falls back to a cache in this process when Redis cannot be reached: the
rate limits (the portal's and allauth's) keep counting per process, so logging in keeps working
and is still limited; the page cache sees `degraded` and renders pages uncached instead of
serving what one process happened to keep. A warning is logged when Redis goes away and when it
is back. After a failure Redis is not asked again for `RETRY_SECONDS`, so an outage does not add
a connection timeout to every request. When it is back, the registered recovery callbacks run
(the page cache starts a new content generation: what changed during the outage must show).
"""

import logging
import threading
import time
from collections.abc import Callable

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# Connection attempts give up quickly: a page waits at most this long for a dead Redis.
SOCKET_TIMEOUT_SECONDS = 0.5

try:  # redis-py's errors; socket-level failures arrive as OSError subclasses too
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - the redis package comes with the Redis backend
    RedisError = OSError  # type: ignore[misc,assignment]

FAILURES = (RedisError, ConnectionError, TimeoutError, OSError)
_recovery_callbacks: list[Callable[[], None]] = []


def on_recovery(callback: Callable[[], None]) -> None:
    """Run `callback` in a process when its cache reaches Redis again after an outage."""
    if callback not in _recovery_callbacks:
        _recovery_callbacks.append(callback)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client builds a new redis-py client (with its table of response
    callbacks) for every operation; one per connection pool does: redis-py clients are
    thread-safe and share the pool's connections. That was a fifth of the time a page spent
    on reading the content generation and its kept figures."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        try:
            return self._clients[id(pool)]
        except KeyError:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
            return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        self._fallback = LocMemCache(f"fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT")})
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._lock = threading.Lock()

    @property
    def degraded(self) -> bool:
        """True while Redis is unreachable: what is cached now lives only in this process."""
        return self._down_since is not None

    def _call(self, name: str, *args, **kwargs):
        if self._down_since is not None and time.monotonic() < self._retry_at:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except FAILURES as exc:
            self._went_down(exc)
            return getattr(self._fallback, name)(*args, **kwargs)
        if self._down_since is not None:
            self._came_back()
        return result

    def _went_down(self, exc: BaseException) -> None:
        with self._lock:
            first = self._down_since is None
            if first:
                self._down_since = time.monotonic()
            self._retry_at = time.monotonic() + RETRY_SECONDS
        if first:
            logger.warning(
                "Cache (Redis) unreachable, using a per-process fallback: %s",
                exc.__class__.__name__,
            )

    def _came_back(self) -> None:
        with self._lock:
            if self._down_since is None:
                return
            outage = time.monotonic() - self._down_since
            self._down_since = None
        logger.warning("Cache (Redis) reachable again after %.0f s", outage)
        self._fallback.clear()
        for callback in list(_recovery_callbacks):
            try:
                callback()
            except Exception:  # noqa: BLE001 - one failing callback must not break the request
                logger.exception("Cache recovery callback failed")

    def ping(self) -> bool:
        """Whether Redis answers now (for /healthz), without the retry pause."""
        try:
            self._cache.get_client(write=False).ping()
        except FAILURES:
            return False
        return True

    # The operations Django's cache API offers, each with the fallback.
    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self, *args, **kwargs):
        return self._call("clear", *args, **kwargs)
