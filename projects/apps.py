from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from core.registry import partner_profile

        from .selectors import partner_profile_context

        partner_profile.register("projects", partner_profile_context)
        # Sections and search types of the portal's pages (core.registry).
        from . import contributions

        contributions.register()
