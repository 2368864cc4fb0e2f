"""A fixed-window rate limit in the shared cache (Redis in production), keyed on the client's
address as far as it can be trusted."""

import ipaddress

from django.conf import settings
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
    """The address of the client. Without a trusted proxy (TRUSTED_PROXY_COUNT = 0) that is
    REMOTE_ADDR and X-Forwarded-For is ignored, because anyone can send it. Behind n proxies that
    each append the address they saw, it is the n-th entry from the right of X-Forwarded-For
    (entries further left were written by the client and cannot be trusted). A header with fewer
    entries or an invalid one falls back to REMOTE_ADDR."""
    remote = _clean(request.META.get("REMOTE_ADDR", "")) or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return _clean(forwarded[-count]) or remote


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
