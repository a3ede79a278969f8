from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import GlossaryTerm


class GlossarySitemap(Sitemap):
    """The glossary page, once per language with its alternates."""

    i18n = True
    alternates = True
    languages = [code for code, _name in settings.LANGUAGES]

    def items(self):
        return ["glossary"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return GlossaryTerm.objects.aggregate(last=Max("updated_at"))["last"]
