from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Project, ProjectDocument, ProjectResult


class ProjectResultInline(admin.TabularInline):
    model = ProjectResult
    extra = 0


class ProjectDocumentInline(admin.TabularInline):
    model = ProjectDocument
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "lead_partner", "field_of_action", "status", "publication"]
    list_filter = ["publication", "status", "field_of_action", "credited"]
    search_fields = ["title", "summary", "slug"]
    list_select_related = ["lead_partner", "field_of_action"]
    autocomplete_fields = []
    raw_id_fields = ["lead_partner", "partners"]
    readonly_fields = ["slug", "publication", "staff_comment", "submitted_at", "published_at"]
    inlines = [ProjectResultInline, ProjectDocumentInline]


@admin.register(ProjectResult)
class ProjectResultAdmin(SimpleHistoryAdmin):
    list_display = ["project", "year", "achieved_reduction"]
    list_filter = ["year"]
    raw_id_fields = ["project"]
