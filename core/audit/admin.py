from django.contrib import admin

from core.admin_tools import ReadOnlyAdminMixin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "object_repr", "content_type", "actor"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "note"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "created_at"
