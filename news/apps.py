from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from . import media

        media.register()
        # Sections and search types of the portal's pages (core.registry).
        from . import contributions

        contributions.register()
        from core.slugs import register_slug_route

        register_slug_route("/aktuelles/", "news.Post", visible=lambda posts: posts.published())
