"""The catalogue in OpenSearch, through opensearch-py's DSL.

One index holds practice sheets, partner organisations and projects. Its name is
versioned (`<alias>-<timestamp>`) and reached through an alias, so a rebuild fills a new
index while searches keep using the old one, then swaps the alias in one step.

Each language has its own text fields with its own analysis (French with elision and
light stemming, English, Spanish), all folding accents. A query is matched against every
language, the visitor's boosted; a field only ever holds text written in its language.
"""

import hashlib
import logging
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

import orjson
from opensearchpy import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    MetaField,
    Object,
    OpenSearch,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)
from opensearchpy.exceptions import (
    HTTP_EXCEPTIONS,
    NotFoundError,
    OpenSearchException,
    SerializationError,
    TransportError,
)
from opensearchpy.helpers import scan, streaming_bulk
from opensearchpy.serializer import JSONSerializer

from catalogue import registry
from core.i18n import LANGUAGE_CODES
from glossary import expansion

from ..clauses import (
    EXPANSION_WEIGHT,
    MIN_COMPLETE,
    highlighted_words,
    partial_threshold,
    query_clauses,
)
from ..documents import facet_values, stored_value
from ..query import FACETS, parse_words, word_forms
from ..results import CatalogueResult, hit_from_document, shown_language
from ..text import highlight

logger = logging.getLogger(__name__)

Unavailable = OpenSearchException


class IndexMissing(OpenSearchException):
    """The node answers but the catalogue index has not been created yet."""


# --- Analysis ---------------------------------------------------------------------------

french = analyzer(
    "catalogue_french",
    tokenizer="standard",
    filter=[
        token_filter(
            "catalogue_french_elision",
            "elision",
            articles_case=True,
            articles=[
                "l",
                "m",
                "t",
                "qu",
                "n",
                "s",
                "j",
                "d",
                "c",
                "jusqu",
                "quoiqu",
                "lorsqu",
                "puisqu",
            ],
        ),
        "lowercase",
        token_filter("catalogue_french_stop", "stop", stopwords="_french_"),
        "asciifolding",
        token_filter("catalogue_french_stemmer", "stemmer", language="light_french"),
    ],
)
english = analyzer(
    "catalogue_english",
    tokenizer="standard",
    filter=[
        token_filter("catalogue_english_possessive", "stemmer", language="possessive_english"),
        "lowercase",
        token_filter("catalogue_english_stop", "stop", stopwords="_english_"),
        "asciifolding",
        token_filter("catalogue_english_stemmer", "stemmer", language="english"),
    ],
)
spanish = analyzer(
    "catalogue_spanish",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter("catalogue_spanish_stop", "stop", stopwords="_spanish_"),
        "asciifolding",
        token_filter("catalogue_spanish_stemmer", "stemmer", language="light_spanish"),
    ],
)
folding = analyzer("catalogue_folding", tokenizer="standard", filter=["lowercase", "asciifolding"])
ANALYZERS = {"fr": french, "en": english, "es": spanish}


def shingles(size):
    """The folded words `size` by `size` ("shared governance"), as search_as_you_type's
    shingle subfields index them."""
    return analyzer(
        f"catalogue_shingles_{size}",
        tokenizer="standard",
        filter=[
            "lowercase",
            "asciifolding",
            token_filter(
                f"catalogue_shingles_{size}",
                "shingle",
                min_shingle_size=size,
                max_shingle_size=size,
                output_unigrams=False,
            ),
        ],
    )


def per_language_text():
    return Object(properties={code: Text(analyzer=ANALYZERS[code]) for code in LANGUAGE_CODES})


def suggestion_text():
    """The titles for suggestions while typing: words and word pairs and triples, searched
    as search_as_you_type's fields are (`suggest`, `suggest._2gram`, `suggest._3gram`,
    the last word a prefix) with the same scores.

    Not search_as_you_type itself: its `_index_prefix` subfield (every prefix of every
    three-word shingle, up to 20 letters) was half of the index's work in a rebuild, to
    spare a prefix query over the titles' few terms. Term frequencies but no positions:
    the scores need them, no phrase query runs on these fields.
    """
    return Text(
        analyzer=folding,
        index_options="freqs",
        fields={
            f"_{size}gram": Text(analyzer=shingles(size), index_options="freqs") for size in (2, 3)
        },
    )


# The fields of a document's stored `_source` (CatalogueDocument.Meta).
STORED = ["type", "title", "summary", "url", "published_at", "languages", "checksum"]


class CatalogueDocument(Document):
    type = Keyword()
    title = per_language_text()
    summary = per_language_text()
    body = per_language_text()
    url = Object(enabled=False)
    # {lang: "complete" | "partial" | "missing"}, filterable.
    languages = Object(properties={code: Keyword() for code in LANGUAGE_CODES})
    names = Text(analyzer=folding)
    theme = Keyword()
    country = Keyword()
    status = Keyword()
    year = Integer()
    # The page's id, the last tie-breaker of every order (as on the database backend).
    page_id = Integer()
    organisation_type = Keyword()
    programme = Keyword()
    start_date = Date(format="yyyy-MM-dd")
    end_date = Date(format="yyyy-MM-dd")
    published_at = Date()
    suggest = suggestion_text()
    # The glossary concepts the page's titles and summaries name, as
    # "<part>.<language>.<concept>" (concept_tags): a search for a concept asks for them.
    concepts = Keyword()
    # Every facet value stored in the page, as "<facet>:<value>" (documents.facet_values):
    # the facets a search's filters leave alone are counted by one aggregation of this
    # field instead of one per facet.
    facets = Keyword()
    # Read from the source by `sync`, never searched, sorted or aggregated.
    checksum = Keyword(index=False, doc_values=False)

    class Meta:
        dynamic = MetaField("strict")
        # Only what a page of results shows, and the checksum `sync` reads, is stored:
        # the rest is searched, never read back. A page of results then reads whole
        # stored documents, a third of their former size: picking six fields out of
        # each cost more of the engine's time than reading them all.
        source = MetaField(includes=STORED)


# --- Connection and index lifecycle -----------------------------------------------------

_clients = {}


class FastJSONSerializer(JSONSerializer):
    """opensearch-py's JSON serializer, writing and reading with orjson: the standard
    library's json took a tenth of a search's time in the site, encoding the requests
    and decoding the answers. Values orjson does not know go through the same `default`."""

    def loads(self, s):
        try:
            return orjson.loads(s)
        except orjson.JSONDecodeError as e:
            raise SerializationError(s, e) from e

    def dumps(self, data):
        if isinstance(data, (str, bytes)):
            return data
        try:
            return orjson.dumps(data, default=self.default, option=orjson.OPT_NON_STR_KEYS).decode()
        except TypeError as e:
            raise SerializationError(data, e) from e


SERIALIZER = FastJSONSerializer()


def node_urls():
    return tuple(url.strip() for url in settings.OPENSEARCH_URL.split(",") if url.strip())


def get_client():
    """The client of visitors' searches: short timeout, the other nodes tried on failure.

    OPENSEARCH_TIMEOUT bounds the whole request, every node tried included: with several
    nodes each attempt gets a share of it, and a node that fails or hangs is set aside
    for a while (opensearch-py's connection pool), so one frozen node costs one attempt.
    """
    urls = node_urls()
    key = ("search", urls, settings.OPENSEARCH_TIMEOUT)
    if key not in _clients:
        retries = min(len(urls) - 1, 1)
        _clients[key] = OpenSearch(
            hosts=list(urls),
            timeout=settings.OPENSEARCH_TIMEOUT / (retries + 1),
            max_retries=retries,
            retry_on_timeout=True,
            serializer=SERIALIZER,
        )
    return _clients[key]


def get_indexing_client():
    """The client of bulk writes and index administration: a long timeout and retries
    (also on 429/502/503/504), so that a slow bulk never fails a rebuild."""
    urls = node_urls()
    key = ("indexing", urls, settings.OPENSEARCH_BULK_TIMEOUT)
    if key not in _clients:
        _clients[key] = OpenSearch(
            hosts=list(urls),
            timeout=settings.OPENSEARCH_BULK_TIMEOUT,
            max_retries=max(len(urls), 3),
            retry_on_timeout=True,
            retry_on_status=(429, 502, 503, 504),
            # A connection per bulk in flight, kept between bulks.
            pool_maxsize=BULK_IN_FLIGHT,
            serializer=SERIALIZER,
        )
    return _clients[key]


def alias_name():
    return settings.OPENSEARCH_INDEX


def search_slices(slices):
    """The index settings splitting each search's work on a shard over `slices` threads
    (concurrent segment search). At 100,000 sheets on 2 cores, 2 slices took the API's
    p95 from 62-72 to 46-48 ms; at 10,000 they changed nothing."""
    return {
        "search.concurrent_segment_search.mode": "all" if slices > 1 else "none",
        "search.concurrent.max_slice_count": slices,
    }


def new_index(replicas=None, refresh_interval="1s"):
    name = f"{alias_name()}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"
    index = Index(name)
    index.settings(
        number_of_shards=settings.OPENSEARCH_SHARDS,
        number_of_replicas=settings.OPENSEARCH_REPLICAS if replicas is None else replicas,
        refresh_interval=refresh_interval,
        **search_slices(settings.OPENSEARCH_SEARCH_SLICES),
    )
    index.document(CatalogueDocument)
    index.create(using=get_indexing_client())
    return name


def current_index():
    """The concrete index behind the alias, or None."""
    client = get_indexing_client()
    try:
        return next(iter(client.indices.get_alias(name=alias_name())), None)
    except NotFoundError:
        return None


def ensure_index():
    name = current_index()
    if name is None:
        name = new_index()
        get_indexing_client().indices.put_alias(index=name, name=alias_name())
    ensure_fields(name)
    return name


# Fields added to the mapping since indexes were first created: an older index gets them
# before its first write, since the mapping is strict. Indexes checked by this process:
_complete = set()
ADDED_FIELDS = ("concepts", "facets")


def ensure_fields(index):
    if index in _complete:
        return
    mapping = CatalogueDocument._doc_type.mapping
    get_indexing_client().indices.put_mapping(
        index=index, body={"properties": {name: mapping[name].to_dict() for name in ADDED_FIELDS}}
    )
    _complete.add(index)


def concept_tags(doc, tagger):
    """The glossary concepts a document's titles and summaries name, found by `tagger`
    (glossary.expansion.tagger()) in the language of each text."""
    tags = []
    for part, _weight in ABOUT:
        for code, text in doc.get(part, {}).items():
            tags += [f"{part}.{code}.{concept}" for concept in tagger.concepts(text, code)]
    return sorted(tags)


def index_source(doc, tagger):
    """(the JSON text of a document's `_source`, its checksum).

    The checksum is the SHA-1 of the document, its concept tags and its facet values as
    JSON with its keys sorted: a glossary change that tags a page differently changes it,
    so that `sync` sends the page again. The source is the document with its id as a
    number to sort by (`page_id`), its titles as suggestions, its concept tags, its facet
    values, and the checksum. Given as text, the bulk helper sends it as it is instead of
    serializing the document again.

    orjson writes both in a tenth of the time the standard library takes, which was an
    eighth of a rebuild's Python time. Its JSON has no spaces and keeps non-ASCII
    characters as they are: an index whose checksums were computed by json.dumps (before
    December 2026) is reindexed whole by its next `catalogue_index sync`.
    """
    source = {key: value for key, value in doc.items() if key != "id"}
    source["concepts"] = concept_tags(doc, tagger)
    source["facets"] = [f"{name}:{value}" for name, value in facet_values(doc)]
    digest = hashlib.sha1(orjson.dumps({**doc, **source}, option=orjson.OPT_SORT_KEYS)).hexdigest()
    source["page_id"] = int(doc["id"])
    source["suggest"] = list(dict.fromkeys(doc["title"].values()))
    source["checksum"] = digest
    return orjson.dumps(source).decode(), digest


def bulk_actions(docs, index):
    tagger = expansion.tagger()
    for doc in docs:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": str(doc["id"]),
            "_source": index_source(doc, tagger)[0],
        }


BULK_RETRIES = {"max_retries": 3, "initial_backoff": 1, "max_backoff": 30}


def write(docs, deletions, index=None, refresh=False):
    """Upsert `docs` and delete the ids in `deletions`; raise Unavailable on failure.

    Without an index there is nothing to update: a single page must not become the
    whole live index, so the update waits for `catalogue_index sync` or `rebuild`.
    """
    index = index or current_index()
    if index is None:
        raise IndexMissing(f"no index behind the alias {alias_name()}")
    ensure_fields(index)
    actions = list(bulk_actions(docs, index))
    actions += [{"_op_type": "delete", "_index": index, "_id": str(pk)} for pk in deletions]
    for ok, item in streaming_bulk(
        get_indexing_client(), actions, raise_on_error=False, refresh=refresh, **BULK_RETRIES
    ):
        if not ok and not ("delete" in item and item["delete"].get("status") == 404):
            raise OpenSearchException(f"bulk item failed: {item}")


# Bulks being indexed at once by a rebuild: one per core of a small node.
BULK_IN_FLIGHT = 2


def overlapped_bulk(client, actions, chunk_size, in_flight=BULK_IN_FLIGHT):
    """streaming_bulk's (ok, item) results, with up to `in_flight` bulks sent by worker
    threads while this thread builds the next chunk: the database reads (which must stay
    in this thread, on its connection) and OpenSearch's indexing overlap instead of
    waiting for each other, and OpenSearch indexes `in_flight` bulks at once."""

    def send(chunk):
        return list(
            streaming_bulk(
                client,
                chunk,
                chunk_size=len(chunk),
                max_chunk_bytes=50 * 1024 * 1024,
                raise_on_error=False,
                **BULK_RETRIES,
            )
        )

    with ThreadPoolExecutor(max_workers=in_flight) as pool:
        pending = deque()
        chunk = []
        for action in actions:
            chunk.append(action)
            if len(chunk) == chunk_size:
                pending.append(pool.submit(send, chunk))
                chunk = []
                # One more chunk may wait for a worker: none is idle when it is done.
                while len(pending) > in_flight:
                    yield from pending.popleft().result()
        if chunk:
            pending.append(pool.submit(send, chunk))
        while pending:
            yield from pending.popleft().result()


# Documents per bulk in a rebuild. The node waits for the first bulk to be built, and the
# last ones to be indexed finish after this process is done: smaller bulks shorten both
# ends (1,000 -> 500: about 5% more documents/s at 10,000 sheets), at the price of more
# requests.
REBUILD_BULK = 500


def rebuild(documents, total, progress=None, chunk_size=REBUILD_BULK):
    """Fill a new index, then point the alias at it and drop the old one.

    While it fills nothing searches it: no replica to copy each document to, no refresh,
    no fsync per bulk. Its final settings (OPENSEARCH_REPLICAS) come once it is full.

    If anything fails before the swap (the cluster going down, say), the new index is
    dropped when possible and the alias stays on the old one: searches never notice.
    """
    client = get_indexing_client()
    old = current_index()
    name = new_index(replicas=0, refresh_interval="-1")
    started = time.monotonic()
    indexed = set()
    try:
        client.indices.put_settings(index=name, body={"index": {"translog.durability": "async"}})
        for ok, item in overlapped_bulk(client, bulk_actions(documents, name), chunk_size):
            if not ok:
                raise OpenSearchException(f"bulk item failed: {item}")
            indexed.add(int(item["index"]["_id"]))
            if progress:
                progress.advance()
        client.indices.put_settings(
            index=name,
            body={
                "index": {
                    "refresh_interval": "1s",
                    "translog.durability": "request",
                    "number_of_replicas": settings.OPENSEARCH_REPLICAS,
                }
            },
        )
        client.indices.refresh(index=name)
        # Go live with every replica copied when the cluster has room for them (a
        # single node never will: yellow is the best it can do).
        nodes = client.cluster.health()["number_of_data_nodes"]
        wanted = "green" if nodes > settings.OPENSEARCH_REPLICAS else "yellow"
        # opensearch-py reads `timeout` as its own unless request_timeout is given.
        health = client.cluster.health(
            index=name, wait_for_status=wanted, timeout="60s", request_timeout=90
        )
        if health.get("timed_out"):
            raise OpenSearchException(f"the new index {name} did not become {wanted} in 60 s")
    except Exception:
        try:
            client.indices.delete(index=name, ignore_unavailable=True)
        except OpenSearchException as exc:
            logger.warning("Could not drop the unfinished index %s: %s", name, exc)
        raise
    actions = [{"add": {"index": name, "alias": alias_name()}}]
    if old:
        actions.insert(0, {"remove": {"index": old, "alias": alias_name()}})
    client.indices.update_aliases(body={"actions": actions})
    if old:
        client.indices.delete(index=old, ignore_unavailable=True)
    merge_segments(name)
    return {
        "index": name,
        "documents": len(indexed),
        "indexed_ids": indexed,
        "seconds": time.monotonic() - started,
        "replaced": old,
    }


def merge_segments(name):
    """Have the node merge a new index into one segment per shard, in the background.

    Bulk indexing leaves several segments, and each search walks every one of them (its
    terms, its counts mapped to the index's). Merged, the engine's median time at
    100,000 sheets went from 47 to 37 ms, and from 36 to 31 in a second comparison (its
    `took`, the same requests alternated on both forms of the same index). The rebuild
    does not wait: the index is complete and live already, and searches use it while it
    merges.
    """
    try:
        get_indexing_client().indices.forcemerge(
            index=name, max_num_segments=1, wait_for_completion=False
        )
    except OpenSearchException as exc:
        logger.warning("Could not start merging the segments of %s: %s", name, exc)


def indexed_checksums():
    """{page id: checksum} of every document in the index."""
    index = ensure_index()
    return {
        int(hit["_id"]): hit["_source"].get("checksum")
        for hit in scan(
            get_indexing_client(),
            index=index,
            query={"query": {"match_all": {}}},
            _source=["checksum"],
            size=1000,
        )
    }


def checksum(doc, tagger=None):
    """`tagger`: glossary.expansion.tagger(), read once for many documents."""
    return index_source(doc, tagger or expansion.tagger())[1]


def counts_by_type():
    index = current_index()
    if index is None:
        return None
    response = Search(using=get_indexing_client(), index=index).extra(size=0)
    response.aggs.bucket("types", "terms", field="type")
    result = response.execute()
    return {bucket.key: bucket.doc_count for bucket in result.aggregations.types.buckets}


def refresh():
    get_indexing_client().indices.refresh(index=alias_name())


def cluster_status():
    """Health, nodes and the index's shards and replicas, for `catalogue_index status`."""
    client = get_indexing_client()
    health = client.cluster.health()
    nodes = client.cat.nodes(format="json", h="name,ip,http_address,node.role,cluster_manager")
    index = current_index()
    shards = replicas = slices = None
    if index:
        found = client.indices.get_settings(index=index, flat_settings=True)
        values = found[index]["settings"]
        shards = int(values["index.number_of_shards"])
        replicas = int(values["index.number_of_replicas"])
        concurrent = values.get("index.search.concurrent_segment_search.mode") == "all"
        slices = int(values.get("index.search.concurrent.max_slice_count", 1)) if concurrent else 1
    return {
        "health": health,
        "nodes": nodes,
        "index": index,
        "shards": shards,
        "replicas": replicas,
        "slices": slices,
    }


# --- Searching -------------------------------------------------------------------------

TITLE, SUMMARY, BODY, NAMES = 3.0, 2.0, 1.0, 2.5
ABOUT = (("title", TITLE), ("summary", SUMMARY))
EVERYWHERE = (*ABOUT, ("body", BODY))
VISITOR_BOOST = 2.0


def text_fields(lang):
    """Fields a query is matched against, the visitor's language boosted."""
    fields = [f"names^{NAMES}"]
    for code in LANGUAGE_CODES:
        factor = VISITOR_BOOST if code == lang else 1.0
        fields += [f"{part}.{code}^{weight * factor}" for part, weight in EVERYWHERE]
    return fields


def text_query(parsed, clauses, lang):
    """The pages matching the words, ranked: user words as bool queries, never raw query
    syntax. Its clauses are built once, for the page of results and the counts.

    Each word counts where it scores best (clause_query): a bonus for the pages having
    all the words as typed in one language's fields scored every page they are on a
    second time (half the engine's time on a query most pages match); without it, the
    relevance test set still finds each sheet in its top 3.
    """
    fields = text_fields(lang)
    others = phrases(parsed, fields)
    if not parsed.terms and not others:
        others = [Q("match_all")]
    # Each word (or a glossary term for it) somewhere.
    words = [Q("bool", must=[clause_query(c, lang) for c in clauses])] if parsed.terms else []
    return Q("bool", must=[*words, *others], must_not=exclusions(parsed, fields))


def phrases(parsed, fields):
    return [Q("multi_match", query=p, fields=fields, type="phrase") for p in parsed.phrases]


def exclusions(parsed, fields):
    excluded = [" ".join(form) for term in parsed.excluded for form in word_forms(term)]
    return [
        Q("multi_match", query=words, fields=fields, type="phrase")
        for words in excluded + parsed.excluded_phrases
    ]


def term_query(term, fields):
    """A typed term in any of its forms (co-op: "coop" or the phrase "co op"), scored
    as the best of them."""
    forms = []
    for form in word_forms(term):
        options = {"type": "phrase"} if len(form) > 1 else {}
        forms.append(Q("multi_match", query=" ".join(form), fields=fields, **options))
    return forms[0] if len(forms) == 1 else Q("dis_max", queries=forms)


def clause_query(clause, lang):
    """The words as typed, or a page naming the concept they name (concept_query),
    weighing less.

    Typing mistakes are left to the spelling correction both backends share
    (search.spelling): fuzzy matching here cost a third of every query's time, expanding
    each word in every field of every language.
    """
    fields = text_fields(lang)
    typed = [term_query(word, fields) for word in clause.words]
    typed = typed[0] if len(typed) == 1 else Q("bool", must=typed)
    if not clause.alternatives:
        return typed
    return Q("bool", should=[typed, concept_query(clause.concepts, lang)], minimum_should_match=1)


# What the phrase of a concept's term scored in a title or summary before its field's
# and the expansion's weights (BM25, for two or three words of a few thousand pages):
# a tag found weighs as much.
CONCEPT_SCORE = 5.0


def concept_query(concepts, lang):
    """Pages whose title or summary names one of `concepts`, in any language: tagged
    when indexed (concept_tags), where a page says what it is about.

    A term of several words had to be a phrase, give or take the stop words left out of
    it ("reprise salariés" finds "reprise d'une entreprise par ses salariés"), its words
    scattered over a page ("start ... ups") not naming the concept: every term of a
    concept as a phrase query in two fields of its language was most of the engine's
    time on a query naming concepts. The tags are found the same way (glossary.tagging)
    and asked for in one lookup per part and weight. A tag scores as the best place it
    is found: a title more than a summary, the visitor's language more than another,
    about as much as the phrase it replaces did.
    """
    places = []
    for part, weight in ABOUT:
        for codes, factor in (
            ([lang], VISITOR_BOOST),
            ([c for c in LANGUAGE_CODES if c != lang], 1),
        ):
            tags = [f"{part}.{code}.{concept}" for code in codes for concept in concepts]
            boost = CONCEPT_SCORE * EXPANSION_WEIGHT * weight * factor
            places.append(Q("terms", concepts=tags, boost=boost))
    return Q("dis_max", queries=places)


def partial_query(parsed, clauses, lang, complete):
    """Pages matching at least half the meaningful clauses and every phrase, none
    excluded, leaving out the complete matches (shown before them): `complete` is a
    query finding them, or None. None when the query has too few meaningful words to be
    matched in part."""
    threshold = partial_threshold(clauses)
    if threshold is None:
        return None
    fields = text_fields(lang)
    must_not = exclusions(parsed, fields)
    if complete is not None:
        must_not.append(complete)
    return Q(
        "bool",
        should=[clause_query(c, lang) for c in clauses if c.meaningful],
        minimum_should_match=threshold,
        must=phrases(parsed, fields),
        must_not=must_not,
    )


def status_filter(value, today):
    """Pages with this status: stored by some types, computed from dates by others."""
    clauses = []
    for catalogue_type in registry.page_types():
        of_type = Q("term", type=catalogue_type.name)
        rules = catalogue_type.date_facets.get("status")
        if rules:
            if value in rules:
                clauses.append(of_type & date_rule(rules[value], today.isoformat()))
        elif value in catalogue_type.facet_labels.get("status", {}):
            clauses.append(of_type & Q("term", status=value))
    return Q("bool", should=clauses, minimum_should_match=1) if clauses else Q("match_none")


def date_rule(clauses, today):
    """The OpenSearch form of a catalogue.dates rule."""
    condition = Q("match_all")
    for field, op in clauses:
        if op == "gte_or_empty":
            condition &= Q("range", **{field: {"gte": today}}) | ~Q("exists", field=field)
        else:
            condition &= Q("range", **{field: {op: today}})
    return condition


def facet_filter(name, values, today):
    if name == "year":
        low, high = values
        bounds = {}
        if low is not None:
            bounds["gte"] = low
        if high is not None:
            bounds["lte"] = high
        return Q("range", year=bounds)
    if name == "status":
        return Q(
            "bool", should=[status_filter(value, today) for value in values], minimum_should_match=1
        )
    return Q("terms", **{name: list(values)})


def combined(filters):
    return Q("bool", filter=filters) if filters else Q("match_all")


# A query of this many meaningful words rarely has them all in MIN_COMPLETE pages: its
# first page of partial matches is asked for in the same request as the complete ones,
# instead of in a second one once their number is known.
PARTIAL_AHEAD_CLAUSES = 3


def search(query, today=None):
    today = today or timezone.localdate()
    # The words are read (and the glossary consulted) once for the whole search.
    parsed = parse_words(query.q)
    clauses = query_clauses(parsed)
    text = text_query(parsed, clauses, query.lang)
    marked = highlighted_words(parsed, clauses)
    searches = [(text, query.offset, query.page_size)]
    ahead = None
    meaningful = sum(1 for clause in clauses if clause.meaningful)
    if query.offset == 0 and meaningful >= PARTIAL_AHEAD_CLAUSES:
        ahead = partial_query(parsed, clauses, query.lang, text)
        searches.append((ahead, 0, query.page_size))
    responses, engine_ms = _execute(query, today, searches)
    response = responses[0]
    complete = response["hits"]["total"]["value"]
    hits = [_hit(item, query, marked) for item in response["hits"]["hits"]]
    facets = response["facets"]
    partial = None
    if query.q and complete < MIN_COMPLETE:
        if ahead is not None:
            partial = responses[1]
            del partial["hits"]["hits"][query.page_size - len(hits) :]
        else:
            shown = [h.page_id for h in hits]
            partial, took = _partial_matches(query, parsed, clauses, text, complete, shown, today)
            engine_ms += took
    if partial is not None:
        hits += [_hit(item, query, marked, "partial") for item in partial["hits"]["hits"]]
        for name, extra in partial["facets"].items():
            # Complete and partial matches are disjoint: their counts add up.
            facets[name] = {
                value: facets[name].get(value, 0) + extra.get(value, 0)
                for value in {**facets[name], **extra}
            }
    return CatalogueResult(
        query=query,
        backend="opensearch",
        count=complete + (partial["hits"]["total"]["value"] if partial is not None else 0),
        complete=complete,
        hits=hits,
        facets=facets,
        engine_ms=engine_ms,
        partial=any(hit.match == "partial" for hit in hits),
    )


def _partial_matches(query, parsed, clauses, text, complete, shown, today):
    """(the partial matches for this page of results, after the `complete` ones (`shown`:
    the ids of those on this page), or None when the query cannot be matched in part;
    the engine's time)."""
    ids = shown
    if len(shown) < complete:
        # A later page: fetch the few complete matches' ids to leave them out.
        found = Search(using=get_client(), index=alias_name()).filter(text)
        ids = [int(hit.meta.id) for hit in found.source(False).extra(size=complete).execute()]
    excluded = Q("ids", values=[str(pk) for pk in ids]) if ids else None
    wider = partial_query(parsed, clauses, query.lang, excluded)
    if wider is None:
        return None, 0
    offset = max(0, query.offset - complete)
    size = query.page_size - len(shown)
    responses, took = _execute(query, today, [(wider, offset, size)])
    return responses[0], took


NEWEST = {"published_at": {"order": "desc", "missing": "_last"}}
LAST = {"page_id": {"order": "desc"}}
ORDERS = {"relevance": ["_score", NEWEST, LAST], "date": [NEWEST, LAST]}


def _execute(query, today, searches):
    """([the engine's answer to each search, shaped as one search's answer (a dict)],
    the engine's time), for `searches` [(query, offset, size)]: the page of results
    shown in `hits.hits`, every match counted in `hits.total` and the facets' counts in
    `facets` ({facet: {value: count}}).

    Each search is two requests, all sent together (one `_msearch`, run side by side on
    the node), each doing only its part:
    - the page of results, without counting every match, so that ranking can skip the
      pages that cannot reach it (sorted by date, nothing is scored at all);
    - the counts and facets, the words as a filter: no page is scored there.
    One request doing both scored every match: twice the time on a query most pages
    match. The facets' part of the request is written once per set of filters and day,
    and the answer is read as sent: building and wrapping the DSL's objects cost more
    than the engine's own time on queries that match few pages.
    """
    facets, groups = _facet_filters(tuple(sorted(query.filters.items())), today)
    sort = query.effective_sort
    body = []
    for text, offset, size in searches:
        words = text.to_dict()
        if sort == "date":
            selected = {"bool": {"filter": [words, facets["post_filter"]]}}
        else:
            selected = {"bool": {"must": [words], "filter": [facets["post_filter"]]}}
        page = {
            "query": selected,
            "sort": ORDERS[sort],
            "_source": True,
            "from": offset,
            "size": size,
            "track_total_hits": False,
        }
        counts = {
            "query": {"bool": {"filter": [words]}},
            "size": 0,
            "track_total_hits": True,
            **facets,
        }
        body += [{}, page, {}, counts]
    answer = get_client().msearch(index=alias_name(), body=body)
    for part in answer["responses"]:
        if "error" in part:
            status = part.get("status", 500)
            error = HTTP_EXCEPTIONS.get(status, TransportError)
            raise error(status, part["error"].get("type", "search failed"), part["error"])
    parts = answer["responses"]
    responses = [
        {
            "hits": {"hits": found["hits"]["hits"], "total": counted["hits"]["total"]},
            "facets": _facet_counts(counted["aggregations"], groups),
        }
        for found, counted in zip(parts[::2], parts[1::2], strict=True)
    ]
    return responses, answer["took"]


# A facet lists at most this many values, its commonest.
FACET_SIZE = 250
# Facets counted together list every value they hold, up to this many, so that one
# facet's many values cannot crowd out another's: each keeps its FACET_SIZE commonest.
SHARED_SIZE = 10_000


@lru_cache(maxsize=256)
def _facet_filters(filters, today):
    """({"post_filter": every active facet's filter, "aggs": the facets' aggregations},
    [(the aggregation holding some facets' counts, or None for the top level, their
    names)]), as the request's dicts, for ((facet, values), ...) on this day. Read-only:
    shared by every search with these filters.

    Each facet is counted with every active filter but its own. The facets without a
    filter of their own are thus all counted over the same pages: one aggregation of the
    `facets` field counts them together, not wrapped in a filter aggregation when no
    filter is active. At 93,000 pages matched, one terms aggregation per facet, each in
    a filter aggregation, cost 39 ms; together, unwrapped, 14 ms.
    """
    active = {name: facet_filter(name, values, today) for name, values in filters}
    search = Search()
    shared = [name for name in FACETS if name not in active]
    groups = []
    if shared:
        holder = search.aggs
        if active:
            holder = search.aggs.bucket("shared", "filter", combined(list(active.values())))
        facet_aggregations(holder, shared, today, SHARED_SIZE)
        groups.append(("shared" if active else None, tuple(shared)))
    for name in active:
        others = combined([clause for facet, clause in active.items() if facet != name])
        facet_aggregations(search.aggs.bucket(name, "filter", others), [name], today, FACET_SIZE)
        groups.append((name, (name,)))
    search = search.post_filter(combined(list(active.values())))
    request = search.to_dict()
    return {key: request[key] for key in ("post_filter", "aggs")}, tuple(groups)


def facet_aggregations(holder, names, today, size):
    """Under `holder`, the aggregations counting the facets `names`: their stored values
    ("values"), and for status, the rules of the types that compute it from their dates
    on the day ("dated_status").

    One facet is counted from its own field, which holds what `facets` holds for it.
    Several are counted from `facets` ("<facet>:<value>"), every value of it, those of
    the facets not asked for left out when the answer is read: a pattern choosing the
    values (`include`) made the engine count them in a hash table instead of an array.
    At 100,000 pages matched, both made a search with a filter a quarter faster.
    """
    field = names[0] if len(names) == 1 else "facets"
    holder.bucket("values", "terms", field=field, size=size)
    dated = [t for t in registry.page_types() if t.date_facets.get("status")]
    if "status" in names and dated:
        rules = {}
        for catalogue_type in dated:
            for value, rule in catalogue_type.date_facets["status"].items():
                rules.setdefault(value, []).append(
                    Q("term", type=catalogue_type.name) & date_rule(rule, today.isoformat())
                )
        holder.bucket(
            "dated_status", "filters", filters={v: Q("bool", should=r) for v, r in rules.items()}
        )


def _facet_counts(aggregations, groups):
    """{facet: {value: count}} from the aggregations that _facet_filters asked for."""
    counts = {name: {} for name in FACETS}
    for path, names in groups:
        group = aggregations if path is None else aggregations[path]
        for bucket in group["values"]["buckets"]:
            if len(names) == 1:
                name, value = names[0], stored_value(names[0], bucket["key"])
            else:
                name, value = bucket["key"].split(":", 1)
            if name in names and len(counts[name]) < FACET_SIZE:
                counts[name][value] = bucket["doc_count"]
        for value, bucket in group.get("dated_status", {}).get("buckets", {}).items():
            counts["status"][value] = counts["status"].get(value, 0) + bucket["doc_count"]
    return counts


def _hit(item, query, marked, match="all"):
    """A result, its summary's words marked in Python as on the database backend: the
    engine's highlighter cost a third of the time of a query naming concepts (all their
    terms marked in three languages) for the twenty summaries a page shows."""
    source = dict(item["_source"], id=item["_id"])
    lang = shown_language(source.get("title", {}), query.lang)
    return hit_from_document(
        source,
        query,
        highlight=highlight(source.get("summary", {}).get(lang, ""), marked, lang),
        score=item.get("_score"),
        match=match,
        lang=lang,
    )


def suggest(q, lang, size=8):
    s = Search(using=get_client(), index=alias_name()).query(
        "multi_match",
        query=q,
        type="bool_prefix",
        fields=["suggest", "suggest._2gram", "suggest._3gram"],
    )
    s = s.source(["type", "title", "url"]).extra(size=size)
    suggestions = []
    for item in s.execute().hits:
        source = item.to_dict()
        shown = shown_language(source["title"], lang)
        suggestions.append(
            {
                "title": source["title"].get(shown, ""),
                "url": source.get("url", {}).get(lang, ""),
                "type": source["type"],
                "lang": shown,
            }
        )
    return suggestions
