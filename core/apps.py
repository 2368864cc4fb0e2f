from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Climate protection portal")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import page_cache, request_memo
        from .cache import on_recovery
        from .mail import outbox_erase_for_user
        from .page_cache import bump_generation, collect_content_tables, install_write_watcher
        from .registry import erasure_steps

        # Cache invalidation only: any statement writing the portal's content starts a new
        # generation (core.page_cache.watch_content_writes).
        collect_content_tables()
        request_started.connect(
            page_cache.remember_generation_in_request, dispatch_uid="generation-memo"
        )
        request_finished.connect(
            page_cache.forget_generation_after_request, dispatch_uid="generation-memo"
        )
        request_started.connect(request_memo.start, dispatch_uid="request-memo")
        request_finished.connect(request_memo.stop, dispatch_uid="request-memo")
        connection_created.connect(install_write_watcher, dispatch_uid="page-cache-writes")
        for connection in connections.all(initialized_only=True):
            install_write_watcher(connection=connection)
        # Changes made while Redis was down could not bump the generation there.
        on_recovery(bump_generation)
        # The outbox holds addresses and texts of mails to the person.
        erasure_steps.register("core.outbox", outbox_erase_for_user, order=90)
