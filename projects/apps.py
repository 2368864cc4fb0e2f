from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from core.audit.labels import register_actions
        from core.registry import partner_profile

        register_actions(
            {
                "change_proposed": pgettext_lazy("audit action", "change proposed for review"),
                "slug_changed": pgettext_lazy("audit action", "address changed"),
                "change_withdrawn": pgettext_lazy("audit action", "proposed change withdrawn"),
                "change_approved": pgettext_lazy("audit action", "change approved"),
                "change_returned": pgettext_lazy("audit action", "change returned with a comment"),
                "result_deleted": pgettext_lazy("audit action", "result deleted"),
                "document_deleted": pgettext_lazy("audit action", "evidence document deleted"),
                "participation_confirmed": pgettext_lazy("audit action", "participation confirmed"),
                "participation_declined": pgettext_lazy("audit action", "participation declined"),
            }
        )

        from . import media
        from .selectors import partner_profile_context

        partner_profile.register("projects", partner_profile_context)
        from .map_contributions import partner_profile_map

        partner_profile.register("projects.map", partner_profile_map)
        media.register()
        # Sections and search types of the portal's pages (core.registry).
        from . import contributions

        contributions.register()
        from core.slugs import register_slug_route

        # Old addresses of published projects redirect to the current one (core.slugs).
        register_slug_route("/projekte/", "projects.Project", visible=lambda rows: rows.published())
