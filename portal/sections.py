"""The portal's own sections of its composed pages, and how it lays out what apps register.

The pages name no app: home, /mein-bereich/ and /stabsstelle/ render the sections registered
in `core.registry`, in order.
"""

from dataclasses import dataclass

from core.registry import (
    Section,
    home_figures,
    home_sections,
    sections,
    staff_dashboard_sections,
)

from .outbox import failed_mails_section


@dataclass(frozen=True)
class Row:
    """A full-width section, or several column sections side by side (a grid)."""

    sections: list[Section]
    grid: bool


def rows(found: list[Section]) -> list[Row]:
    result: list[Row] = []
    for section in found:
        if section.column and result and result[-1].grid:
            result[-1].sections.append(section)
        else:
            result.append(Row(sections=[section], grid=section.column))
    return result


def key_figures(user) -> Section | None:
    figures = sections(home_figures, user)
    if not figures:
        return None
    return Section("portal/sections/key_figures.html", {"figures": figures})


def failed_mails(user) -> Section | None:
    context = failed_mails_section(user)
    if not context:
        return None
    return Section("portal/includes/failed_mails.html", context)


def public_portal(user) -> Section:
    return Section("portal/sections/public_portal.html")


def register() -> None:
    home_sections.register("portal.key_figures", key_figures, order=10)
    staff_dashboard_sections.register("portal.failed_mails", failed_mails, order=60)
    staff_dashboard_sections.register("portal.public_portal", public_portal, order=200)
