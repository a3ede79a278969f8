"""Helpers for the catalogue documents each page type contributes to the search index.

A document is a plain dict, the same for both search backends:
    id, type, title/summary/body/url: {lang: text} (only languages the page is written in,
    except url, which exists in every language), names (language-neutral names it carries),
    facet values (theme, country, status, year, organisation_type, programme,
    start_date, end_date) and published_at.
"""

import html
import re

from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator

from .i18n import LANGUAGE_CODES, has_translation

BLOCK_END = re.compile(r"(</(?:p|li|ul|ol|h[1-6]|blockquote)>|<br\s*/?>)", re.IGNORECASE)


def plain(value):
    """Rich text as the words a reader sees: no tags, entities decoded (`&amp;` -> `&`)."""
    spaced = BLOCK_END.sub(r"\1 ", str(value or ""))
    return " ".join(html.unescape(strip_tags(spaced)).split())


def paragraphs_html(stream):
    """The HTML of a StreamField's paragraph blocks, the text the catalogue moves and indexes."""
    return "\n".join(
        str(block.value.source) for block in stream or [] if block.block_type == "paragraph"
    )


def short(text, words=40):
    return Truncator(plain(text)).words(words, truncate="…")


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
            parts = page.get_url_parts()
        if parts:
            urls[code] = parts[2]
    return urls


def base_document(page, doc_type):
    return {
        "id": page.pk,
        "type": doc_type,
        "title": per_language(page, "title"),
        "summary": {},
        "body": {},
        "url": page_urls(page),
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
