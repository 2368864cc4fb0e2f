from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal pages")

    def ready(self):
        from . import sections

        sections.register()
        from core.middleware import register_large_upload

        # Only staff may send a body above the general upload limit, and only here.
        register_large_upload(
            "/stabsstelle/gebaerdensprache/",
            setting="SIGN_LANGUAGE_VIDEO_MAX_MB",
            perm="portal.manage_sign_language_videos",
        )
