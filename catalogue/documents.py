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
from contextlib import contextmanager
from contextvars import ContextVar

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


# Set inside `many_documents()`: the sites' root paths, read once per language.
_site_root_paths = ContextVar("site_root_paths", default=None)

# Where search.documents puts a page's prefetched related objects (see `related`).
PREFETCHED = "_catalogue_prefetched_"


@contextmanager
def many_documents(known=None):
    """Inside, documents are built from one read of the sites' root paths per language,
    kept in `known` (a dict, to share between several uses of this context).

    Wagtail reads them from the cache for every page and language (unpickling them each
    time): a rebuild's 10,000 pages spent more time there than on their text. Sites do
    not change while a batch of documents is built.
    """
    token = _site_root_paths.set({} if known is None else known)
    try:
        yield
    finally:
        _site_root_paths.reset(token)


def related(page, name):
    """The objects of a many-valued relation of `page`, in the relation's order: the
    list search.documents prefetched, or else read now."""
    prefetched = getattr(page, PREFETCHED + name, None)
    return list(getattr(page, name).all()) if prefetched is None else prefetched


def page_urls(page):
    urls = {}
    for code in LANGUAGE_CODES:
        path = page_path(page, code)
        if path:
            urls[code] = path
    return urls


# A page path made of plain slugs reverses to the language's prefix followed by it.
PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_-]+/)*\Z")


def page_path(page, language):
    """`page.get_url_parts()[2]` with `language` active.

    When the page has a path of its own in that language (what modeltranslation then
    gives as `url_path`) made of plain slugs under one site, it is the language's prefix
    followed by that path, as `reverse` would return it: a rebuild then neither reverses
    a URL nor activates a language for each page. Anything else goes through Wagtail.
    """
    url_path = getattr(page, f"url_path_{language}", None)
    if url_path:
        roots = [
            root for root in site_root_paths(page, language) if url_path.startswith(root.root_path)
        ]
        if not roots:
            return None
        relative = url_path[len(roots[0].root_path) :]
        if len({root.site_id for root in roots}) == 1 and PLAIN_PATH.match(relative):
            path = serve_prefix(language, settings.ROOT_URLCONF) + relative
            return path if WAGTAIL_APPEND_SLASH or path == "/" else path.rstrip("/")
    with translation.override(language):
        parts = page.get_url_parts()
    return parts[2] if parts else None


def site_root_paths(page, language):
    """The sites' root paths in `language` (wagtail-modeltranslation's), read once per
    language inside `many_documents()`."""
    known = _site_root_paths.get()
    if known is not None and language in known:
        return known[language]
    with translation.override(language):
        roots = page._get_site_root_paths()
    if known is not None:
        known[language] = roots
    return roots


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
