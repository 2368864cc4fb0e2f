from django.contrib import admin

from core.admin_tools import ReadOnlyAdminMixin

from .models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: reports are made, published and failed through reports/services.py."""

    list_display = ["year", "version", "state", "published", "requested_at", "page_count", "size"]
    list_filter = ["state", "published", "year"]
    readonly_fields = [field.name for field in AnnualReport._meta.fields]
