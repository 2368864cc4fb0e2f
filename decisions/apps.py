from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Consensus decisions")

    def ready(self):
        from meetings.sections import meeting_sections

        from .contributions import meeting_section

        meeting_sections.register("decisions", meeting_section, order=10)
        # Sections and search types of the portal's pages (core.registry).
        from . import contributions

        contributions.register()
