"""What partner organisations and cooperation projects contribute to the search index."""

from core.documents import base_document, paragraphs_html, per_language, plain, short


def partner_document(page):
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


def project_document(page):
    doc = base_document(page, "project")
    doc["summary"] = per_language(page, "summary")
    doc["body"] = {
        code: plain(paragraphs_html(getattr(page, f"description_{code}"))) for code in doc["title"]
    }
    partners = page.partner_list()
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
