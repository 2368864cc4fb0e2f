"""Figures derived from the whole alliance (totals, the contribution, the target path), kept
until the portal's content changes.

The key holds the content generation of core.page_cache, which every statement writing a
content table bumps (bulk updates included), and the day, because several figures depend on
today's date (the last complete year, projects stopped before today). During a Redis outage
the generation is per process, so nothing is kept and every figure is computed.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone, translation

from .page_cache import generation

T = TypeVar("T")
TIMEOUT_SECONDS = 600
_MISSING = object()


def remember(name: str, compute: Callable[[], T], *, per_language: bool = False) -> T:
    """`compute()`, or what it gave for the same content, day (and language) before."""
    if getattr(cache, "degraded", False):
        return compute()
    parts = [name, str(generation()), timezone.localdate().isoformat()]
    if per_language:
        parts.append(translation.get_language() or "")
    key = "content:" + ":".join(parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT_SECONDS)
    return value
