"""Contribution points: lower apps add to pages and procedures of other apps without being
imported by them. Each app registers its entries in its `AppConfig.ready()`.

- `partner_profile`: callables `(partner) -> dict` merged into the partner profile's context
  (projects contributes the partner's published projects and totals).
- `erasure_steps`: callables `(user) -> str` run when a person's data is erased; they remove
  or anonymise what their app holds about the person and return a note for the audit record.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Registry:
    name: str
    _entries: dict[str, tuple[int, Callable]] = field(default_factory=dict)

    def register(self, key: str, entry: Callable, *, order: int = 100) -> None:
        # Keyed, so a second ready() (tests, autoreload) replaces instead of duplicating.
        self._entries[key] = (order, entry)

    def __iter__(self) -> Iterator[Callable]:
        return (entry for _, entry in sorted(self._entries.values(), key=lambda e: e[0]))

    def keys(self) -> list[str]:
        return [key for key, _ in sorted(self._entries.items(), key=lambda kv: kv[1][0])]


partner_profile = Registry("partner_profile")
erasure_steps = Registry("erasure_steps")
