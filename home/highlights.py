"""Figures and highlights of the catalogue for the home page, read from the registry."""

from django.utils import timezone

from catalogue import registry
from core.i18n import language_first
from core.visibility import public_ids, public_pages


def home_highlights(latest=6):
    visible_ids = public_ids()
    today = timezone.localdate()
    stats, countries = {}, set()
    for catalogue_type in registry.page_types():
        pages = public_pages(catalogue_type.model.objects.all())
        facets = catalogue_type.facets(pages, visible_ids, today)
        stats[catalogue_type.sheet] = len(facets)
        for row in facets.values():
            countries |= row.get("country", set())
    stats["countries"] = len(countries)
    practices = registry.get("practice")
    theme_model = registry.get("theme").model
    return {
        # The latest sheets the visitor can read in their language first.
        "latest_practices": language_first(
            public_pages(practices.model.objects.all()).order_by("-last_published_at", "-pk"),
            practices.model.translation_field,
        ).prefetch_related("themes")[:latest],
        "themes": theme_model.objects.all(),
        "practice_index": public_pages(practices.parent_model.objects.all()).first(),
        "stats": stats,
    }
