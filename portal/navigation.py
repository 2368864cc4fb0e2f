"""The public sections shown in the main navigation.

A section appears once its app provides the URL, so the navigation never links to a page
that does not exist yet.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


PUBLIC_SECTIONS = [
    ("home", _("Home")),
    ("news:list", _("News")),
    ("projects:list", _("Projects")),
    ("partners:directory", _("Partners")),
    ("partners:declaration", _("Declaration")),
    ("meetings:bodies", _("Working groups")),
    ("meetings:list", _("Meetings")),
    ("decisions:register", _("Decisions")),
    ("climate:balance", _("City balance")),
    ("climate:methods", _("Methods")),
    ("reports:public_list", _("Reports")),
    ("search", _("Search")),
]


def public_navigation() -> list[NavItem]:
    # Every page shows it: the URLs are reversed once per URLconf and script prefix.
    return list(
        _navigation(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
    )


@lru_cache(maxsize=32)
def _navigation(urlconf: str, prefix: str, language: str | None) -> tuple[NavItem, ...]:
    items = []
    for url_name, label in PUBLIC_SECTIONS:
        try:
            items.append(NavItem(label=label, url=reverse(url_name, urlconf=urlconf)))
        except NoReverseMatch:
            continue
    return tuple(items)


def _forget(**kwargs) -> None:
    _navigation.cache_clear()


# Tests swap URLconfs and settings; a cached navigation must not outlive them.
setting_changed.connect(_forget, dispatch_uid="navigation-forget")
