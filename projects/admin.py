from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_tools import ReadOnlyAdminMixin, ReadOnlyInline

from .models import Participation, Project, ProjectDocument, ProjectResult, ResultLine

# Read only: projects, results and documents change through projects/services.py (review,
# audit trail, mails); staff use /stabsstelle/projekte/.


class ProjectResultInline(ReadOnlyInline):
    model = ProjectResult


class ResultLineInline(ReadOnlyInline):
    # The activity data a result was computed from, with its factor versions (frozen).
    model = ResultLine


class ProjectDocumentInline(ReadOnlyInline):
    model = ProjectDocument


class ParticipationInline(ReadOnlyInline):
    # Invited partners answer in their own area (projects.services.participation_confirm).
    model = Participation


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "lead_partner", "field_of_action", "status", "publication"]
    list_filter = ["publication", "status", "field_of_action", "credited"]
    search_fields = ["title", "summary", "slug"]
    list_select_related = ["lead_partner", "field_of_action"]
    inlines = [ParticipationInline, ProjectResultInline, ProjectDocumentInline]


@admin.register(ProjectResult)
class ProjectResultAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["project", "year", "achieved_reduction", "data_quality"]
    list_filter = ["year", "data_quality"]
    list_select_related = ["project"]
    inlines = [ResultLineInline]
