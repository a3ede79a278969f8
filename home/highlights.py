"""Figures and highlights of the catalogue for the home page, read from the registry."""

from django.db.models import Count, Q
from django.utils import timezone

from catalogue import registry
from core.i18n import language_first
from core.visibility import public_ids, public_pages


def home_highlights(latest=6):
    visible_ids = public_ids()
    today = timezone.localdate()
    stats, indexes, countries = {}, {}, set()
    for catalogue_type in registry.page_types():
        pages = public_pages(catalogue_type.model.objects.all())
        facets = catalogue_type.facets(pages, visible_ids, today)
        stats[catalogue_type.sheet] = len(facets)
        indexes[catalogue_type.sheet] = public_pages(
            catalogue_type.parent_model.objects.all()
        ).first()
        for row in facets.values():
            countries |= row.get("country", set())
    stats["countries"] = len(countries)
    practices = registry.get("practice")
    theme_model = registry.get("theme").model
    public_practices = public_pages(practices.model.objects.all())
    themes = theme_model.objects.annotate(
        # How many public sheets each theme leads to, as the filtered listing will show.
        sheet_count=Count(
            "practices", filter=Q(practices__in=public_practices.values("pk")), distinct=True
        )
    )
    return {
        # The latest sheets the visitor can read in their language first.
        "latest_practices": language_first(
            public_practices.order_by("-last_published_at", "-pk"),
            practices.model.translation_field,
        ).prefetch_related("themes")[:latest],
        "themes": themes,
        "practice_index": indexes.get(practices.sheet),
        "catalogue_indexes": indexes,
        "stats": stats,
    }
