"""The two personal start pages: /mein-bereich/ for partner contacts, /stabsstelle/ for staff.

The apps register their sections in `core.registry` (partner_dashboard_sections,
staff_dashboard_sections); the views render what is registered, in order. The partner area
asks partners only whom it belongs to.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.generic import TemplateView

from core.permissions import PermissionGateMixin, require_perm
from core.registry import partner_dashboard_sections, sections, staff_dashboard_sections
from partners.selectors import partner_of


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

    def refused_response(self, request):
        # A person who acts for no organisation yet learns how to get one (register it, or
        # open the invitation link) instead of a bare 403. Staff (superusers included) have
        # no partner area: they keep the 403.
        if request.method not in ("GET", "HEAD"):
            return None
        if request.user.has_perm("accounts.view_staff_dashboard"):
            return None
        return TemplateResponse(request, "portal/no_partner.html")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = partner_of(self.request.user)
        context["partner"] = partner
        context["sections"] = sections(partner_dashboard_sections, self.request.user, partner)
        return context


class StaffDashboardView(PermissionGateMixin, TemplateView):
    permission_required = "accounts.view_staff_dashboard"
    template_name = "portal/staff_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = sections(staff_dashboard_sections, self.request.user)
        return context
