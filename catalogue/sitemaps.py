from core.sitemaps import PageSitemap

from . import registry


def sitemaps():
    """The sitemap's sections: one per catalogue type, then every other public page."""
    sections = {t.sheet: PageSitemap(only=[t.model]) for t in registry.page_types()}
    sections["pages"] = PageSitemap(exclude=registry.page_models())
    return sections
