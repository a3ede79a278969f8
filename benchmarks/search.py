"""Search benchmark: index rebuild speed and query latency, OpenSearch and database.

    python benchmarks/search.py --docs 10000

Builds a throwaway SQLite site in var/bench/ with N deterministic synthetic practice
sheets in three languages (real Wagtail pages, kept between runs of the same size), or
fills the database named by --database-url (a PostgreSQL database of its own), times
`catalogue_db_index rebuild` and `catalogue_index rebuild` into its own index (alias
`$OPENSEARCH_INDEX-bench`, coactions-bench by default), then times a fixed set of
queries through the JSON API, for each backend. OpenSearch is measured when
OPENSEARCH_URL is set; `--backends opensearch` leaves the database backend out (its
index's rebuild and its query round, slow at 100,000 sheets).
"""

import argparse
import gc
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VOCABULARY = {
    "fr": """coopérative économie solidaire transition gouvernance partagée emploi territoire
        jardin énergie formation entrepreneurs réseau commune habitants circuit court
        réparation mobilité numérique budget participatif inclusion jeunes agriculture
        artisanat culture santé logement eau forêt""",
    "en": """cooperative economy solidarity transition shared governance employment territory
        garden energy training entrepreneurs network town residents short supply repair
        mobility digital participatory budget inclusion youth farming crafts culture health
        housing water forest""",
    "es": """cooperativa economía solidaria transición gobernanza compartida empleo territorio
        huerto energía formación emprendedores red municipio vecinos circuito corto
        reparación movilidad digital presupuesto participativo inclusión jóvenes agricultura
        artesanía cultura salud vivienda agua bosque""",
}
WORDS = {lang: words.split() for lang, words in VOCABULARY.items()}
QUERIES = [
    ("cooperative", "en"),
    ("coopérative", "fr"),
    ("cooperativa", "es"),
    ("économie solidaire", "fr"),
    ("shared governance", "en"),
    ("gobernanza", "es"),
    ("jardin -énergie", "fr"),
    ('"short supply"', "en"),
    ("formaton", "fr"),
    ("mobility digital", "en"),
    ("", "fr"),
    ("", "en"),
    ("energía", "es"),
    ("repair", "en"),
    ("logement", "fr"),
    ("youth inclusion", "en"),
    # Everyday phrasings: glossary expansion, and partial matches when few match them all.
    ("salariés qui rachètent leur boîte", "fr"),
    ("free software for small coops", "en"),
    ("jóvenes que crean una empresa en verano", "es"),
    ("climate assembly of residents", "en"),
]
FILTERS = [
    "",
    "&type=practice",
    "&theme=bench-1",
    "&country=FR&country=ES",
    "&status=ongoing",
    "&sort=date",
]
COUNTRIES = ["FR", "ES", "BE", "IT", "PT", "CA"]
# The sheets' publication times: ten years, a sheet every few hours, in an order of
# their own (not their ids'), as a catalogue's come. Until 2026-12-01 every sheet had
# the time of the site's build: sorted by date, the tie-breaker did all the work.
PUBLISHED_FROM = (2016, 1, 1)
PUBLISHED_OVER = 10 * 365 * 24 * 3600
# Bumped when the synthetic site changes: a site file built before is not reused.
SITE_VERSION = 2
STATUSES = ["ongoing", "completed", "discontinued"]


def sentence(rng, lang, n):
    return " ".join(rng.choice(WORDS[lang]) for _ in range(n)).capitalize() + "."


def setup_django(db_path, database_url=None):
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coactions.settings.dev")
    # Its own alias, derived from the one given so that runs from several checkouts
    # sharing a node do not replace each other's index: coactions-bench by default.
    os.environ["OPENSEARCH_INDEX"] = os.environ.get("OPENSEARCH_INDEX", "coactions") + "-bench"
    # The benchmark measures the search, not the per-address rate limit it would trip.
    os.environ["API_RATE_LIMIT"] = "off"
    # Nor the caches: with them every round after the first would be a cache hit, and
    # the database round would be answered with what OpenSearch found.
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ["API_CACHE_SECONDS"] = "0"
    # As a public site runs: with DEBUG, Django keeps and formats every SQL query, which
    # added about half a millisecond to each search.
    os.environ["DEBUG"] = "off"
    # It measures OpenSearch: a query slowed by a busy machine must not end in the
    # database fallback (nor open the circuit breaker) and be counted as OpenSearch's.
    os.environ.setdefault("OPENSEARCH_TIMEOUT", "10")
    import django

    django.setup()


def sheet_fields(rng, i, themes):
    """Sheet i's values; drawn for every i so that sheet i is always the same."""
    from django.utils.text import slugify

    texts = {lang: [sentence(rng, lang, k) for k in (6, 30, 80, 80)] for lang in WORDS}
    chosen_themes, countries, year = (
        rng.sample(themes, 2),
        rng.sample(COUNTRIES, 2),
        rng.randint(2010, 2025),
    )
    fields = {"ref": f"bench-{i}", "status": rng.choice(STATUSES)}
    for lang, (title, summary, context, actions) in texts.items():
        if lang == "es" and i % 10 == 0:
            continue  # some sheets lack Spanish, as real ones do
        fields.update(
            {
                f"title_{lang}": f"{title[:-1]} {i}",
                f"slug_{lang}": slugify(f"{title[:40]} {i}"),
                f"summary_{lang}": summary,
                f"context_{lang}": f"<p>{context}</p>",
                f"actions_{lang}": f"<p>{actions}</p>",
            }
        )
    fields.update(countries=countries, year_started=year)
    return fields, chosen_themes


def published_time(i):
    """Sheet i's publication time, a multiplicative hash of i over the period: Knuth's
    prime shares no factor with it, so no two sheets get the same second."""
    from datetime import UTC, datetime, timedelta

    return datetime(*PUBLISHED_FROM, tzinfo=UTC) + timedelta(
        seconds=(i * 2_654_435_761) % PUBLISHED_OVER
    )


def build_site(n, stream, batch=500):
    """N published practice sheets under the practice index, created in bulk.

    Saving pages one by one (treebeard's add_child, Wagtail's save) costs tens of
    milliseconds each: 100,000 sheets would take hours. The rows are written as
    Wagtail writes them (tree path, depth, URL paths per language, locale, translation
    key, live and published dates), the base `Page` rows with bulk_create and the
    `PracticePage` rows with the same insert Django's save issues, and each batch is
    added to Wagtail's database search index (the related names its text carries read
    for the whole batch, as an import does). They are real pages: the site serves them
    and `catalogue_index rebuild` indexes them.
    """
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Prefetch, prefetch_related_objects

    from wagtail.models import Locale, Page
    from wagtail.search.backends import get_search_backend

    from catalogue import registry
    from catalogue.progress import ProgressBar
    from home.site_setup import ensure_site
    from practices.models import PracticeIndexPage, PracticePage, Theme

    call_command("migrate", "--noinput", verbosity=0)
    call_command("update_translation_fields", verbosity=0)
    ensure_site()
    themes = [
        Theme.objects.get_or_create(
            slug=f"bench-{i}",
            defaults={"name": f"Thème {i}", "name_fr": f"Thème {i}", "name_en": f"Theme {i}"},
        )[0]
        for i in range(4)
    ]
    parent = PracticeIndexPage.objects.get()
    existing = PracticePage.objects.count()
    if existing >= n:
        return
    rng = random.Random(42)
    progress = ProgressBar(n - existing, "creating", stream)
    content_type = ContentType.objects.get_for_model(PracticePage)
    locale = Locale.get_default()
    page_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    own_fields = list(PracticePage._meta.local_concrete_fields)
    Through = PracticePage.themes.through
    search_backend = get_search_backend()
    # Given their querysets, Django attaches the rows to each page's manager as they are,
    # without asking modelcluster's manager for a queryset per page first.
    related = [
        Prefetch(name, PracticePage._meta.get_field(name).related_model._default_manager.all())
        for name in registry.get("practice").prefetch
    ]
    children = parent.numchild
    last = parent.get_last_child()
    first_step = (Page._str2int(last.path[-Page.steplen :]) if last else 0) + 1
    rows = []

    def flush():
        nonlocal children
        with transaction.atomic():
            bases = Page.objects.bulk_create(
                [Page(**{name: getattr(page, name) for name in page_fields}) for page, _ in rows]
            )
            for (page, _), base in zip(rows, bases, strict=True):
                page.page_ptr_id = page.pk = base.pk
            PracticePage.objects._insert([page for page, _ in rows], fields=own_fields)
            Through.objects.bulk_create(
                [
                    Through(practicepage_id=page.pk, theme_id=theme.pk)
                    for page, page_themes in rows
                    for theme in page_themes
                ]
            )
            children += len(rows)
            Page.objects.filter(pk=parent.pk).update(numchild=children)
        # Wagtail's database search (the fallback backend) indexes a page when it is
        # saved: these were not. Its text carries the names of related objects, read for
        # the whole batch first (as an import does), not with two queries per sheet.
        pages = [page for page, _ in rows]
        prefetch_related_objects(pages, *related)
        search_backend.add_bulk(PracticePage, pages)
        for _ in rows:
            progress.advance()
        rows.clear()

    for i in range(n):
        fields, page_themes = sheet_fields(rng, i, themes)
        if i < existing:
            continue
        page = PracticePage(
            title=fields["title_fr"],
            draft_title=fields["title_fr"],
            slug=fields["slug_fr"],
            content_type=content_type,
            locale=locale,
            translation_key=uuid.uuid4(),
            path=Page._get_path(parent.path, parent.depth + 1, first_step + i - existing),
            depth=parent.depth + 1,
            numchild=0,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published_time(i),
            last_published_at=published_time(i),
            **fields,
        )
        # As Wagtail and set_translation_url_paths write them: a language without a
        # slug of its own uses the default one.
        for lang in WORDS:
            slug = fields.get(f"slug_{lang}") or fields["slug_fr"]
            setattr(page, f"url_path_{lang}", f"{getattr(parent, f'url_path_{lang}')}{slug}/")
        page.url_path = page.url_path_fr
        rows.append((page, page_themes))
        if len(rows) == batch:
            flush()
    if rows:
        flush()


def timed_requests(client, rounds, expected, first=0):
    """API latencies (ms) and, for OpenSearch, the engine's own `took` of each query, over
    rounds `first` to `first + rounds - 1` (each round pairs the queries with other
    filters).

    A query's `took` is that of every search it asked the engine for: one that found
    nothing also searches its spelling correction (search.catalogue).
    """
    from search.backends import opensearch

    engine, searches = [], []
    search = opensearch.search

    def recording(query, *args, **kwargs):
        result = search(query, *args, **kwargs)
        searches.append(result.engine_ms)
        return result

    opensearch.search = recording
    latencies = []
    try:
        for round_number in range(first, first + rounds):
            for position, (q, lang) in enumerate(QUERIES):
                extra = FILTERS[(position + round_number) % len(FILTERS)]
                searches.clear()
                started = time.perf_counter()
                response = client.get(f"/api/search/?q={q}&lang={lang}{extra}")
                latencies.append((time.perf_counter() - started) * 1000)
                if searches:
                    engine.append(sum(searches))
                if response.status_code != 200:
                    raise SystemExit(f"query {q!r} answered {response.status_code}")
                if response.json()["backend"] != expected:
                    raise SystemExit(f"query {q!r} answered from {response.json()['backend']}")
    finally:
        opensearch.search = search
    return latencies, engine


def merge_wait():
    """Wait for the segments of the index behind the alias to be merged, and return how
    many segments it has: the node runs one merge of a shard at a time, so asking for
    the same merge again answers once the rebuild's is done."""
    from search.backends import opensearch

    client = opensearch.get_indexing_client()
    client.indices.forcemerge(index=opensearch.alias_name(), max_num_segments=1)
    # The merged segment is searched from the next refresh (which an idle shard leaves to
    # its next search).
    client.indices.refresh(index=opensearch.alias_name())
    shards = client.indices.segments(index=opensearch.alias_name())["indices"]
    # Merged-away segments are listed until the node lets go of them: only count those
    # searches read.
    return sum(
        segment["search"]
        for index in shards.values()
        for shard in index["shards"].values()
        for copy in shard
        for segment in copy["segments"].values()
    )


def settle():
    """Collect the garbage of building and indexing the site, and leave what is left out
    of later collections: a full collection of the rebuild's millions of objects took
    150 ms in the middle of a measured search, which a site's process never carries."""
    gc.collect()
    gc.freeze()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="practice sheets (default 1000)")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the queries (default 5)")
    parser.add_argument(
        "--database-url",
        help="the site's database, e.g. postgres://user:password@host/coactions_bench "
        "(default: a SQLite file in var/bench/)",
    )
    parser.add_argument(
        "--backends",
        default="opensearch,database",
        help="comma-separated backends to measure (default opensearch,database); "
        "opensearch alone skips the database index's rebuild and its query round, "
        "slow at 100,000 sheets",
    )
    args = parser.parse_args()
    backends = {name.strip() for name in args.backends.split(",") if name.strip()}
    if not backends or backends - {"opensearch", "database"}:
        parser.error("--backends: opensearch, database or both")

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db_path = bench_dir / f"site-{args.docs}-v{SITE_VERSION}.sqlite3"
    setup_django(db_path, args.database_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from practices.models import PracticePage

    started = time.perf_counter()
    build_site(args.docs, sys.stderr)
    total = PracticePage.objects.count()
    print(f"Site with {total} practice sheets ready in {time.perf_counter() - started:.1f} s")
    client = Client(HTTP_HOST="localhost")
    rows = []
    merge_seconds = None
    if "database" in backends:
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("catalogue_db_index", "rebuild", stdout=quiet, stderr=quiet)
        db_seconds = time.perf_counter() - started
    if "opensearch" in backends and settings.OPENSEARCH_URL:
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("catalogue_index", "rebuild", stdout=quiet, stderr=quiet)
        seconds = time.perf_counter() - started
        # The rebuild leaves the node merging the new index's segments (search.backends.
        # opensearch.merge_segments): a site searches it merged, once that is done.
        started = time.perf_counter()
        merged = merge_wait()
        merge_seconds = time.perf_counter() - started
        settle()
        # Warm up (the first queries load the node's files and the JIT) with a round of
        # pairs of words and filters the measured rounds do not repeat: OpenSearch's
        # request cache would answer their counts.
        timed_requests(client, 1, "opensearch", first=args.rounds)
        latencies, engine = timed_requests(client, args.rounds, "opensearch")
        rows.append(("opensearch", f"{seconds:.1f}", f"{total / seconds:.0f}", latencies, engine))
    elif "opensearch" in backends:
        print("OPENSEARCH_URL is not set: OpenSearch is not measured.")
    if "database" in backends:
        settle()
        with override_settings(OPENSEARCH_URL=""):
            # Warmed up as OpenSearch is, with pairs the measured rounds do not repeat:
            # the first request in the process loads what later ones reuse (the glossary,
            # facet labels, modules imported on first use).
            timed_requests(client, 1, "database", first=args.rounds)
            latencies, _ = timed_requests(client, args.rounds, "database")
        rows.append(
            (
                f"database ({connection.vendor})",
                f"{db_seconds:.1f}",
                f"{total / db_seconds:.0f}",
                latencies,
                [],
            )
        )
    if not rows:
        return

    queries = len(QUERIES) * args.rounds
    print(f"\nSearch benchmark: {total} practice sheets, {queries} API queries per backend")
    print(
        f"{'backend':<21} {'rebuild s':>10} {'docs/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max':>8} {'took p50':>9} {'took p95':>9} {'API/took':>9}"
    )
    for name, seconds, rate, latencies, engine in rows:
        line = (
            f"{name:<21} {seconds:>10} {rate:>8} {statistics.median(latencies):>8.1f} "
            f"{percentile(latencies, 95):>8.1f} {max(latencies):>8.1f}"
        )
        if engine:
            # API/took: the API's p50 over the engine's p50, what the site adds around it.
            ratio = statistics.median(latencies) / max(statistics.median(engine), 1)
            line += (
                f" {statistics.median(engine):>9.1f} {percentile(engine, 95):>9.1f} {ratio:>9.2f}"
            )
        print(line)
    if merge_seconds is not None:
        print(
            f"The new OpenSearch index ({settings.OPENSEARCH_SHARDS} shard(s), "
            f"OPENSEARCH_SHARDS) was merged into {merged} segment(s) "
            f"{merge_seconds:.1f} s after the rebuild ended (in the background, not in "
            "its time); the searches ran on the merged index."
        )


if __name__ == "__main__":
    main()
