"""Test data built the way the demo loader builds it, through the importer.

Most tests build pages with the factories (tests/factories/<app>.py); these helpers
are for the end-to-end tests of the import and export and of the demo site.

`setup_site` creates the page tree with `home.site_setup.ensure_site()` and loads the
demo catalogue through `catalogue.io.import_catalogue()`. The helpers here do
the same: the `*_row` functions return catalogue rows (dicts keyed by the import column
names, as in home/demo/catalogue.json), and `import_rows()` writes them to a JSON
file and imports it through the same code path.
"""

import json
import tempfile
from pathlib import Path

from catalogue.io import import_catalogue

DEMO_CATALOGUE = Path(__file__).resolve().parents[2] / "home" / "demo" / "catalogue.json"

LANGS = ("fr", "en", "es")


def _translated(field, values):
    """{field_fr: .., field_en: .., field_es: ..} from a dict or one French string."""
    if isinstance(values, str):
        values = {"fr": values}
    return {f"{field}_{code}": values.get(code, "") for code in LANGS}


def theme_row(slug, name=None, **overrides):
    name = name or {
        "fr": f"Thème {slug}",
        "en": f"Theme {slug}",
        "es": f"Tema {slug}",
    }
    row = {
        "slug": slug,
        **_translated("name", name),
        **_translated("description", ""),
    }
    row.update(overrides)
    return row


def partner_row(ref, name=None, country="FR", **overrides):
    row = {
        "ref": ref,
        "name": name or f"Organisation {ref}",
        "acronym": "",
        "organisation_type": "ngo",
        "country": country,
        "city": "",
        "website": "",
        "email": "",
        "member_since": None,
        "latitude": None,
        "longitude": None,
        **_translated(
            "description",
            {
                "fr": f"Une organisation partenaire nommée {ref}.",
                "en": f"A partner organisation called {ref}.",
                "es": f"Una organización socia llamada {ref}.",
            },
        ),
    }
    row.update(overrides)
    return row


def project_row(ref, start_date="2020-01-01", end_date="2022-12-31", **overrides):
    row = {
        "ref": ref,
        **_translated(
            "title",
            {"fr": f"Projet {ref}", "en": f"Project {ref}", "es": f"Proyecto {ref}"},
        ),
        "acronym": ref.upper(),
        **_translated(
            "summary",
            {
                "fr": f"Résumé du projet {ref}.",
                "en": f"Summary of project {ref}.",
                "es": f"Resumen del proyecto {ref}.",
            },
        ),
        **_translated("description", ""),
        "programme": "erasmus_plus",
        "start_date": start_date,
        "end_date": end_date,
        "coordinator": "",
        "partners": [],
        "website": "",
    }
    row.update(overrides)
    return row


def practice_row(ref, title=None, **overrides):
    title = title or {
        "fr": f"Pratique {ref}",
        "en": f"Practice {ref}",
        "es": f"Práctica {ref}",
    }
    row = {
        "ref": ref,
        **_translated("title", title),
        **_translated(
            "summary",
            {
                "fr": f"Résumé de la pratique {ref}.",
                "en": f"Summary of practice {ref}.",
                "es": f"Resumen de la práctica {ref}.",
            },
        ),
        "themes": [],
        "countries": [],
        "partners": [],
        "projects": [],
        "year": None,
        "status": "ongoing",
        "contact_name": "",
        **_translated("contact_role", ""),
        "contact_email": "",
        "last_reviewed": None,
    }
    for section in (
        "context",
        "actions",
        "results",
        "resources",
        "difficulties",
        "transferability",
        "further_info",
    ):
        row.update(_translated(section, ""))
    row.update(overrides)
    return row


def catalogue(themes=(), partners=(), projects=(), practices=()):
    """A catalogue document (the JSON import format)."""
    return {
        "themes": list(themes),
        "partners": list(partners),
        "projects": list(projects),
        "practices": list(practices),
    }


def write_catalogue(path, data):
    """Write a catalogue as JSON or, for a .xlsx path, as a workbook a person would fill in:
    one sheet per type, headers on row 1, lists `;`-separated."""
    path = Path(path)
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        workbook.remove(workbook.active)
        for sheet, rows in data.items():
            worksheet = workbook.create_sheet(sheet)
            headers = list(dict.fromkeys(key for row in rows for key in row))
            worksheet.append(headers)
            for row in rows:
                worksheet.append(
                    [
                        ";".join(row[key]) if isinstance(row.get(key), list) else row.get(key)
                        for key in headers
                    ]
                )
        workbook.save(path)
    else:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def import_rows(themes=(), partners=(), projects=(), practices=(), dry_run=False):
    """Import rows through catalogue.io, as the demo loader does."""
    data = catalogue(themes, partners, projects, practices)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_catalogue(Path(tmp) / "catalogue.json", data)
        return import_catalogue(path, dry_run=dry_run)


def load_demo():
    """The demo catalogue, imported as `setup_site` imports it."""
    return import_catalogue(DEMO_CATALOGUE)
