"""Import benchmark: practice rows per second, first import and re-imports.

    python benchmarks/import.py --rows 2000

Builds a new throwaway SQLite site in var/bench/ (the page tree, no demo), writes a JSON
catalogue with 4 themes, 20 partners, 10 projects and N practice sheets in three
languages, and imports it three times through the import service (as the command and
the admin do): into the empty site, unchanged, then with 10% of the sheets edited.
Prints one line per import, practice rows per second (every row of the file counted,
the practice sheets being nearly all of them).
"""

import argparse
import contextlib
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VOCABULARY = {
    "fr": """coopérative économie solidaire transition gouvernance emploi territoire jardin
        énergie formation réseau commune habitants réparation mobilité inclusion""",
    "en": """cooperative economy solidarity transition governance employment territory
        garden energy training network town residents repair mobility inclusion""",
    "es": """cooperativa economía solidaria transición gobernanza empleo territorio huerto
        energía formación red municipio vecinos reparación movilidad inclusión""",
}
WORDS = {lang: words.split() for lang, words in VOCABULARY.items()}
LANGS = ("fr", "en", "es")
COUNTRIES = ["FR", "ES", "BE", "IT", "PT", "CA"]


def sentence(rng, lang, n):
    return " ".join(rng.choice(WORDS[lang]) for _ in range(n)).capitalize() + "."


def translated(field, values):
    return {f"{field}_{lang}": values.get(lang, "") for lang in LANGS}


def catalogue(rows, seed=42):
    # The sheet's sections as the model declares them (Django is set up by then).
    from practices.models import SECTIONS

    rng = random.Random(seed)
    themes = [
        {
            "slug": f"bench-{i}",
            **translated("name", {"fr": f"Thème {i}", "en": f"Theme {i}", "es": f"Tema {i}"}),
            **translated("description", {}),
        }
        for i in range(4)
    ]
    partners = [
        {
            "ref": f"partner-{i}",
            "name": f"Organisation {i}",
            "acronym": "",
            "organisation_type": "ngo",
            "country": COUNTRIES[i % len(COUNTRIES)],
            "city": "",
            "website": "",
            "email": "",
            "member_since": None,
            **translated("description", {lang: sentence(rng, lang, 20) for lang in LANGS}),
        }
        for i in range(20)
    ]
    projects = [
        {
            "ref": f"project-{i}",
            **translated("title", {lang: f"{sentence(rng, lang, 4)[:-1]} {i}" for lang in LANGS}),
            "acronym": f"P{i}",
            **translated("summary", {lang: sentence(rng, lang, 20) for lang in LANGS}),
            **translated("description", {lang: sentence(rng, lang, 60) for lang in LANGS}),
            "programme": "erasmus_plus",
            "start_date": "2020-01-01",
            "end_date": "2023-12-31",
            "coordinator": f"partner-{i}",
            "partners": [f"partner-{(i + 1) % 20}", f"partner-{(i + 2) % 20}"],
            "website": "",
        }
        for i in range(10)
    ]
    practices = []
    for i in range(rows):
        row = {
            "ref": f"practice-{i}",
            **translated("title", {lang: f"{sentence(rng, lang, 5)[:-1]} {i}" for lang in LANGS}),
            **translated("summary", {lang: sentence(rng, lang, 30) for lang in LANGS}),
        }
        for section, _heading in SECTIONS:
            row.update(translated(section, {lang: sentence(rng, lang, 50) for lang in LANGS}))
        row.update(
            {
                "themes": sorted(f"bench-{k}" for k in rng.sample(range(4), 2)),
                "countries": sorted(rng.sample(COUNTRIES, 2)),
                "partners": sorted(f"partner-{k}" for k in rng.sample(range(20), 2)),
                "projects": [f"project-{rng.randrange(10)}"],
                "year": rng.randint(2010, 2025),
                "status": rng.choice(["ongoing", "completed", "discontinued"]),
                "contact_name": "",
                **translated("contact_role", dict.fromkeys(LANGS, "")),
                "contact_email": "",
                "last_reviewed": None,
            }
        )
        practices.append(row)
    return {"themes": themes, "partners": partners, "projects": projects, "practices": practices}


def setup_django(db_path):
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coactions.settings.dev")
    os.environ["OPENSEARCH_INDEX"] = os.environ.get("OPENSEARCH_INDEX", "coactions-bench")
    import django

    django.setup()


def timed_import(path, rows):
    from catalogue.import_service import run_import

    start = time.perf_counter()
    result = run_import(path)
    elapsed = time.perf_counter() - start
    if result.errors:
        raise SystemExit("\n".join(result.errors))
    return rows / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2000, help="practice sheets (default 2000)")
    args = parser.parse_args()
    bench = ROOT / "var" / "bench"
    bench.mkdir(parents=True, exist_ok=True)
    db_path = bench / f"import-{args.rows}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    setup_django(db_path)

    from django.core.management import call_command

    from home.site_setup import ensure_site

    # Migrations and setup print; the benchmark prints its three lines only.
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
        call_command("migrate", "--noinput", verbosity=0)
        ensure_site()

    data = catalogue(args.rows)
    total = sum(len(rows) for rows in data.values())
    path = bench / f"import-{args.rows}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    print(f"first import: {timed_import(path, total):.1f} rows/s", flush=True)
    print(f"re-import unchanged: {timed_import(path, total):.1f} rows/s", flush=True)
    for i, row in enumerate(data["practices"]):
        if i % 10 == 0:
            row["summary_en"] = f"Edited summary of sheet {i}."
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    print(f"re-import 10% changed: {timed_import(path, total):.1f} rows/s", flush=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    path.unlink()


if __name__ == "__main__":
    main()
