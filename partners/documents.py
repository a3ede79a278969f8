"""What a partner organisation contributes to the catalogue search."""

from catalogue.documents import base_document, per_language
from core.countries import country_codes
from core.text import short


def partner_document(page, visible):
    description = per_language(page, "description")
    doc = base_document(page, "partner")
    # The name is not translated: every language the partner is described in carries it.
    doc["title"] = dict.fromkeys(list(description) or ["fr"], page.title_fr)
    doc["summary"] = {code: short(text) for code, text in description.items()}
    doc["body"] = dict(description.items())
    doc["country"] = [page.country.code] if page.country else []
    doc["organisation_type"] = page.organisation_type
    doc["year"] = page.member_since
    doc["names"] = sorted({name for name in (page.title_fr, page.acronym, page.city) if name})
    return doc


def partner_facets(pages, visible_ids, today):
    return {
        pk: {
            "type": {"partner"},
            "country": country_codes(country),
            "organisation_type": {kind},
            "year": {since} if since else set(),
            "_published": published,
        }
        for pk, country, kind, since, published in pages.values_list(
            "pk", "country", "organisation_type", "member_since", "last_published_at"
        )
    }


def partner_dependents(page):
    """Sheets and projects carry the names of their partners (and coordinators)."""
    return [
        *page.practices.values_list("pk", flat=True),
        *page.project_links.values_list("project_id", flat=True),
        *page.coordinated_projects.values_list("pk", flat=True),
    ]
