from django.conf import settings
from django.contrib.sitemaps import Sitemap

from wagtail.models import Page, Site

from .visibility import public_pages


class TranslatedSitemap(Sitemap):
    """Each item once per language, with hreflang alternates and a working x-default."""

    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _name in settings.LANGUAGES]

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        # Django's x-default drops the language prefix, which only works for "/": an
        # English visitor sent to /pratiques/ lands on /en/pratiques/, a 404. Point it at
        # the default language's URL instead, as the page head does.
        for url in urls:
            alternates = {alt["lang_code"]: alt for alt in url["alternates"]}
            if "x-default" in alternates and settings.LANGUAGE_CODE in alternates:
                alternates["x-default"]["location"] = alternates[settings.LANGUAGE_CODE]["location"]
        return urls


class PageSitemap(TranslatedSitemap):
    """Public pages once per language, with hreflang alternates.

    `only` narrows it to some page models, `exclude` leaves some out: the site's sitemap
    has a section per catalogue type and one for the other pages.
    """

    def __init__(self, only=(), exclude=()):
        super().__init__()
        self.only, self.exclude = tuple(only), tuple(exclude)

    def items(self):
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
        if site is None:
            return Page.objects.none()
        pages = site.root_page.get_descendants(inclusive=True)
        if self.only:
            pages = pages.type(*self.only)
        if self.exclude:
            pages = pages.not_type(*self.exclude)
        return public_pages(pages).order_by("path").defer_streamfields().specific()

    def location(self, page):
        return page.get_url()

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at
