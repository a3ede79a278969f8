"""One result shape for both backends: views, templates and the API never ask which answered."""

import logging
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import EmptyPage, Paginator
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import get_language

from catalogue import registry
from core.cache import current_version, page_cache
from core.countries import country_names
from core.i18n import fallback_chain

from .query import FACET_LABELS, FACETS, MAX_PAGE

logger = logging.getLogger(__name__)


@dataclass
class Hit:
    type: str
    page_id: int
    title: str
    url: str
    lang: str
    summary: str
    highlight: str  # safe HTML: escaped text with <mark> around matched words
    score: float | None
    published_at: str | None = None
    # {lang: "complete" | "partial" | "missing"}: how far the page is translated.
    languages: dict = field(default_factory=dict)
    # "all": every word (or a glossary term for it) matched; "partial": most of them.
    match: str = "all"

    def as_json(self):
        return {
            "type": self.type,
            "title": self.title,
            "url": self.url,
            "lang": self.lang,
            "summary": self.summary,
            "highlight": self.highlight,
            "score": self.score,
            "languages": self.languages,
            "match": self.match,
        }


@dataclass
class CatalogueResult:
    query: object
    backend: str
    count: int
    hits: list
    facets: dict  # facet -> {value: count}
    fallback: bool = False
    # The engine's own time (OpenSearch's `took`), for measuring what the site adds.
    engine_ms: int | None = None
    # Some results shown match only part of the words (search.clauses).
    partial: bool = False
    # How many results match every word (the others are partial); None: all of them.
    complete: int | None = None
    # The corrected words whose results these are, when the query as typed found nothing.
    corrected_query: str = ""

    @cached_property
    def facet_lists(self):
        """{facet: its values with labels}, made when shown: a result a correction
        replaces never needs them."""
        labels = facet_labels()
        return {
            name: facet_values(name, self.facets.get(name, {}), self.query, labels)
            for name in FACETS
        }

    @property
    def facet_groups(self):
        """[(facet name, its label, its values)] for the search page's filters."""
        return [(name, FACET_LABELS[name], self.facet_lists[name]) for name in FACETS]

    @property
    def complete_count(self):
        return self.count if self.complete is None else self.complete

    @property
    def complete_hits(self):
        return [hit for hit in self.hits if hit.match == "all"]

    @property
    def partial_hits(self):
        return [hit for hit in self.hits if hit.match == "partial"]

    @property
    def partial_start(self):
        """The rank of the first partial match on this page, for the list's numbering."""
        return self.query.offset + len(self.complete_hits) + 1

    @property
    def results_page(self):
        """This page of results as a Django paginator page (the shared pagination component)."""
        reachable = min(self.count, MAX_PAGE * self.query.page_size)
        try:
            return Paginator(range(reachable), self.query.page_size).page(self.query.page)
        except EmptyPage:
            return None

    def as_json(self):
        return {
            "query": self.query.q,
            "corrected_query": self.corrected_query or None,
            "lang": self.query.lang,
            "backend": self.backend,
            "count": self.count,
            "page": self.query.page,
            "results": [hit.as_json() for hit in self.hits],
            "facets": {
                name: [
                    {"value": v["value"], "label": v["label"], "count": v["count"]} for v in values
                ]
                for name, values in self.facet_lists.items()
            },
        }


def shown_language(titles, lang):
    """The language a result is shown in: the visitor's if the page has it, else the fallback."""
    for code in fallback_chain(lang):
        if titles.get(code):
            return code
    return lang


def hit_from_document(doc, query, highlight="", score=None, match="all", lang=None):
    """A Hit for an indexed document, shown in `lang` (its shown_language, when the caller
    has it already)."""
    lang = lang or shown_language(doc.get("title", {}), query.lang)
    summary = doc.get("summary", {}).get(lang, "")
    urls = doc.get("url", {})
    return Hit(
        type=doc["type"],
        page_id=int(doc["id"]),
        title=doc.get("title", {}).get(lang, ""),
        url=urls.get(query.lang) or urls.get(lang, ""),
        lang=lang,
        summary=summary,
        highlight=highlight or escape(summary),
        score=score,
        published_at=doc.get("published_at"),
        languages=dict(doc.get("languages") or {}),
        match=match,
    )


def facet_values(name, counts, query, labels):
    """Facet values with labels (from a facet_labels()), counts and whether they are
    selected, in display order."""
    selected = {str(v) for v in query.filters.get(name, ())} if name != "year" else set()
    # A chosen value stays visible (count 0) so it can be seen and unticked.
    counts = {**dict.fromkeys(selected, 0), **counts}
    labels = labels(name, counts)
    values = [
        {"value": value, "label": labels[value], "count": count, "selected": str(value) in selected}
        for value, count in counts.items()
        if count or str(value) in selected
    ]
    if name == "year":
        values.sort(key=lambda v: -int(v["value"]))
    elif name in ("type", "status"):
        order = (
            [t.name for t in registry.page_types()]
            if name == "type"
            else registry.facet_values("status")
        )
        values.sort(key=lambda v: order.index(v["value"]) if v["value"] in order else len(order))
    else:
        values.sort(key=lambda v: (-v["count"], v["label"]))
    return values


# {(facet, language): {value: label}} for the page cache's version in `_labels_version`.
_labels = {}
_labels_version = [None]


def facet_labels():
    """A `labels(facet, values)` giving {value: label} in the active language.

    Labels are kept in this process until a snippet, a setting or a page changes (the
    page cache's version): finding a theme's name was a database query in every search.
    The version is read once here for every facet of a result, not once per facet: with
    Redis, each read is a round trip.
    """
    try:
        version = current_version(page_cache())
    except Exception:
        # A cache that fails (Redis down) costs the labels' memo, not the search.
        logger.exception("The cache could not be read")
        return lambda name, values: _read_labels(name, list(values))
    if version != _labels_version[0]:
        _labels.clear()
        _labels_version[0] = version
    language = get_language()

    def labels(name, values):
        known = _labels.setdefault((name, language), {})
        missing = [value for value in values if value not in known]
        if missing:
            known.update(_read_labels(name, missing))
        return {value: known[value] for value in values}

    return labels


def _read_labels(name, values):
    if name == "type":
        labels = {t.name: str(capfirst(t.label)) for t in registry.page_types()}
    elif name == "country":
        labels = country_names(values)
    elif name == "year":
        labels = {}
    else:
        labels = {value: str(label) for value, label in registry.facet_labels(name, values).items()}
    return {value: labels.get(value, str(value)) for value in values}
