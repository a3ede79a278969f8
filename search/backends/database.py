"""The catalogue in the database: PostgreSQL or SQLite full text, facets counted in SQL.

Used when OPENSEARCH_URL is unset, and for a request whenever OpenSearch fails. It reads
its own index (search.database_index: one entry per public page, its facet values, its
text in search.fulltext), so a search is a handful of queries whatever the size of the
catalogue: the matching pages, their count, one aggregate query for the facets without
a filter and one per filtered facet, and the page of results with their stored
documents. The rules are OpenSearch's: OR within a facet, AND across facets, each facet
counted with every filter but its own, and a filter on a field a type lacks excluding
that type.
"""

from collections import Counter

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from wagtail.models import Page

from catalogue import registry
from catalogue.dates import q_for
from core.i18n import LANGUAGE_CODES
from core.visibility import public_pages

from ..clauses import EXPANSION_WEIGHT, MIN_COMPLETE, expansion_words, partial_threshold
from ..database_index import STORED_FACETS
from ..documents import documents_for
from ..fulltext import Match
from ..models import SearchEntry, SearchFacet
from ..query import FACETS, parse_words
from ..results import CatalogueResult, hit_from_document, shown_language
from ..text import highlight


def date_facet_types(name):
    """{type name: rules} of the types that compute this facet from dates."""
    return {t.name: t.date_facets[name] for t in registry.page_types() if name in t.date_facets}


def facet_condition(name, values, today):
    """The entries having one of `values` for facet `name` (a year range for "year")."""
    if name == "year":
        low, high = values
        stored = SearchFacet.objects.filter(name="year")
        if low is not None:
            stored = stored.filter(value__gte=f"{low:04d}")
        if high is not None:
            stored = stored.filter(value__lte=f"{high:04d}")
        return Q(page_id__in=stored.values("entry_id"))
    values = [str(value) for value in values]
    condition = Q(
        page_id__in=SearchFacet.objects.filter(name=name, value__in=values).values("entry_id")
    )
    for type_name, rules in date_facet_types(name).items():
        condition |= Q(type=type_name) & q_for(rules, values, today)
    return condition


# Enough to rank and count a realistic catalogue's partial matches; beyond it, they
# stop at this figure.
MAX_PARTIAL = 10000


def text_condition(q, lang, public):
    """(Match or None, condition on entries, {page id: weight} of the partial matches)
    for the words of `q`; `public` is the entries that may be found."""
    parsed = parse_words(q)
    match = Match(parsed, lang)
    if match.has_positive:
        sql, params = match.ids_sql()
        complete = Q(page_id__in=RawSQL(sql, params))
        partial = {}
        meaningful = partial_threshold(match.clauses) is not None
        if meaningful and public.filter(complete).count() < MIN_COMPLETE:
            partial = partial_matches(match, public.exclude(complete))
        if partial:
            return match, complete | Q(page_id__in=list(partial)), partial
        return match, complete, partial
    if parsed.excluded or parsed.excluded_phrases:
        sql, params = match.excluded_sql()
        return None, ~Q(page_id__in=RawSQL(sql, params)), {}
    return None, Q(), {}


def partial_matches(match, candidates):
    """{page id: weight} of the candidates matching at least half the meaningful
    clauses (and every phrase, no exclusion); a clause counts 1 matched as typed,
    EXPANSION_WEIGHT through the glossary only."""
    threshold = partial_threshold(match.clauses)
    matched, weights = Counter(), Counter()
    for clause in match.clauses:
        found = set()
        for typed, weight in ((True, 1), (False, EXPANSION_WEIGHT)):
            if not typed and not clause.alternatives:
                continue
            sql, params = match.clause_ids_sql(clause, typed)
            ids = candidates.filter(page_id__in=RawSQL(sql, params)).values_list(
                "page_id", flat=True
            )
            for pk in ids[:MAX_PARTIAL]:
                if pk not in found:
                    found.add(pk)
                    matched[pk] += 1
                    weights[pk] += weight
    kept = [pk for pk, count in matched.items() if count >= threshold]
    kept.sort(key=lambda pk: -weights[pk])
    return {pk: weights[pk] for pk in kept[:MAX_PARTIAL]}


def facet_counts(entries, names, today):
    """{facet: {value: count}} over `entries` for the facets in `names`."""
    counts = {name: {} for name in names}
    stored = [name for name in names if name in STORED_FACETS]
    if stored:
        rows = (
            SearchFacet.objects.filter(name__in=stored, entry_id__in=entries.values("page_id"))
            .values_list("name", "value")
            .annotate(count=Count("*"))
        )
        for name, value, count in rows:
            counts[name][str(int(value)) if name == "year" else value] = count
    for name in names:
        by_type = date_facet_types(name)
        if not by_type:
            continue
        aggregates = {}
        for type_name, rules in by_type.items():
            for value in rules:
                condition = Q(type=type_name) & q_for(rules, [value], today)
                aggregates[f"{type_name}__{value}"] = Count("page_id", filter=condition)
        for key, count in entries.filter(type__in=by_type).aggregate(**aggregates).items():
            value = key.split("__", 1)[1]
            if count:
                counts[name][value] = counts[name].get(value, 0) + count
    return counts


def search(query, today=None):
    today = today or timezone.localdate()
    public = SearchEntry.objects.filter(page_id__in=public_pages(Page.objects.all()).values("pk"))
    match, text, partial = None, Q(), {}
    if query.q:
        match, text, partial = text_condition(query.q, query.lang, public)
    matching = public.filter(text)
    active = {name: facet_condition(name, values, today) for name, values in query.filters.items()}

    def filtered(but=None):
        entries = matching
        for name, condition in active.items():
            if name != but:
                entries = entries.filter(condition)
        return entries

    selected = filtered()
    unfiltered = [name for name in FACETS if name not in active]
    facets = facet_counts(selected, unfiltered, today)
    for name in active:
        facets.update(facet_counts(filtered(but=name), [name], today))
    count = selected.count()
    partial_count = selected.filter(page_id__in=list(partial)).count() if partial else 0
    window = []
    relevance = match is not None and query.effective_sort == "relevance"
    if count > query.offset:
        if relevance and partial:
            window = _ranked_with_partial(match, selected, partial, query)
        elif relevance:
            candidates, params = selected.values("page_id").query.sql_with_params()
            sql, params = match.ranked_sql(candidates, params, query.page_size, query.offset)
            window = [pk for (pk,) in _rows(sql, params)]
        else:
            newest = F("published_at").desc(nulls_last=True)
            ordered = selected.order_by(newest, "-page_id").values_list("page_id", flat=True)
            window = list(ordered[query.offset : query.offset + query.page_size])
    stored = dict(SearchEntry.objects.filter(page_id__in=window).values_list("page_id", "document"))
    words = _highlighted_words(match) if match is not None else []
    hits = []
    for pk in window:
        doc = stored[pk]
        lang = shown_language(doc["title"], query.lang)
        summary = doc.get("summary", {}).get(lang) or ""
        hits.append(
            hit_from_document(
                doc,
                query,
                highlight=highlight(summary, words),
                match="partial" if pk in partial else "all",
            )
        )
    return CatalogueResult(
        query=query,
        backend="database",
        count=count,
        hits=hits,
        facets=facets,
        partial=partial_count > 0,
        complete=count - partial_count,
    )


def _ranked_with_partial(match, selected, partial, query):
    """The window of results when some are partial: every complete match first (there
    are fewer than MIN_COMPLETE), by relevance, then partial ones by weight, each weight
    by relevance over the clauses they match."""
    selected_ids = set(selected.values_list("page_id", flat=True))
    complete_ids = selected_ids - set(partial)
    partial_ids = selected_ids - complete_ids
    complete = _ranked(match, complete_ids)
    position = {pk: rank for rank, pk in enumerate(_ranked(match, partial_ids, any_clause=True))}
    rest = sorted(partial_ids, key=lambda pk: (-partial[pk], position.get(pk, len(position))))
    ordered = complete + rest
    return ordered[query.offset : query.offset + query.page_size]


def _ranked(match, page_ids, any_clause=False):
    if not page_ids:
        return []
    candidates = SearchEntry.objects.filter(page_id__in=page_ids).values("page_id")
    sql, params = candidates.query.sql_with_params()
    sql, params = match.ranked_sql(sql, params, len(page_ids), 0, any_clause=any_clause)
    return [pk for (pk,) in _rows(sql, params)]


def _highlighted_words(match):
    """The words marked in summaries: typed ones that count, phrases', glossary terms'."""
    parsed = match.parsed
    typed = [word for clause in match.clauses for word in clause.words]
    typed += [word for phrase in parsed.phrases for word in phrase.split()]
    return (typed or parsed.positive_words) + expansion_words(match.clauses)


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
