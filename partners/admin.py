from django.contrib import admin

from core.admin_tools import ReadOnlyAdminMixin, ReadOnlyInline

from .models import Body, Contact, Membership, Partner


class ContactInline(ReadOnlyInline):
    model = Contact
    raw_id_fields = ["user"]


# Read-only: registration, signing, confirmation and withdrawal go through partners/services.py.
@admin.register(Partner)
class PartnerAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "status"]
    list_filter = ["status"]
    search_fields = ["name"]
    inlines = [ContactInline]


@admin.register(Body)
class BodyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "position"]
    readonly_fields = ["slug", "kind"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: proposing, confirming and ending go through the meetings services (mails,
    one open membership per person) on the portal's pages."""

    list_display = ["body", "partner", "representative", "role", "status", "valid_from"]
    list_filter = ["body", "status", "role"]
    raw_id_fields = ["partner", "representative", "proposed_by", "decided_by"]
