"""What news adds to the portal's composed pages (registered in NewsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from core.registry import SearchType, Section, home_sections, search_types

from .models import Post


def home_latest(user) -> Section:
    posts = Post.objects.published().only("title", "slug", "teaser", "publish_at")[:3]
    return Section("news/sections/home_latest.html", {"news_latest": list(posts)}, column=True)


def register() -> None:
    home_sections.register("news.latest", home_latest, order=30)
    search_types.register(
        "aktuelles",
        SearchType("aktuelles", _("News"), "news.Post", ("title", "teaser", "body"), "published"),
        order=30,
    )
