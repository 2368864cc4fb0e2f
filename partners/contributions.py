"""What partners adds to the portal's composed pages (registered in PartnersConfig.ready())."""

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

from .models import Declaration
from .naming import active_partner_counts
from .selectors import (
    partner_status_counts,
    partners_without_project,
    pending_registrations,
    profile_commitment_status,
    signatures_awaiting_confirmation,
    signing_state,
)


def home_active_partners(user) -> Section:
    """All active partners, and how many of them the directory cannot name (no consent)."""
    counts = active_partner_counts()
    return Section(
        "partners/sections/home_figures.html",
        {"active_partners": counts.active, "partner_counts": counts},
    )


def dashboard_status(user, partner) -> Section:
    """The partner's commitments: signature of the declaration and projects."""
    current = Declaration.objects.current()
    needs_signature, pending_signature = signing_state(partner, current)
    return Section(
        "partners/sections/dashboard_status.html",
        {
            "status": profile_commitment_status(partner),
            "current_declaration": current,
            "needs_signature": needs_signature,
            "pending_signature": pending_signature,
        },
    )


def dashboard_organisation(user, partner) -> Section:
    return Section(
        "partners/sections/dashboard_organisation.html",
        {
            # Contacts and their accounts are content: kept per partner and generation.
            "contacts": remember(
                f"partners.dashboard_contacts:{partner.pk}",
                lambda: list(partner.contacts.select_related("user").order_by("joined_at")),
            )
        },
    )


def staff_counts(user) -> Section:
    counts = remember("partners.status_counts", partner_status_counts)
    return Section("partners/sections/staff_counts.html", {"partner_status_counts": counts})


def _staff_work() -> dict:
    return {
        "signatures_to_confirm": list(signatures_awaiting_confirmation()),
        "pending_registrations": list(pending_registrations()),
        "partners_without_project": partners_without_project(),
    }


def staff_work(user) -> Section:
    """Signatures to confirm, registrations not yet signed, active partners without a
    project, the declaration: the same for all staff, kept per content generation and day."""
    return Section(
        "partners/sections/staff_work.html", remember("partners.staff_work", _staff_work)
    )


def register() -> None:
    home_figures.register("partners.active", home_active_partners, order=10)
    partner_dashboard_sections.register("partners.status", dashboard_status, order=10)
    partner_dashboard_sections.register("partners.organisation", dashboard_organisation, order=90)
    staff_dashboard_sections.register("partners.counts", staff_counts, order=10)
    staff_dashboard_sections.register("partners.work", staff_work, order=70)
    search_types.register(
        "partner",
        SearchType("partner", _("Partners"), "partners.Partner", ("name", "description"), "listed"),
        order=20,
    )
