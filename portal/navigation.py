"""The public sections shown in the main navigation.

A section appears once its app provides the URL, so the navigation never links to a page
that does not exist yet.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
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
    items = []
    for url_name, label in PUBLIC_SECTIONS:
        try:
            items.append(NavItem(label=label, url=reverse(url_name)))
        except NoReverseMatch:
            continue
    return items
