from django.contrib import admin

from .models import Body, Contact, Membership, Partner


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "status"]
    list_filter = ["status"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ContactInline]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "position"]
    readonly_fields = ["slug", "kind"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Read-only: proposing, confirming and ending go through the meetings services (mails,
    one open membership per person) on the portal's pages."""

    list_display = ["body", "partner", "representative", "role", "status", "valid_from"]
    list_filter = ["body", "status", "role"]
    raw_id_fields = ["partner", "representative", "proposed_by", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
