"""Admin pieces for models whose changes belong to a service: the admin shows them, services
change them (so validation, history and mail never get bypassed)."""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """Lists and detail pages without add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False
