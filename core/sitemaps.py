from django.conf import settings
from django.contrib.sitemaps import Sitemap

from wagtail.models import Page, Site

from .visibility import public_pages


class PageSitemap(Sitemap):
    """Every live public page once per language, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    languages = [code for code, _name in settings.LANGUAGES]

    def items(self):
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
        if site is None:
            return Page.objects.none()
        return (
            public_pages(site.root_page.get_descendants(inclusive=True))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

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

    def location(self, page):
        return page.get_url()

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at
