"""The catalogue in the database: PostgreSQL or SQLite full text, facets counted in SQL.

Used when OPENSEARCH_URL is unset, and for a request whenever OpenSearch fails. It reads
its own index (search.database_index: one entry per public page, its facet values, its
text in search.fulltext). The full-text match runs once per search (once per clause
when partial matches are needed): the ids of the matching public pages come back, and
every later query gets them as one parameter (search.fulltext.among), so none runs the
match again. Then the ids passing each filter (from the facet and type indexes), every
facet counted in one grouped query, the facets a type computes from dates, and the page
of results: ranked by the full-text engine, but only the groups of pages that reach
the page shown (see `_ranked_window`). The rules are OpenSearch's: OR within a facet,
AND across facets, each facet counted with every filter but its own, and a filter on a
field a type lacks excluding that type.
"""

import heapq
from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from wagtail.models import Page

import orjson

from catalogue import registry
from catalogue.dates import q_for
from core.i18n import LANGUAGE_CODES
from core.visibility import hidden_ids, public_pages

from ..clauses import EXPANSION_WEIGHT, MIN_COMPLETE, highlighted_words, partial_threshold
from ..documents import documents_for
from ..fulltext import Match, among, collected_ids, collected_sql
from ..models import SearchEntry, SearchFacet, SearchFacetCount
from ..query import FACETS, parse_words
from ..results import CatalogueResult, hit_from_document, shown_language
from ..text import highlight


def date_facet_types(name):
    """{type name: rules} of the types that compute this facet from dates."""
    return {t.name: t.date_facets[name] for t in registry.page_types() if name in t.date_facets}


# Enough to rank and count a realistic catalogue's partial matches; beyond it, the best
# ones by the order below are kept.
MAX_PARTIAL = 10000
# Scores read past those a page of results needs, so that the pages scoring the same as
# the last one shown are read too (the newest of them come first).
TIED_MARGIN = 100
# Up to this many entries, SQLite looks their facet values up entry by entry rather than
# scanning every value (measured: 2,000 entries 18 ms against 24 ms, 3,500 33 against 30).
MAX_LOOKUP = 2000


def _ids(sql, params):
    return collected_ids(_rows(collected_sql(sql), params))


def matching(match, everyone):
    """({ids of the public pages found}, the partial ones grouped as `partial_matches`
    groups them), `everyone` being the ids of every entry of the index.

    Without words, every public page; without positive words, the public pages less
    those with an excluded word; with them, the pages matching every clause, and when
    fewer than MIN_COMPLETE do, the partial matches too (see `partial_matches`).

    The index holds only public pages; those hidden since are taken out again here, as
    every surface does, by subtracting the few such pages rather than testing each
    match against every public page. A deleted page's entry goes with it
    (search.signals), so no entry outlives its page.
    """
    hidden = hidden_ids()
    parsed = match.parsed if match is not None else None
    if parsed is None or not (match.has_positive or parsed.excluded or parsed.excluded_phrases):
        return everyone - hidden, {}
    if not match.has_positive:
        return everyone - hidden - _ids(*match.excluded_sql()), {}
    found = _ids(*match.ids_sql()) - hidden
    if partial_threshold(match.clauses) is None or len(found) >= MIN_COMPLETE:
        return found, {}
    partial = partial_matches(match, everyone - hidden - found)
    return found.union(*partial.values()), partial


def partial_matches(match, candidates):
    """{(words, weight): {page ids}} of the candidates matching at least half the
    meaningful clauses (and every phrase, no exclusion), at most MAX_PARTIAL of them.

    `words` is how many of the query's meaningful words a page accounts for: every word
    of a clause it matches, a glossary concept counting for all the words that named it
    ("dinero en caja" matched by "tesorería" accounts for two); `weight` counts a clause
    1 when matched as typed and EXPANSION_WEIGHT when matched through the glossary only.

    The pages are split, clause after clause, into groups matching the same clauses the
    same way: set operations on a few groups, where a loop over the pages cost 60 ms of
    a search whose words are on most of 10,000 pages.
    """
    threshold = partial_threshold(match.clauses)
    # {(clauses matched, words, weight): pages}
    groups = {(0, 0, 0.0): set(candidates)}
    for clause in match.clauses:
        typed = set()
        if clause.words:
            typed = _ids(*match.clause_ids_sql(clause, True)) & candidates
        glossary = set()
        if clause.alternatives:
            glossary = (_ids(*match.clause_ids_sql(clause, False)) & candidates) - typed
        size = max(1, len(clause.words))
        split = defaultdict(set)
        for (clauses, words, weight), pages in groups.items():
            for matched, extra in ((pages & typed, 1), (pages & glossary, EXPANSION_WEIGHT)):
                if matched:
                    split[clauses + 1, words + size, weight + extra] |= matched
            rest = pages - typed - glossary
            if rest:
                split[clauses, words, weight] |= rest
        groups = split
    kept = defaultdict(set)
    for (clauses, words, weight), pages in groups.items():
        if clauses >= threshold:
            kept[words, round(weight, 6)] |= pages
    partial, room = {}, MAX_PARTIAL
    for key in sorted(kept, reverse=True):
        pages = kept[key]
        if len(pages) > room:
            # The highest ids, as the pages ranking the same are ordered.
            pages = set(sorted(pages, reverse=True)[:room])
        if pages:
            partial[key] = pages
        room -= len(pages)
    return partial


def passing(filters, today):
    """{facet: ids of the entries passing its filter} for the active filters: those
    having one of its values (a year range for "year"), read from the facet index
    alone, and those of the types computing the facet from dates that have one on the
    day, read through the type index."""
    result = {}
    for name, values in filters.items():
        stored = SearchFacet.objects.filter(name=name)
        if name == "year":
            low, high = values
            if low is not None:
                stored = stored.filter(value__gte=f"{low:04d}")
            if high is not None:
                stored = stored.filter(value__lte=f"{high:04d}")
            result[name] = _queried_ids(stored, "entry_id")
            continue
        values = [str(value) for value in values]
        ids = _queried_ids(stored.filter(value__in=values), "entry_id")
        for type_name, rules in date_facet_types(name).items():
            if not any(value in rules for value in values):
                # No such value on the day for this type (a project is never
                # "discontinued"): an empty condition has no SQL to run.
                continue
            dated = SearchEntry.objects.filter(type=type_name).filter(q_for(rules, values, today))
            ids |= _queried_ids(dated)
        result[name] = ids
    return result


def _queried_ids(queryset, field="page_id"):
    return _ids(*queryset.values(field).query.sql_with_params())


def facet_counts(groups, today, everyone):
    """{facet: {value: count}} for [(facet names, entry ids)]: each group's facets
    counted over its entries, every stored facet in one grouped query (a UNION ALL
    branch per group); `everyone`: the ids of every entry of the index.

    A group holding most of the index (a search matching most of the catalogue) is
    counted the other way round: the kept counts of every entry (SearchFacetCount) less
    the values of the entries not in it, so that a search reads the values of whichever
    is fewer, the entries it counts or those it leaves out. Those are read through the
    (entry, name, value) index when few, by scanning the (name, value, entry) index
    otherwise. (A page indexed between this query and the one reading the entries can
    be counted once too often or too few times until the next search, as when it is
    indexed between the full-text match and this query.)
    """
    counts = {name: {} for names, _ids in groups for name in names}
    stored = [(names, set(ids)) for names, ids in groups if names and ids]
    types = dict(SearchFacetCount.objects.filter(name="type").values_list("value", "count"))
    facets, totals = SearchFacet._meta.db_table, SearchFacetCount._meta.db_table
    branches, params, subtracted = [], [], []
    for group, (names, ids) in enumerate(stored):
        sign = 1
        if 2 * len(ids) > len(everyone):
            ids, sign = everyone - ids, -1
            subtracted += names
            if not ids:
                continue
        # PostgreSQL's planner picks the index by itself, and did better without the
        # names' condition at every size measured.
        lookup = connection.vendor == "postgresql" or len(ids) <= MAX_LOOKUP
        condition, id_params = among("entry_id", ids, lookup=lookup)
        # Read through the (entry, name, value) index, the values of other facets are
        # dropped below rather than filtered by name, which would lead SQLite to the
        # other index.
        names_condition = ""
        if not lookup:
            names_condition = f"name IN ({', '.join(['%s'] * len(names))}) AND "
            id_params = [*names, *id_params]
        branches.append(
            f"SELECT {group}, name, value, {sign} * COUNT(*) FROM {facets} "
            f"WHERE {names_condition}{condition} GROUP BY name, value"
        )
        params += id_params
    if subtracted:
        marks = ", ".join(["%s"] * len(subtracted))
        branches.append(f"SELECT -1, name, value, count FROM {totals} WHERE name IN ({marks})")
        params += subtracted
    if branches:
        group_names = [set(names) for names, _ids in stored]
        for group, name, value, count in _rows(" UNION ALL ".join(branches), params):
            if group >= 0 and name not in group_names[group]:
                continue
            values = counts[name]
            key = str(int(value)) if name == "year" else value
            values[key] = values.get(key, 0) + count
        for name in subtracted:
            counts[name] = {value: n for value, n in counts[name].items() if n > 0}
    for names, ids in groups:
        for name in names:
            _count_date_facet(counts[name], name, ids, today, types)
    return counts


def _count_date_facet(counts, name, ids, today, types):
    """Add the values of facet `name` that types compute from dates (a project's status
    on the day) to `counts`, for the entries among `ids` of those types (`types`: the
    number of entries of each type, those without entries skipped)."""
    for type_name, rules in date_facet_types(name).items():
        if not types.get(type_name):
            continue
        condition, params = among(f"{SearchEntry._meta.db_table}.page_id", ids)
        aggregates = {
            value: Count("page_id", filter=q_for(rules, [value], today)) for value in rules
        }
        entries = SearchEntry.objects.filter(type=type_name).extra(where=[condition], params=params)
        for value, count in entries.aggregate(**aggregates).items():
            if count:
                counts[value] = counts.get(value, 0) + count


def search(query, today=None):
    today = today or timezone.localdate()
    match = Match(parse_words(query.q), query.lang) if query.q else None
    everyone = _ids(f"SELECT page_id FROM {SearchEntry._meta.db_table}", [])
    found, partial = matching(match, everyone)
    active = passing(query.filters, today)

    def filtered(but=None):
        ids = set(found)
        for name, ids_passing in active.items():
            if name != but:
                ids &= ids_passing
        return ids

    selected = filtered()
    groups = [([name for name in FACETS if name not in active], selected)]
    groups += [([name], filtered(but=name)) for name in active]
    facets = facet_counts(groups, today, everyone)
    count = len(selected)
    partial_ids = set().union(*partial.values())
    partial_count = len(selected & partial_ids)
    window = []
    if count > query.offset:
        start, end = query.offset, query.offset + query.page_size
        if match is not None and match.has_positive and query.effective_sort == "relevance":
            complete = found - partial_ids
            window = _ranked_window(match, selected, partial, complete, start, end)
        else:
            window = _newest(selected, start, end)
    stored = dict(SearchEntry.objects.filter(page_id__in=window).values_list("page_id", "document"))
    words = highlighted_words(match.parsed, match.clauses) if match is not None else []
    hits = []
    for pk in window:
        doc = stored[pk]
        lang = shown_language(doc["title"], query.lang)
        summary = doc.get("summary", {}).get(lang) or ""
        hits.append(
            hit_from_document(
                doc,
                query,
                highlight=highlight(summary, words, lang),
                match="partial" if pk in partial_ids else "all",
                lang=lang,
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


def _ranked_window(match, selected, partial, matched, start, end):
    """The page ids at positions start to end of the results in the order shown
    (`matched`: the pages with every clause, filters aside).

    1. Pages with every word as typed, ranked by the typed words alone: among pages that
       all have them, the glossary's alternatives (which weigh less) do not reorder
       them, and leaving them out spares ranking every alternative's occurrences.
    2. Pages with every clause, some only through the glossary, ranked by all the words.
    3. Partial matches, by the number of the query's meaningful words they account for,
       then by weight (a clause matched as typed over one matched through the glossary),
       then by relevance over the clauses they match: a page covering more of what was
       asked comes first, and between equals the one using the visitor's own words.
    """
    complete = selected & matched
    groups = [(match, True, partial[key] & selected) for key in sorted(partial, reverse=True)]
    typed = match.typed_only()
    if typed is None:
        return _window([(match, False, complete), *groups], start, end, matched)
    # The first `end` pages with every word as typed; fewer means that is all of them,
    # so their number is known without a query of its own.
    head = _best(typed, complete, end, matched=matched, all_match=False)
    if len(head) == end:
        return head[start:]
    groups.insert(0, (match, False, complete - set(head)))
    return head[start:] + _window(groups, max(0, start - len(head)), end - len(head), matched)


def _window(groups, start, end, matched):
    """The page ids at positions start to end of the groups put end to end; a group is
    ranked only when it reaches the window, and only as far as the window needs."""
    window, position = [], 0
    for match, any_clause, ids in groups:
        if position >= end:
            break
        size = len(ids)
        if size and position + size > start:
            skip = max(0, start - position)
            limit = min(end, position + size) - position - skip
            # Partial matches: the clauses match many more pages than those ranked.
            among_matched = None if any_clause else matched
            window += _best(match, ids, skip + limit, any_clause, among_matched)[skip:]
        position += size
    return window


def _best(match, ids, count, any_clause=False, matched=None, all_match=True):
    """The first `count` pages among `ids` by relevance: the full-text engine's score,
    then the newest, then the highest id.

    When `ids` are nearly all of `matched` (the pages `match` can find, a search
    without filters), every match is scored and the few others left out here: that
    spares sending thousands of ids for the engine to test each match against.

    The engine scores every match and sorts the scores, and only the best come back
    (`count`, the matches left out here, and TIED_MARGIN more): reading the 10,000
    scores of a search matching every page cost a fifth of its time. Sorting by score
    and date together in SQL (a join to the entries for each) cost more than the
    scoring, so dates order only pages with the same score: those ahead of the last
    score kept, and as many as are needed of those with that score. When the pages read
    may not hold every page tied with the last one kept, all the scores are read.

    `all_match`: every page of `ids` matches `match` (not so for the typed words alone
    among pages some of whose words matched through the glossary).
    """
    if count <= 0:
        return []
    everything = matched is not None and 10 * len(ids) >= 9 * len(matched)
    among = None if everything else ids
    limit = count + TIED_MARGIN + (len(matched) - len(ids) if everything else 0)

    def best_read(limit=None):
        read = _scores(*match.scored_sql(among, any_clause, limit, all_match))
        return read, {pk: score for pk, score in read.items() if pk in ids}

    read, scores = best_read(limit)
    if len(read) == limit and (
        len(scores) < count or sorted(scores.values())[count - 1] == max(read.values())
    ):
        # The pages not read score no better than the worst read: one of them could
        # still be shown (too few read are among `ids`, or the last shown may be tied
        # with them).
        read, scores = best_read()
    if len(scores) <= count:
        ahead, last = list(scores), None
    else:
        last = heapq.nsmallest(count, scores.values())[-1]
        ahead = [pk for pk, score in scores.items() if score < last]
    position = {pk: n for n, pk in enumerate(_newest(ahead, 0, len(ahead)))}
    ahead.sort(key=lambda pk: (scores[pk], position[pk]))
    if last is None:
        return ahead
    tied = [pk for pk, score in scores.items() if score == last]
    return ahead + _newest(tied, 0, count - len(ahead))


def _newest(ids, start, end):
    """The pages among `ids` at positions start to end, the newest first (undated last),
    then the highest id."""
    if not ids or end <= start:
        return []
    condition, params = among(f"{SearchEntry._meta.db_table}.page_id", ids)
    ordered = (
        SearchEntry.objects.extra(where=[condition], params=params)
        .order_by(F("published_at").desc(nulls_last=True), "-page_id")
        .values_list("page_id", flat=True)
    )
    return list(ordered[start:end])


def _scores(sql, params):
    """{page id: score} of a `scored_sql` query."""
    ((pks, scores),) = _rows(sql, params)
    if connection.vendor != "postgresql":
        pks, scores = orjson.loads(pks), orjson.loads(scores)
    return dict(zip(pks or (), scores or (), strict=True))


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
        # By the title shown first (a page may have no French title).
        .order_by(Coalesce(*(NullIf(f"title_{code}", Value("")) for code in LANGUAGE_CODES)))[:size]
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
