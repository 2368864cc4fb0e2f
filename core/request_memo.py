"""Reads that several parts of one page ask for (the current declaration, a partner's
bodies), done once per request.

A dashboard is put together from sections of several apps, and each section asks the
selectors it needs; without this, the same row was read two or three times per page. The memo
lives for one request of one thread (it is on only between request_started and
request_finished, so tasks and commands always read afresh) and is forgotten as soon as this
thread writes content (core.page_cache.bump_generation), so a page rendered after a POST never
shows what was read before the write.
"""

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
_local = threading.local()


def start(**kwargs) -> None:
    _local.memo = {}


def stop(**kwargs) -> None:
    _local.memo = None


def forget() -> None:
    if getattr(_local, "memo", None):
        _local.memo = {}


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for `key` earlier in this request."""
    memo = getattr(_local, "memo", None)
    if memo is None:
        return compute()
    try:
        return memo[key]
    except KeyError:
        value = memo[key] = compute()
        return value
