"""Figures derived from the whole alliance (totals, the contribution, the target path), kept
until the portal's content changes.

The key holds the content generation of core.page_cache, which every statement writing a
content table bumps (bulk updates included), and the day, because several figures depend on
today's date (the last complete year, projects stopped before today). During a Redis outage
the generation is per process, so nothing is kept and every figure is computed.

Each process also keeps what it read from Redis for the current generation (core.fragments'
store), so a page asks Redis only for the generation, not again for every figure. It keeps the
pickled value and unpickles it per request: every caller gets its own copy, as from Redis, and
may change it.
"""

import pickle
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone, translation

from . import fragments
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

    def shared() -> bytes:
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            cache.set(key, value, timeout=TIMEOUT_SECONDS)
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    # The process store's key holds the generation, the language and the day already.
    return pickle.loads(fragments.remember(key, (), shared))  # noqa: S301 - our own pickle
