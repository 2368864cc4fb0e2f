from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from core.mail import register_reissuer
        from core.registry import erasure_steps

        from . import erasure
        from .services import contact_erase_for_user, invitation_reissue

        erasure_steps.register("partners.contacts", contact_erase_for_user, order=10)
        erasure.register()
        # A failed invitation mail is replaced by a new invitation (a new token).
        register_reissuer("partner.invitation", invitation_reissue)
        # Sections and search types of the portal's pages (core.registry).
        from . import contributions

        contributions.register()
        from core.slugs import register_slug_route

        # Old profile addresses of listed partners redirect to the current one (core.slugs);
        # an unlisted partner's old address reveals nothing (its slug spells its name).
        register_slug_route("/partner/", "partners.Partner", visible=lambda rows: rows.listed())
