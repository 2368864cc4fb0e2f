"""Raw data for superusers, read-only: proposals, positions and numbers change only through
the services (consensus rule, gap-free numbers, history of positions, mails)."""

from django.contrib import admin

from core.admin_tools import ReadOnlyAdminMixin, ReadOnlyInline

from .models import Position, Proposal


class PositionInline(ReadOnlyInline):
    model = Position
    fields = ["partner", "value", "reason", "note", "stated_by", "stated_at", "is_current"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "title", "body", "procedure", "state", "decided_at"]
    list_filter = ["state", "procedure", "body"]
    search_fields = ["number", "title"]
    date_hierarchy = "decided_at"
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["proposal", "partner", "value", "is_current", "stated_at"]
    list_filter = ["value", "is_current"]
