"""Contribution points: lower apps add to pages and procedures of other apps without being
imported by them. Each app registers its entries in its `AppConfig.ready()`; the page that
shows them renders what is registered, in order, and names no app.

- `partner_profile`: callables `(partner) -> dict` merged into the partner profile's context
  (projects contributes the partner's published projects and totals).
- `erasure_steps`: callables `(user) -> str` run when a person's data is erased; they remove
  or anonymise what their app holds about the person and return a note for the audit record.
- `home_sections`: callables `(user) -> Section | None`, the sections of the home page (the
  target path, latest news, next meetings, latest decisions, ...). Sections with
  `column=True` stand side by side with their neighbours.
- `home_figures`: callables `(user) -> Section | None` rendering `<li>` items of the key
  figures ("The alliance in figures": active partners, projects and their reductions).
- `partner_dashboard_sections`: callables `(user, partner) -> Section | None`, the sections
  of /mein-bereich/ for a contact of `partner`.
- `staff_dashboard_sections`: callables `(user) -> Section | None`, the sections of
  /stabsstelle/.
- `search_types`: `SearchType` entries, the kinds of objects the site search finds.
- `mail_kinds`: `core.notifications.MailKind` entries keyed by an outbox mail's `kind`: the
  notification category a person's preferences apply to, or that it always goes at once.
  A kind nobody registered is delivered immediately.
- `account_sections`: callables `(user) -> Section | None`, sections of the person's own
  account page (/konto/meine-daten/), e.g. the notification preferences.

A provider returns None when its section does not apply to the user (the page leaves it out).
Providers of one page should together use a fixed number of queries: public pages and the
dashboards keep a constant query count however much data there is.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Registry:
    name: str
    _entries: dict[str, tuple[int, Any]] = field(default_factory=dict)

    def register(self, key: str, entry: Callable | Any, *, order: int = 100) -> None:
        # Keyed, so a second ready() (tests, autoreload) replaces instead of duplicating.
        self._entries[key] = (order, entry)

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def __iter__(self) -> Iterator[Any]:
        return (entry for _, entry in sorted(self._entries.values(), key=lambda e: e[0]))

    def keys(self) -> list[str]:
        return [key for key, _ in sorted(self._entries.items(), key=lambda kv: kv[1][0])]


@dataclass(frozen=True)
class Section:
    """A part of a composed page: the template that renders it and that template's context
    (added to the page's context, so `user`, `request` and `{% has_perm %}` work as usual)."""

    template: str
    context: dict = field(default_factory=dict)
    # Home page: consecutive column sections share one grid row.
    column: bool = False


@dataclass(frozen=True)
class SearchType:
    """One kind of result of the site search; `key` is the value of the `typ` parameter."""

    key: str
    label: str
    model: str  # "app_label.Model"
    fields: tuple[str, ...]  # first one is the title
    public: str  # name of the queryset method that limits to public objects
    # (lookup, guard): a related field that also finds the object, but only where the boolean
    # `guard` lookup is true, e.g. ("lead_partner__name", "lead_partner__public_listing"): a
    # project is found by its partner's name only if that name may be shown.
    guarded: tuple[tuple[str, str], ...] = ()
    # A stored full-text vector of `fields` kept current by PostgreSQL (with a GIN index);
    # without one the search computes the vector of every row on every query.
    vector_field: str | None = None


def sections(registry: Registry, *args) -> list[Section]:
    """The sections the providers of `registry` return for `args`, in order (None dropped)."""
    found = []
    for provider in registry:
        section = provider(*args)
        if section is not None:
            found.append(section)
    return found


partner_profile = Registry("partner_profile")
erasure_steps = Registry("erasure_steps")
home_sections = Registry("home_sections")
home_figures = Registry("home_figures")
partner_dashboard_sections = Registry("partner_dashboard_sections")
staff_dashboard_sections = Registry("staff_dashboard_sections")
search_types = Registry("search_types")
mail_kinds = Registry("mail_kinds")
account_sections = Registry("account_sections")
