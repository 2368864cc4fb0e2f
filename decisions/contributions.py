"""What decisions adds to other apps' pages (registered in DecisionsConfig.ready())."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.content_cache import remember
from core.registry import (
    SearchType,
    Section,
    home_sections,
    partner_dashboard_sections,
    search_types,
    staff_dashboard_sections,
)

from . import selectors


def meeting_section(request, meeting, *, page: str) -> str:
    """The decisions taken in the meeting; on the staff page also the link to a new proposal."""
    can_create = (
        page == "manage"
        and request is not None
        and request.user.has_perm("decisions.manage_decisions")
    )
    return render_to_string(
        "decisions/includes/meeting_decisions.html",
        {
            # Decided proposals are content only: kept per generation.
            "meeting_decisions": remember(
                f"decisions.meeting_decisions:{meeting.pk}",
                lambda: list(selectors.meeting_decisions(meeting)),
            ),
            "can_create": can_create,
        },
        request=request,
    )


def home_latest(user) -> Section:
    # The same three for every visitor until the content changes; with their follow-up
    # counts the slowest query of the home page.
    latest = remember("decisions.home_latest", lambda: list(selectors.decision_register()[:3]))
    return Section("decisions/sections/home_latest.html", {"decisions_latest": latest}, column=True)


def partner_dashboard(user, partner) -> Section:
    """Written procedures awaiting the organisation's position (the include asks itself)."""
    return Section("decisions/includes/partner_dashboard.html")


def staff_dashboard(user) -> Section:
    return Section("decisions/includes/staff_dashboard.html")


def register() -> None:
    """The portal's pages (the meeting pages' section is registered in apps.py)."""
    home_sections.register("decisions.latest", home_latest, order=50)
    partner_dashboard_sections.register("decisions", partner_dashboard, order=30)
    staff_dashboard_sections.register("decisions", staff_dashboard, order=40)
    search_types.register(
        "beschluesse",
        SearchType(
            "beschluesse",
            _("Decisions"),
            "decisions.Proposal",
            ("title", "text", "number"),
            "decided_public",
        ),
        order=50,
    )
    # Mail kinds and their notification categories (core.notifications).
    register_mail_kinds()


def register_mail_kinds() -> None:
    """The opening and the reminders of a written procedure always go at once: silence
    counts as consent, so a digest must not swallow the deadline."""
    from core.notifications import register_kind

    register_kind(
        "decision.opened", always_immediate=True, label=_("Opening of a written procedure")
    )
    register_kind(
        "decision.reminder", always_immediate=True, label=_("Reminders of a written procedure")
    )
    register_kind("decision.result", "decisions")
