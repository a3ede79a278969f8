from django.db.models import Max
from django.urls import reverse

from core.sitemaps import TranslatedSitemap

from .models import GlossaryTerm


class GlossarySitemap(TranslatedSitemap):
    """The glossary page, once per language with its alternates."""

    def items(self):
        return ["glossary"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return GlossaryTerm.objects.aggregate(last=Max("updated_at"))["last"]
