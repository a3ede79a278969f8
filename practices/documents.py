"""What a practice sheet (and a theme) contributes to the catalogue search."""

from catalogue.documents import base_document, join_text, per_language, related
from core.countries import country_codes, stored_codes
from core.text import plain

from .models import SECTIONS, PracticePage, Theme


def practice_document(page, visible):
    doc = base_document(page, "practice")
    doc["summary"] = per_language(page, "summary")
    themes = related(page, "themes")
    partners = visible(related(page, "partners"))
    projects = visible(related(page, "projects"))
    body = {}
    for code in doc["title"]:
        sections = [plain(getattr(page, f"{field}_{code}")) for field, _heading in SECTIONS]
        theme_names = [
            getattr(theme, f"name_{code}") for theme in themes if getattr(theme, f"name_{code}")
        ]
        project_titles = [
            getattr(p, f"title_{code}") for p in projects if getattr(p, f"title_{code}")
        ]
        body[code] = join_text(*sections, *theme_names, *project_titles)
    doc["body"] = body
    doc["theme"] = sorted(theme.slug for theme in themes)
    doc["country"] = sorted(stored_codes(page, "countries"))
    doc["status"] = page.status
    doc["year"] = page.year_started
    doc["names"] = sorted(
        {name for p in partners for name in (p.title_fr, p.acronym) if name}
        | {p.acronym for p in projects if p.acronym}
    )
    return doc


def practice_facets(pages, visible_ids, today):
    rows = {
        pk: {
            "type": {"practice"},
            "theme": set(),
            "country": country_codes(codes),
            "status": {status} if status else set(),
            "year": {year} if year else set(),
            "_published": published,
        }
        for pk, codes, status, year, published in pages.values_list(
            "pk", "countries", "status", "year_started", "last_published_at"
        )
    }
    themes = PracticePage.themes.through.objects.filter(practicepage__in=rows)
    for pk, slug in themes.values_list("practicepage_id", "theme__slug"):
        rows[pk]["theme"].add(slug)
    return rows


def practice_dependents(page):
    # No other page carries a sheet's name.
    return []


def theme_labels(slugs):
    return dict(Theme.objects.filter(slug__in=list(slugs)).values_list("slug", "name"))


def theme_dependents(theme):
    return theme.practices.values_list("pk", flat=True)
