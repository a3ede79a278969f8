"""Search benchmark: index rebuild speed and query latency, OpenSearch and database.

    python benchmarks/search.py --docs 10000

Builds a throwaway SQLite site in var/bench/ with N deterministic synthetic practice
sheets in three languages (real Wagtail pages, kept between runs of the same size), or
fills the database named by --database-url (a PostgreSQL database of its own), times
`catalogue_db_index rebuild` and `catalogue_index rebuild` into its own index (alias
coactions-bench), then times a fixed set of queries through the JSON API, for each
backend. OpenSearch is measured when OPENSEARCH_URL is set.
"""

import argparse
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
STATUSES = ["ongoing", "completed", "discontinued"]


def sentence(rng, lang, n):
    return " ".join(rng.choice(WORDS[lang]) for _ in range(n)).capitalize() + "."


def setup_django(db_path, database_url=None):
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coactions.settings.dev")
    os.environ["OPENSEARCH_INDEX"] = "coactions-bench"
    # The benchmark measures the search, not the per-address rate limit it would trip.
    os.environ["API_RATE_LIMIT"] = "off"
    import django

    django.setup()


def build_site(n, stream):
    from django.core.management import call_command
    from django.utils.text import slugify

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
    index = PracticeIndexPage.objects.get()
    existing = PracticePage.objects.count()
    rng = random.Random(42)
    progress = ProgressBar(max(n - existing, 0), "creating", stream)
    for i in range(n):
        # Draw every sheet's text even when it exists, so sheet i is always the same.
        texts = {lang: [sentence(rng, lang, k) for k in (6, 30, 80, 80)] for lang in WORDS}
        meta = (rng.sample(themes, 2), rng.sample(COUNTRIES, 2), rng.randint(2010, 2025))
        status = rng.choice(STATUSES)
        if i < existing:
            continue
        fields = {"ref": f"bench-{i}", "status": status}
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
        page = PracticePage(
            title=fields["title_fr"],
            slug=fields["slug_fr"],
            countries=meta[1],
            year_started=meta[2],
            **fields,
        )
        page.themes = meta[0]
        # Slugs are unique by construction; Wagtail's sibling checks grow with the
        # number of sheets and only slow the set-up down.
        page.full_clean = lambda *args, **kwargs: None
        index.add_child(instance=page)
        progress.advance()


def timed_requests(client, rounds):
    latencies = []
    for round_number in range(rounds):
        for position, (q, lang) in enumerate(QUERIES):
            extra = FILTERS[(position + round_number) % len(FILTERS)]
            started = time.perf_counter()
            response = client.get(f"/api/search/?q={q}&lang={lang}{extra}")
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"query {q!r} answered {response.status_code}")
    return latencies


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
    args = parser.parse_args()

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db_path = bench_dir / f"site-{args.docs}.sqlite3"
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
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("catalogue_db_index", "rebuild", stdout=quiet, stderr=quiet)
    db_seconds = time.perf_counter() - started
    if settings.OPENSEARCH_URL:
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("catalogue_index", "rebuild", stdout=quiet, stderr=quiet)
        seconds = time.perf_counter() - started
        latencies = timed_requests(client, args.rounds)
        rows.append(("opensearch", f"{seconds:.1f}", f"{total / seconds:.0f}", latencies))
    else:
        print("OPENSEARCH_URL is not set: measuring the database backend only.")
    with override_settings(OPENSEARCH_URL=""):
        latencies = timed_requests(client, args.rounds)
    rows.append(
        (
            f"database ({connection.vendor})",
            f"{db_seconds:.1f}",
            f"{total / db_seconds:.0f}",
            latencies,
        )
    )

    queries = len(QUERIES) * args.rounds
    print(f"\nSearch benchmark: {total} practice sheets, {queries} API queries per backend")
    print(f"{'backend':<21} {'rebuild s':>10} {'docs/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max':>8}")
    for name, seconds, rate, latencies in rows:
        print(
            f"{name:<21} {seconds:>10} {rate:>8} {statistics.median(latencies):>8.1f} "
            f"{percentile(latencies, 95):>8.1f} {max(latencies):>8.1f}"
        )


if __name__ == "__main__":
    main()
