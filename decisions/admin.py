"""Raw data for superusers, read-only: proposals, positions and numbers change only through
the services (consensus rule, gap-free numbers, history of positions, mails)."""

from django.contrib import admin

from core.admin_tools import ReadOnlyAdminMixin, ReadOnlyInline

from .models import Comment, DecisionTask, Position, Proposal


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


@admin.register(DecisionTask)
class DecisionTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["proposal", "action_item", "added_at"]
    list_select_related = ["proposal", "action_item"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Comments are hidden (with a reason) by staff on the proposal page, never edited."""

    list_display = ["proposal", "author", "partner", "created_at", "hidden_at"]
    list_filter = ["hidden_at"]
