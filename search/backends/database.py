"""The catalogue on Wagtail's database search: SQLite FTS5 or PostgreSQL full text.

Used when OPENSEARCH_URL is unset, and for a request whenever OpenSearch fails. Words are
matched by Wagtail's search over every language's text (BasePage.search_text); filters
and facet counts are computed from the facet values fetched with the ORM, with the same
rules as OpenSearch: OR within a facet, AND across facets, each facet counted with every
filter but its own, and a filter on a field a type lacks excluding that type.
"""

import difflib
from collections import Counter

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page
from wagtail.search.query import And, Or, Phrase, PlainText

from catalogue import registry
from core.i18n import LANGUAGE_CODES
from core.visibility import public_ids, public_pages

from ..clauses import (
    EXPANSION_WEIGHT,
    MIN_COMPLETE,
    Clause,
    expansion_words,
    partial_threshold,
    query_clauses,
)
from ..documents import documents_for
from ..query import FACETS, parse_words
from ..results import CatalogueResult, hit_from_document, shown_language
from ..text import WORD, fold, highlight, stem_prefix

TITLE_FIELDS = [f"title_{code}" for code in LANGUAGE_CODES]
# Enough to rank and count a realistic catalogue; beyond it, counts stop at this figure.
MAX_MATCHES = 10000


def facet_rows(today):
    """{page id: {facet: set(values)}, ...} for every public catalogue page."""
    visible_ids = public_ids()
    rows = {}
    for catalogue_type in registry.page_types():
        pages = public_pages(catalogue_type.model.objects.all())
        rows.update(catalogue_type.facets(pages, visible_ids, today))
    return rows


def matches(row, name, values):
    if name == "year":
        low, high = values
        return any(
            (low is None or year >= low) and (high is None or year <= high)
            for year in row.get("year", ())
        )
    return bool(row.get(name, set()) & {str(v) if name != "year" else v for v in values})


def text_matches(q):
    """(Page ids matching the words, most likely first: complete matches, then partial
    ones (search.clauses), each by words in the title, then newest; ids to leave out;
    ids of the partial matches). Without a positive word the first is None: no ranking,
    everything.

    Wagtail's relevance ordering costs one full-text match per row on SQLite (a minute
    for 10,000 pages), so matches are fetched unordered and ranked here.
    """
    # parse_words gives letters and digits only: Wagtail's backends copy a term into FTS5
    # or tsquery syntax without escaping quotes or operators.
    parsed = parse_words(q)
    clauses = query_clauses(parsed)
    positive = [clause_query(clause) for clause in clauses]
    strict = [Phrase(phrase) for phrase in parsed.phrases]
    negative = [PlainText(word) for word in parsed.excluded]
    negative += [Phrase(phrase) for phrase in parsed.excluded_phrases]
    # Exclusions are subtracted rather than sent as Not(...): PostgreSQL's backend
    # matches Not(Phrase(...)) instead of excluding it.
    excluded = set().union(*(_matching_ids(clause) for clause in negative))
    positive += strict
    if not positive:
        return None, excluded, set()
    query = positive[0] if len(positive) == 1 else And(positive)
    ids = [pk for pk in _matching_ids(query) if pk not in excluded]
    weights = {}
    if len(ids) < MIN_COMPLETE:
        weights = partial_matches(clauses, strict, excluded)
    partial = set(weights) - set(ids)
    prefixes = {stem_prefix(word) for word in parsed.positive_words}
    expanded = {stem_prefix(word) for word in expansion_words(clauses)} - prefixes
    ranked = []
    for pk, published, *titles in Page.objects.filter(pk__in=[*ids, *partial]).values_list(
        "pk", "last_published_at", *TITLE_FIELDS
    ):
        words = set(WORD.findall(fold(" ".join(title or "" for title in titles))))
        in_title = sum(1 for prefix in prefixes if any(word.startswith(prefix) for word in words))
        in_title += EXPANSION_WEIGHT * sum(
            1 for prefix in expanded if any(word.startswith(prefix) for word in words)
        )
        key = (pk in partial, -weights.get(pk, 0), -in_title)
        ranked.append((*key, -(published.timestamp() if published else 0), pk))
    return [pk for *_key, pk in sorted(ranked)], excluded, partial


def clause_query(clause):
    """The words as typed, or any of their glossary alternatives (every word of one)."""
    typed = [PlainText(word) for word in clause.words]
    typed = typed[0] if len(typed) == 1 else And(typed)
    if not clause.alternatives:
        return typed
    # Every language's text is searched together: an alternative's language does not matter.
    alternatives = [PlainText(alt, operator="and") for _lang, alt in clause.alternatives]
    return Or([typed, *alternatives])


def partial_matches(clauses, strict, excluded):
    """{page id: weight} of the pages matching at least half the meaningful clauses and
    every phrase; a clause counts 1 matched as typed, EXPANSION_WEIGHT through the glossary.
    """
    threshold = partial_threshold(clauses)
    if threshold is None:
        return {}
    allowed = None
    if strict:
        allowed = set(_matching_ids(strict[0] if len(strict) == 1 else And(strict)))
    matched, weights = Counter(), Counter()
    for clause in (c for c in clauses if c.meaningful):
        typed = set(_matching_ids(clause_query(Clause(clause.words))))
        alternative = set()
        if clause.alternatives:
            alternative = set(_matching_ids(clause_query(clause))) - typed
        for pk in typed | alternative:
            matched[pk] += 1
            weights[pk] += 1 if pk in typed else EXPANSION_WEIGHT
    return {
        pk: weights[pk]
        for pk, count in matched.items()
        if count >= threshold and pk not in excluded and (allowed is None or pk in allowed)
    }


def _matching_ids(query):
    pages = public_pages(Page.objects.type(*registry.page_models())).only("id")
    return [page.pk for page in pages.search(query, order_by_relevance=False)[:MAX_MATCHES]]


def search(query, today=None):
    today = today or timezone.localdate()
    rows = facet_rows(today)
    ranked, excluded, partial = text_matches(query.q) if query.q else (None, set(), set())
    if ranked is not None:
        rank = {pk: position for position, pk in enumerate(ranked)}
        rows = {pk: row for pk, row in rows.items() if pk in rank}
    rows = {pk: row for pk, row in rows.items() if pk not in excluded}
    active = query.filters
    facets = {}
    for name in FACETS:
        counts = Counter()
        for row in rows.values():
            if all(
                matches(row, other, values) for other, values in active.items() if other != name
            ):
                for value in row.get(name, ()):
                    counts[str(value)] += 1
        facets[name] = dict(counts)
    selected = [
        pk for pk, row in rows.items() if all(matches(row, n, v) for n, v in active.items())
    ]
    if ranked is not None and query.effective_sort == "relevance":
        selected.sort(key=lambda pk: rank[pk])
    else:
        oldest = timezone.make_aware(timezone.datetime.min.replace(year=1900))
        selected.sort(key=lambda pk: (rows[pk]["_published"] or oldest, pk), reverse=True)
    window = selected[query.offset : query.offset + query.page_size]
    parsed = parse_words(query.q)
    clauses = query_clauses(parsed)
    # The words that count: stop words are not marked when others carry the meaning.
    typed = [w for c in clauses if c.meaningful for w in c.words] or parsed.positive_words
    words = typed + [w for p in parsed.phrases for w in p.split()] + expansion_words(clauses)
    hits = [
        hit_from_document(
            doc,
            query,
            highlight=highlight(doc["summary"].get(_lang(doc, query)) or "", words),
            match="partial" if int(doc["id"]) in partial else "all",
        )
        for doc in documents(window)
    ]
    return CatalogueResult(
        query=query,
        backend="database",
        count=len(selected),
        hits=hits,
        facets=facets,
        did_you_mean=did_you_mean(query.q) if query.q and not selected else "",
        partial=bool(partial.intersection(selected)),
    )


def _lang(doc, query):
    return shown_language(doc["title"], query.lang)


def documents(page_ids):
    """Documents of the given pages, in the given order."""
    docs = documents_for(page_ids)
    return [docs[pk] for pk in page_ids if pk in docs]


def suggest(q, lang, size=8):
    condition = Q()
    for code in LANGUAGE_CODES:
        condition |= Q(**{f"title_{code}__istartswith": q}) | Q(
            **{f"title_{code}__icontains": f" {q}"}
        )
    pages = (
        public_pages(Page.objects.type(*registry.page_models()))
        .filter(condition)
        .order_by(f"title_{LANGUAGE_CODES[0]}")[:size]
    )
    suggestions = []
    for doc in documents([page.pk for page in pages]):
        shown = shown_language(doc["title"], lang)
        suggestions.append(
            {
                "title": doc["title"].get(shown, ""),
                "url": doc["url"].get(lang, ""),
                "type": doc["type"],
                "lang": shown,
            }
        )
    return suggestions


def did_you_mean(q):
    """The closest words from catalogue titles, for a query that found nothing."""
    vocabulary = set()
    titles_by_page = public_pages(Page.objects.type(*registry.page_models())).values_list(
        *TITLE_FIELDS
    )
    for titles in titles_by_page:
        for title in titles:
            vocabulary.update(fold(word) for word in WORD.findall(title or "") if len(word) > 3)
    corrected, changed = [], False
    for word in q.split():
        folded = fold(word)
        if folded in vocabulary or len(folded) <= 3:
            corrected.append(word)
            continue
        close = difflib.get_close_matches(folded, vocabulary, n=1, cutoff=0.75)
        corrected.append(close[0] if close else word)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else ""
