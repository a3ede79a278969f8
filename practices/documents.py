"""What a practice sheet contributes to the catalogue search index."""

from core.documents import base_document, join_text, per_language, plain

from .models import SECTIONS


def practice_document(page):
    doc = base_document(page, "practice")
    doc["summary"] = per_language(page, "summary")
    themes = list(page.themes.all())
    projects = list(page.projects.all())
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
    doc["country"] = sorted(country.code for country in page.countries)
    doc["status"] = page.status
    doc["year"] = page.year_started
    partners = list(page.partners.all())
    doc["names"] = sorted(
        {name for p in partners for name in (p.title_fr, p.acronym) if name}
        | {p.acronym for p in projects if p.acronym}
    )
    return doc
