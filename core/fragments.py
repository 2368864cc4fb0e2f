"""Rendered pieces of pages (a project's card, a decision's row, the options of a long
select), kept in each process until the portal's content changes.

A list page that is filtered, paged or searched differently on every request cannot be cached
whole, but it shows the same projects, partners and decisions again and again: each piece is
rendered once per content generation (core.page_cache, bumped by every statement that writes
a content table, bulk updates included) and then reused by every request and filter that
shows it. The key also holds the language and the day, because pieces show translated texts
and figures that depend on today.

The pieces live in process memory, not in Redis: a page reuses twenty of them, and twenty
round trips would cost more than they save. A new generation drops everything kept for an
older one. During a Redis outage the generation is per process and cannot see other
processes' writes, so nothing is kept and every piece is rendered.

Only what is the same for every visitor may be kept: `{% fragment %}` refuses, when the
template is compiled, a block that reads the request, the user, permissions, messages or a
CSRF token.
"""

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.core.signals import setting_changed
from django.utils import timezone, translation

from .page_cache import generation

T = TypeVar("T")
MAX_ENTRIES = 20_000

_lock = threading.Lock()
_store: dict[tuple, object] = {}
_store_generation: list[int | None] = [None]


def clear() -> None:
    with _lock:
        _store.clear()
        _store_generation[0] = None


def _key(name: str, parts: tuple[Hashable, ...]) -> tuple | None:
    if getattr(cache, "degraded", False):
        return None
    current = generation()
    if _store_generation[0] != current:
        with _lock:
            # Pieces of an older generation can never be asked for again. A request that
            # still holds an older generation than the store renders without keeping.
            if _store_generation[0] is not None and current < _store_generation[0]:
                return None
            if _store_generation[0] != current:
                _store.clear()
                _store_generation[0] = current
    return (
        current,
        translation.get_language() or "",
        timezone.localdate().toordinal(),
        name,
        *parts,
    )


def remember(name: str, parts: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for the same `name` and `parts` in this generation,
    language and day."""
    key = _key(name, parts)
    if key is None:
        return compute()
    try:
        return _store[key]
    except KeyError:
        pass
    value = compute()
    with _lock:
        if _store_generation[0] == key[0]:
            if len(_store) >= MAX_ENTRIES:
                # Oldest first: dicts keep insertion order.
                del _store[next(iter(_store))]
            _store[key] = value
    return value


def is_kept(name: str, parts: tuple[Hashable, ...]) -> bool:
    key = _key(name, parts)
    return key is not None and key in _store


class CardRow:
    """One row of a list whose cards are `{% fragment name row.pk %}`: the template reads it
    like the object (attributes are passed on), which is loaded only when its card is not
    kept, in one query for all of the page's missing cards."""

    __slots__ = ("_load", "_obj", "pk")

    def __init__(self, pk, obj, load):
        self.pk = pk
        self._obj = obj
        self._load = load

    @property
    def obj(self):
        if self._obj is None:
            # The card was dropped between the check and the rendering (a new generation);
            # if the object is gone as well, the template reads nothing (AttributeError).
            self._obj = next(iter(self._load([self.pk])), None)
        return self._obj

    def __getattr__(self, name):
        return getattr(self.obj, name)


def card_rows(
    name: str, pks: list, load: Callable[[list], Iterable], extra: tuple[str, ...] = ()
) -> list[CardRow]:
    """The rows of a page of cards `{% fragment name row.pk *extra %}`, in the order of
    `pks`: objects are loaded with `load(missing_pks)` for the cards not kept for this
    generation, language and day."""
    missing = [pk for pk in pks if not is_kept(name, (str(pk), *extra))]
    loaded = {obj.pk: obj for obj in load(missing)} if missing else {}
    # An object deleted between reading the ids and loading it is left out.
    return [CardRow(pk, loaded.get(pk), load) for pk in pks if pk in loaded or pk not in missing]


def _on_setting_changed(**kwargs) -> None:
    # Tests change settings a piece may show (the contact address, languages).
    clear()


setting_changed.connect(_on_setting_changed, dispatch_uid="fragments-clear")
