"""A fixed-window rate limit in the shared cache (Redis in production)."""

from django.core.cache import cache


def allow(key: str, *, limit: int, period: int) -> bool:
    """Counts one attempt for `key`; False once more than `limit` happened within `period` s."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=period):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=period)
        return True
    return count <= limit


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")
