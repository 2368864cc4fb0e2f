"""The two personal start pages: /mein-bereich/ for partner contacts, /stabsstelle/ for staff.

Each app contributes its sections through its selectors; the views only assemble them.
"""

from django.shortcuts import redirect
from django.views.generic import TemplateView

from core.permissions import PermissionGateMixin, require_perm
from meetings import selectors as meeting_selectors
from partners.models import Declaration, Partner
from partners.selectors import (
    commitment_status,
    partner_of,
    partner_status_counts,
    partners_without_project,
    pending_registrations,
    signatures_awaiting_confirmation,
)
from projects import selectors as project_selectors
from reports.selectors import staff_dashboard as reports_dashboard

from .outbox import failed_mails_section


@require_perm("accounts.open_dashboard")
def dashboard_redirect(request):
    """Where a user lands after logging in: the start page of their role."""
    if request.user.has_perm("accounts.view_staff_dashboard"):
        return redirect("staff_dashboard")
    if request.user.has_perm("accounts.view_partner_dashboard"):
        return redirect("partner_dashboard")
    # An account without an organisation exists to register one.
    return redirect("partners:register")


class PartnerDashboardView(PermissionGateMixin, TemplateView):
    permission_required = "accounts.view_partner_dashboard"
    template_name = "portal/partner_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = partner_of(self.request.user)
        current = Declaration.objects.current()
        context["partner"] = partner
        context["status"] = commitment_status(Partner.objects.filter(pk=partner.pk))[0]
        context["current_declaration"] = current
        context["needs_signature"] = (
            bool(current) and not partner.signatures.filter(declaration=current).exists()
        )
        context["pending_signature"] = partner.signatures.filter(confirmed_at__isnull=True).first()
        context["contacts"] = partner.contacts.select_related("user").order_by("joined_at")
        context["project_counts"] = project_selectors.partner_publication_counts(partner)
        context["recent_projects"] = project_selectors.partner_projects(partner)[:5]
        context.update(meeting_selectors.partner_dashboard(partner, self.request.user))
        return context


class StaffDashboardView(PermissionGateMixin, TemplateView):
    permission_required = "accounts.view_staff_dashboard"
    template_name = "portal/staff_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partner_status_counts"] = partner_status_counts()
        context["pending_registrations"] = pending_registrations()
        context["signatures_to_confirm"] = signatures_awaiting_confirmation()
        context["partners_without_project"] = partners_without_project()
        context["project_queue"] = project_selectors.review_queue()[:10]
        context["project_recent"] = project_selectors.recently_changed(limit=5)
        context.update(meeting_selectors.staff_dashboard(self.request.user))
        context.update(reports_dashboard(self.request.user))
        context.update(failed_mails_section(self.request.user))
        return context
