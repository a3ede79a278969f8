"""An Atom feed per language of new and updated practice sheets (/fr/feed.atom...)."""

from django.contrib.syndication.views import Feed
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from core.i18n import has_translation
from core.visibility import public_pages

from .models import PracticeIndexPage, PracticePage

FEED_SIZE = 30


class PracticeFeed(Feed):
    """The sheets written in the feed's language, most recently published first.

    A sheet counts as written in a language when its title is; a reader of the Spanish
    feed is not sent French text.
    """

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return translation.get_language()

    def title(self, language):
        return gettext("Co-actions: new and updated practice sheets")

    def subtitle(self, language):
        return gettext("Cooperative practices across borders")

    def link(self, language):
        index = public_pages(PracticeIndexPage.objects.all()).first()
        return index.get_url(request=self.request) if index else "/"

    def feed_url(self, language):
        return self.request.get_full_path()

    def author_name(self, language):
        return "Co-actions"

    def items(self, language):
        sheets = (
            public_pages(PracticePage.objects.all())
            .order_by("-last_published_at", "-pk")
            .prefetch_related("themes")
        )
        written = []
        for sheet in sheets.iterator(chunk_size=100):
            if has_translation(sheet, "title", language):
                written.append(sheet)
                if len(written) == FEED_SIZE:
                    break
        return written

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        # Stable across slug changes: the sheet's key and the feed's language.
        host = self.request.get_host().rsplit(":", 1)[0]
        return f"tag:{host},2026:practice/{item.ref}/{translation.get_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]
