"""What projects adds to the portal's composed pages (registered in ProjectsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from core.content_cache import remember
from core.registry import (
    SearchType,
    Section,
    home_figures,
    partner_dashboard_sections,
    search_types,
    staff_dashboard_sections,
)

from . import reporting, selectors


def home_totals(user) -> Section:
    """Published projects, their expected and their achieved reduction."""
    totals = remember("projects.totals", selectors.totals)
    return Section("projects/sections/home_figures.html", {"project_totals": totals})


def dashboard_projects(user, partner) -> Section:
    # The partner's counts and latest projects, like the sections below, depend on the
    # content (and the day) only: kept per partner and content generation.
    return Section(
        "projects/sections/dashboard_projects.html",
        remember(
            f"projects.dashboard_projects:{partner.pk}",
            lambda: {
                "project_counts": selectors.partner_publication_counts(partner),
                "recent_projects": list(selectors.partner_projects(partner)[:5]),
            },
            per_language=True,
        ),
    )


def dashboard_participation_requests(user, partner) -> Section | None:
    """Invitations to take part in other partners' projects, to confirm or decline."""
    requests = [
        request
        for request in remember(
            f"projects.participation_requests:{partner.pk}",
            lambda: selectors.participation_requests(partner),
            per_language=True,
        )
        if user.has_perm("projects.confirm_participation", request)
    ]
    if not requests:
        return None
    return Section(
        "projects/sections/dashboard_participation_requests.html",
        {"participation_requests": requests},
    )


def staff_review(user) -> Section:
    return Section(
        "projects/sections/staff_review.html",
        {
            "project_queue": remember(
                "projects.review_queue_head", lambda: list(selectors.review_queue()[:10])
            ),
            "project_recent": selectors.recent_changes(limit=5),
        },
    )


def dashboard_reporting(user, partner) -> Section | None:
    """The current reporting year: which of the partner's projects still owe a report."""
    if partner is None or not user.has_perm("projects.view_reporting", partner):
        return None
    status = remember(
        f"projects.partner_reporting:{partner.pk}",
        lambda: reporting.partner_reporting(partner),
        per_language=True,
    )
    if not status.partners:
        return None
    return Section(
        "projects/reporting/dashboard_section.html",
        {"reporting": status, "reporting_partner": status.partners[0]},
    )


def staff_reporting(user) -> Section | None:
    """How many partners and projects have reported for the current reporting year."""
    if not user.has_perm("projects.view_reporting_compliance"):
        return None
    return Section(
        "projects/reporting/staff_section.html",
        {"reporting": reporting.kept_compliance_summary(reporting.reporting_year())},
    )


def register() -> None:
    home_figures.register("projects.totals", home_totals, order=20)
    partner_dashboard_sections.register(
        "projects.participation_requests", dashboard_participation_requests, order=15
    )
    partner_dashboard_sections.register("projects.projects", dashboard_projects, order=20)
    staff_dashboard_sections.register("projects.review", staff_review, order=20)
    partner_dashboard_sections.register("projects.reporting", dashboard_reporting, order=18)
    staff_dashboard_sections.register("projects.reporting", staff_reporting, order=22)
    search_types.register(
        "projekte",
        SearchType(
            "projekte",
            _("Projects"),
            "projects.Project",
            ("title", "summary", "description"),
            "published",
            guarded=(("lead_partner__name", "lead_partner__public_listing"),),
            vector_field="search_vector",
        ),
        order=10,
    )
    # Mail kinds and their notification categories (core.notifications).
    register_mail_kinds()


def register_mail_kinds() -> None:
    """Review results and invitations to take part always go at once; the rest of the
    review follows the person's choice for "project review"."""
    from core.notifications import register_kind

    for kind, label in (
        ("project.published", _("Review results")),
        ("project.returned", _("Review results")),
        ("project.revision_approved", _("Review results")),
        ("project.revision_returned", _("Review results")),
        ("project.participation_invited", _("Invitations to take part in a project")),
    ):
        register_kind(kind, always_immediate=True, label=label)
    for kind in (
        "project.submitted",
        "project.unpublished",
        "project.revision_submitted",
        "project.participation_confirmed",
        "project.participation_declined",
        "reporting.reminder",
        "reporting.staff_notice",
    ):
        register_kind(kind, "projects")
