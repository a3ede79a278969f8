"""Helpers for the search document each catalogue type builds (its `document` builder).

A document is a plain dict, the same for both search backends:
    id, type, title/summary/body/url: {lang: text} (only languages the page is written in,
    except url, which exists in every language), languages: {lang: "complete" | "partial" |
    "missing"} (catalogue.translation_status), names (language-neutral names it carries),
    facet values (theme, country, status, year, organisation_type, programme,
    start_date, end_date) and published_at.
"""

import functools
import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wagtail.models.pages import WAGTAIL_APPEND_SLASH

from core.i18n import LANGUAGE_CODES, has_translation
from core.text import plain

from .translation_status import translation_statuses


def per_language(page, field, transform=plain):
    """{lang: text} for the languages in which `field` has text of its own (no fallback)."""
    values = {}
    for code in LANGUAGE_CODES:
        if has_translation(page, field, code):
            text = transform(getattr(page, f"{field}_{code}"))
            if text:
                values[code] = text
    return values


def page_urls(page):
    urls = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            path = page_path(page)
        if path:
            urls[code] = path
    return urls


# A page path made of plain slugs reverses to the language's prefix followed by it.
PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_-]+/)*\Z")


def page_path(page):
    """`page.get_url_parts()[2]` in the active language, without reversing a URL for
    every page of a rebuild when its path is plain slugs (what `reverse` would return
    unchanged); anything else goes through Wagtail."""
    roots = page._get_relevant_site_root_paths()
    if not roots:
        return None
    relative = page.url_path[len(roots[0].root_path) :]
    if len({root.site_id for root in roots}) == 1 and PLAIN_PATH.match(relative):
        path = serve_prefix(translation.get_language(), settings.ROOT_URLCONF) + relative
        return path if WAGTAIL_APPEND_SLASH or path == "/" else path.rstrip("/")
    parts = page.get_url_parts()
    return parts[2] if parts else None


@functools.lru_cache
def serve_prefix(lang, urlconf):
    with translation.override(lang):
        return reverse("wagtail_serve", args=("",))


def base_document(page, doc_type):
    return {
        "id": page.pk,
        "type": doc_type,
        "title": per_language(page, "title"),
        "summary": {},
        "body": {},
        "url": page_urls(page),
        "languages": translation_statuses(page),
        "published_at": page.last_published_at.isoformat() if page.last_published_at else None,
        "theme": [],
        "country": [],
        "status": None,
        "year": None,
        "organisation_type": None,
        "programme": None,
        "start_date": None,
        "end_date": None,
        "names": [],
    }


def join_text(*parts):
    return "\n".join(part for part in parts if part)
