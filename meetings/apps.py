from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and working groups")

    def ready(self):
        from . import erasure

        erasure.register()
        # Sections and search types of the portal's pages (core.registry).
        from . import contributions

        contributions.register()
