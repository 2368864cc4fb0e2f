from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.markdown import render_markdown

from .models import Post


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("News of the Magdeburg Climate Alliance")
    subtitle = _("News from the Klimaschutzportal of the Magdeburg Climate Alliance")
    link = "/aktuelles/"
    feed_url = "/aktuelles/feed/"
    author_name = _("Stabsstelle Klimaschutz, Landeshauptstadt Magdeburg")

    def items(self):
        return Post.objects.published().select_related("author")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.body)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_guid(self, item):
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    item_guid_is_permalink = True
