from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlimaportalConfig(AppConfig):
    name = "klimaportal"
    verbose_name = _("Climate protection portal")
