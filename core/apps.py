from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Climate protection portal")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import on_recovery
        from .mail import outbox_erase_for_user
        from .page_cache import bump_generation
        from .registry import erasure_steps

        # Cache invalidation only: any change to the portal's content starts a new generation.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump_generation, dispatch_uid=f"page-cache-{id(signal)}")
        # Changes made while Redis was down could not bump the generation there.
        on_recovery(bump_generation)
        # The outbox holds addresses and texts of mails to the person.
        erasure_steps.register("core.outbox", outbox_erase_for_user, order=90)
