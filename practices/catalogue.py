"""Figures and highlights of the catalogue, for the home page."""

from partners.models import PartnerPage, ProjectPage

from .models import PracticeIndexPage, PracticePage, Theme


def home_highlights(latest=6):
    practices = PracticePage.objects.live().public()
    partners = PartnerPage.objects.live().public()
    countries = set(partners.values_list("country", flat=True))
    for value in practices.values_list("countries", flat=True):
        countries.update(code for code in (value or "").split(",") if code)
    return {
        "latest_practices": practices.order_by("-last_published_at", "-pk").prefetch_related(
            "themes"
        )[:latest],
        "themes": Theme.objects.all(),
        "practice_index": PracticeIndexPage.objects.live().public().first(),
        "stats": {
            "practices": practices.count(),
            "partners": partners.count(),
            "countries": len(countries - {""}),
            "projects": ProjectPage.objects.live().public().count(),
        },
    }
