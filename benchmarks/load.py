"""Load benchmark: simulated visitors against gunicorn with production settings.

    DATABASE_URL=postgres://coactions:coactions@127.0.0.1:5432/coactions_load \\
        python benchmarks/load.py [--users 50] [--seconds 60] [--workers 3]

Sets up (or brings up to date) the demo site in that PostgreSQL database, creating the
database when the role may, with files under var/load/; with OPENSEARCH_URL set it also
rebuilds the catalogue index (alias OPENSEARCH_INDEX, default coactions-load) and the
site searches with OpenSearch. Then it starts gunicorn with the production settings
(API_RATE_LIMIT=off, plain HTTP on 127.0.0.1, the cache named by CACHE_URL, by default a
file cache in var/load/ shared by the workers), asks for every URL once (a site that has
been up a while has a warm cache; --cold skips this) and runs Locust headless
(benchmarks/locustfile.py): home pages, listings, sheets, search pages, search API and
suggestions in three languages, every visitor from the same address. It prints
requests/s, p50, p95 and errors per kind of request, stops by itself, and exits 1 when
any request failed or none was made. Targets (issue 11):
at least 100 requests/s with p95 <= 500 ms and no error, for 50 visitors over 60 s.
"""

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "load"
TARGET_RPS, TARGET_P95 = 100, 500

# Words of the demo catalogue, each language's, as visitors would type them.
WORDS = {
    "fr": ["coopérative", "jardin", "formation", "emploi", "économie solidaire", "énergie"],
    "en": ["cooperative", "garden", "training", "employment", "shared governance", "energy"],
    "es": ["cooperativa", "huerto", "formación", "empleo", "economía solidaria", "energía"],
}
PREFIXES = {"fr": ["coo", "jar", "for"], "en": ["coo", "gar", "tra"], "es": ["coo", "hue", "for"]}


def site_env(args, work):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coactions.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": args.database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "API_RATE_LIMIT": "off",
        "VAR_DIR": str(VAR),
        "EMAIL_URL": "console://",
    }
    if env.get("OPENSEARCH_URL"):
        env.setdefault("OPENSEARCH_INDEX", "coactions-load")
    # One cache for every worker, as on a one-machine deployment without Redis.
    env.setdefault("CACHE_URL", f"file://{work}/cache")
    return env


def ensure_database(url):
    """CREATE DATABASE when it does not exist (the coactions role has CREATEDB)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def manage(env, *command):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def set_up_site(env):
    # Index updates run in the command that publishes, not in a queue nobody works.
    env = {**env, "TASKS_BACKEND": "immediate"}
    VAR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    print("setting up the demo site (the first time takes minutes)", flush=True)
    manage(env, "compile_catalogues")
    # As `make setup` does, the OpenSearch index included (when OPENSEARCH_URL is set).
    manage(env, "setup", "--no-admin")
    print(f"site ready in {time.monotonic() - started:.0f} s")


def write_urls(path):
    """The URLs visitors ask for, by kind (run inside Django: --write-urls)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.urls import reverse
    from django.utils import translation

    from catalogue import registry
    from core.visibility import public_pages
    from home.models import HomePage

    groups = {name: [] for name in ("home", "listings", "sheets", "search", "api", "suggest")}
    themes = list(registry.get("theme").model.objects.values_list("slug", flat=True))
    for code in ("fr", "en", "es"):
        with translation.override(code):
            groups["home"] += [page.get_url() for page in public_pages(HomePage.objects.all())]
            for page_type in registry.page_types():
                for index in public_pages(page_type.parent_model.objects.all()):
                    groups["listings"].append(index.get_url())
                    if page_type.name == "practice":
                        groups["listings"] += [f"{index.get_url()}?theme={t}" for t in themes]
                pages = public_pages(page_type.model.objects.all()).defer_streamfields()
                groups["sheets"] += [page.get_url() for page in pages]
            search = reverse("search")
            for word in WORDS[code]:
                groups["search"].append(f"{search}?q={quote(word)}")
                groups["api"].append(f"/api/search/?q={quote(word)}&lang={code}")
            groups["api"].append(f"/api/search/?q=&lang={code}&type=practice")
            groups["suggest"] += [
                f"/api/search/suggest/?q={prefix}&lang={code}" for prefix in PREFIXES[code]
            ]
    empty = [name for name, urls in groups.items() if not urls]
    if empty:
        sys.exit(f"no URL for {', '.join(empty)}: is the demo site set up?")
    Path(path).write_text(json.dumps(groups, ensure_ascii=False), encoding="utf-8")


def wait_until_ready(base, server, log):
    for _ in range(120):
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=5) as response:
                return json.load(response)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    sys.exit(f"gunicorn did not become ready:\n{log.read_text()[-3000:]}")


def warm_up(base, urls, workers):
    """Ask for every URL once, as visitors did before the run: a site that has been up
    a while has its pages and frequent searches in the cache. As many at a time as
    gunicorn has workers: one at a time left all but one idle."""
    started = time.monotonic()
    every = sorted({url for group in urls.values() for url in group})

    def fetch(url):
        try:
            with urllib.request.urlopen(base + url, timeout=60) as response:
                response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            print(f"warm-up: {url}: {exc}")
            return 1
        return 0

    with ThreadPoolExecutor(max_workers=workers) as pool:
        errors = sum(pool.map(fetch, every))
    print(f"warm-up: {len(every)} URLs in {time.monotonic() - started:.0f} s, {errors} errors")


def read_stats(prefix):
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats_file:
        return list(csv.DictReader(stats_file))


def report(rows, args):
    print(
        f"\n{args.users} visitors, {args.seconds} s, {args.workers} gunicorn workers, "
        f"{'cold' if args.cold else 'warm'} cache"
    )
    header = f"{'request':<10} {'count':>7} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['Name']:<10} {row['Request Count']:>7} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    count, errors = int(total["Request Count"]), int(total["Failure Count"])
    rps, p95 = float(total["Requests/s"]), float(total["95%"])
    met = rps >= TARGET_RPS and p95 <= TARGET_P95 and errors == 0
    print(
        f"\ntotal: {rps:.1f} requests/s, p95 {p95:.0f} ms, {errors} errors of {count} requests "
        f"(target: >= {TARGET_RPS} req/s, p95 <= {TARGET_P95} ms, no error: "
        f"{'met' if met else 'NOT met'})"
    )
    return count, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--no-setup", action="store_true", help="reuse the site as the last run left it"
    )
    parser.add_argument(
        "--cold", action="store_true", help="start with an empty cache (no warm-up)"
    )
    parser.add_argument("--write-urls", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_urls:
        return write_urls(args.write_urls)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL (or --database-url) to a PostgreSQL database URL.")

    VAR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="load-", dir=VAR))
    env = site_env(args, work)
    if not args.no_setup:
        ensure_database(args.database_url)
        set_up_site(env)
    urls = work / "urls.json"
    subprocess.run(
        [sys.executable, __file__, "--write-urls", str(urls)], cwd=ROOT, env=env, check=True
    )

    base = f"http://127.0.0.1:{args.port}"
    log = work / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(log, "wb") as log_file:
        server = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "--workers", str(args.workers)]
            + ["--bind", f"127.0.0.1:{args.port}", "coactions.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        ready = wait_until_ready(base, server, log)
        search = ready["checks"]["opensearch"]
        print(
            f"gunicorn ready; search: {'OpenSearch' if search.get('configured') else 'database'}"
            f"; cache: {env['CACHE_URL']}"
        )
        if not args.cold:
            warm_up(base, json.loads(urls.read_text(encoding="utf-8")), args.workers)
        prefix = work / "locust"
        locust_log = work / "locust.log"
        with open(locust_log, "wb") as locust_output:
            subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py")]
                + ["--headless", "--only-summary", "--host", base, "--csv", str(prefix)]
                + ["--users", str(args.users), "--spawn-rate", str(max(args.users / 5, 1))]
                + ["--run-time", f"{args.seconds}s", "--stop-timeout", "5"],
                cwd=ROOT,
                env={**env, "LOAD_URLS": str(urls)},
                stdout=locust_output,
                stderr=subprocess.STDOUT,
                check=False,
            )
        count, errors = report(read_stats(prefix), args)
    finally:
        server.terminate()
        try:
            # Requests in flight get gunicorn's graceful timeout (30 s) to finish.
            server.wait(timeout=45)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    if errors or not count:
        failures = work / "locust_failures.csv"
        if failures.exists():
            print(failures.read_text()[:3000])
        print(f"Locust's log: {locust_log}; gunicorn's: {log}")
        sys.exit(1)


if __name__ == "__main__":
    main()
