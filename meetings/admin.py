"""Raw data for superusers, read-only: meetings, agendas, circles, attendance, documents and
action items change through meetings/services.py (history, mails, capacity rules)."""

from django.contrib import admin

from core.admin_tools import ReadOnlyAdminMixin, ReadOnlyInline

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Circle,
    CircleRegistration,
    Document,
    Meeting,
    Rsvp,
)


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem


class CircleInline(ReadOnlyInline):
    model = Circle
    fields = ["position", "title", "moderator", "capacity"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "body", "starts_at", "state"]
    list_filter = ["body", "state"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, CircleInline]
    raw_id_fields = ["created_by"]


@admin.register(Rsvp)
class RsvpAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "partner", "user", "answer", "people"]
    raw_id_fields = ["meeting", "partner", "user"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "partner", "recorded_at"]
    raw_id_fields = ["meeting", "partner", "recorded_by"]


@admin.register(CircleRegistration)
class CircleRegistrationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["circle", "user", "status", "registered_at"]
    raw_id_fields = ["circle", "meeting", "user"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "meeting", "visibility", "content_type", "size"]
    raw_id_fields = ["meeting", "circle", "uploaded_by"]
    readonly_fields = ["content_type", "size"]


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "meeting", "responsible_partner", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["meeting", "circle", "responsible_partner", "responsible_person", "created_by"]
