"""What a cooperation project contributes to the catalogue search."""

from django.db.models import Q

from catalogue.dates import value_for
from catalogue.documents import base_document, per_language
from core.countries import country_codes
from core.text import paragraphs_html, plain

from .choices import STATUS_RULES
from .models import ProjectPartner


def project_document(page, visible):
    doc = base_document(page, "project")
    doc["summary"] = per_language(page, "summary")
    doc["body"] = {
        code: plain(paragraphs_html(getattr(page, f"description_{code}"))) for code in doc["title"]
    }
    partners = visible(page.partner_list())
    doc["country"] = sorted({p.country.code for p in partners if p.country})
    doc["programme"] = page.programme
    doc["year"] = page.start_date.year if page.start_date else None
    doc["start_date"] = page.start_date.isoformat() if page.start_date else None
    doc["end_date"] = page.end_date.isoformat() if page.end_date else None
    doc["names"] = sorted(
        {name for p in partners for name in (p.title_fr, p.acronym) if name}
        | ({page.acronym} if page.acronym else set())
    )
    return doc


def project_facets(pages, visible_ids, today):
    """{page id: {facet: values}} for the database search backend, read in two queries."""
    rows = {}
    for pk, programme, start, end, published in pages.values_list(
        "pk", "programme", "start_date", "end_date", "last_published_at"
    ):
        dates = {"start_date": start, "end_date": end}
        rows[pk] = {
            "type": {"project"},
            "country": set(),
            "programme": {programme},
            "status": {value_for(STATUS_RULES, dates, today)},
            "year": {start.year} if start else set(),
            "_published": published,
        }
    # A project's countries are its public partners' (the coordinator's included).
    links = ProjectPartner.objects.filter(project__in=rows)
    pairs = list(links.values_list("project_id", "partner_id", "partner__country"))
    pairs += list(
        pages.filter(~Q(coordinator=None)).values_list(
            "pk", "coordinator_id", "coordinator__country"
        )
    )
    for pk, partner_id, country in pairs:
        if partner_id in visible_ids and pk in rows:
            rows[pk]["country"] |= country_codes(country)
    return rows


def project_dependents(page):
    """Practice sheets name the projects they belong to."""
    return page.practices.values_list("pk", flat=True)
