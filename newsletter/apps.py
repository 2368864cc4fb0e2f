from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        # The newsletter's mail kinds, the preference store behind core.notifications, the
        # erasure step and the sections on the account page and dashboards (core.registry).
        from . import contributions

        contributions.register()
