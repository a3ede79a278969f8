"""The catalogue on Wagtail's database search: SQLite FTS5 or PostgreSQL full text.

Used when OPENSEARCH_URL is unset, and for a request whenever OpenSearch fails. Words are
matched by Wagtail's search over every language's text (BasePage.search_text); filters
and facet counts are computed from the facet values fetched with the ORM, with the same
rules as OpenSearch: OR within a facet, AND across facets, each facet counted with every
filter but its own, and a filter on a field a type lacks excluding that type.
"""

import difflib
from collections import Counter, defaultdict

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page
from wagtail.search.query import And, Phrase, PlainText

from partners.choices import project_status
from partners.models import PartnerPage, ProjectPage, ProjectPartner
from practices.models import PracticePage

from ..documents import CATALOGUE_TYPES, MODEL_TYPES
from ..query import FACETS, parse_words
from ..results import CatalogueResult, hit_from_document, shown_language
from ..text import WORD, fold, highlight, stem_prefix

# Enough to rank and count a realistic catalogue; beyond it, counts stop at this figure.
MAX_MATCHES = 10000


def facet_rows(today):
    """{page id: {facet: set(values)} , ...} for every live public catalogue page."""
    rows = {}
    practices = PracticePage.objects.live().public()
    for pk, codes, status, year, published in practices.values_list(
        "pk", "countries", "status", "year_started", "last_published_at"
    ):
        rows[pk] = {
            "type": {"practice"},
            "theme": set(),
            "country": {code for code in (codes or "").split(",") if code},
            "status": {status} if status else set(),
            "year": {year} if year else set(),
            "_published": published,
        }
    for pk, slug in PracticePage.themes.through.objects.filter(
        practicepage__in=practices
    ).values_list("practicepage_id", "theme__slug"):
        if pk in rows:
            rows[pk]["theme"].add(slug)

    for pk, country, kind, since, published in (
        PartnerPage.objects.live()
        .public()
        .values_list("pk", "country", "organisation_type", "member_since", "last_published_at")
    ):
        rows[pk] = {
            "type": {"partner"},
            "country": {country} if country else set(),
            "organisation_type": {kind},
            "year": {since} if since else set(),
            "_published": published,
        }

    projects = ProjectPage.objects.live().public()
    for pk, programme, start, end, coordinator_country, published in projects.values_list(
        "pk", "programme", "start_date", "end_date", "coordinator__country", "last_published_at"
    ):
        rows[pk] = {
            "type": {"project"},
            "country": {coordinator_country} if coordinator_country else set(),
            "programme": {programme},
            "status": {str(project_status(start, end, today))},
            "year": {start.year},
            "_published": published,
        }
    for pk, country in ProjectPartner.objects.filter(project__in=projects).values_list(
        "project_id", "partner__country"
    ):
        if pk in rows and country:
            rows[pk]["country"].add(country)
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
    """(Page ids matching the words, most likely first: words in the title, then newest;
    ids to leave out). Without a positive word the first is None: no ranking, everything.

    Wagtail's relevance ordering costs one full-text match per row on SQLite (a minute
    for 10,000 pages), so matches are fetched unordered and ranked here.
    """
    # parse_words gives letters and digits only: Wagtail's backends copy a term into FTS5
    # or tsquery syntax without escaping quotes or operators.
    parsed = parse_words(q)
    positive = [PlainText(term) for term in parsed.terms]
    positive += [Phrase(phrase) for phrase in parsed.phrases]
    negative = [PlainText(word) for word in parsed.excluded]
    negative += [Phrase(phrase) for phrase in parsed.excluded_phrases]
    # Exclusions are subtracted rather than sent as Not(...): PostgreSQL's backend
    # matches Not(Phrase(...)) instead of excluding it.
    excluded = set().union(*(_matching_ids(clause) for clause in negative))
    if not positive:
        return None, excluded
    query = positive[0] if len(positive) == 1 else And(positive)
    ids = [pk for pk in _matching_ids(query) if pk not in excluded]
    prefixes = {stem_prefix(word) for word in parsed.positive_words}
    ranked = []
    for pk, published, *titles in Page.objects.filter(pk__in=ids).values_list(
        "pk", "last_published_at", "title_fr", "title_en", "title_es"
    ):
        words = set(WORD.findall(fold(" ".join(title or "" for title in titles))))
        in_title = sum(1 for prefix in prefixes if any(word.startswith(prefix) for word in words))
        ranked.append((-in_title, -(published.timestamp() if published else 0), pk))
    return [pk for *_key, pk in sorted(ranked)], excluded


def _matching_ids(query):
    pages = Page.objects.live().public().type(*MODEL_TYPES).only("id")
    return [page.pk for page in pages.search(query, order_by_relevance=False)[:MAX_MATCHES]]


def search(query, today=None):
    today = today or timezone.localdate()
    rows = facet_rows(today)
    ranked, excluded = text_matches(query.q) if query.q else (None, set())
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
    words = parse_words(query.q).positive_words
    hits = [
        hit_from_document(
            doc, query, highlight=highlight(doc["summary"].get(_lang(doc, query)) or "", words)
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
    )


def _lang(doc, query):
    return shown_language(doc["title"], query.lang)


def documents(page_ids):
    """Documents of the given pages, in the given order."""
    by_type = defaultdict(list)
    for pk, content_type in Page.objects.filter(pk__in=page_ids).values_list(
        "pk", "content_type__model"
    ):
        by_type[content_type].append(pk)
    docs = {}
    for _name, (model, builder, related) in CATALOGUE_TYPES.items():
        ids = by_type.get(model._meta.model_name)
        if ids:
            for page in model.objects.filter(pk__in=ids).prefetch_related(*related):
                docs[page.pk] = builder(page)
    return [docs[pk] for pk in page_ids if pk in docs]


def suggest(q, lang, size=8):
    condition = Q()
    for code in ("fr", "en", "es"):
        condition |= Q(**{f"title_{code}__istartswith": q}) | Q(
            **{f"title_{code}__icontains": f" {q}"}
        )
    pages = (
        Page.objects.live()
        .public()
        .type(*MODEL_TYPES)
        .filter(condition)
        .order_by("title_fr")[:size]
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
    for titles in (
        Page.objects.live()
        .public()
        .type(*MODEL_TYPES)
        .values_list("title_fr", "title_en", "title_es")
    ):
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
