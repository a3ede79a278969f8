"""The glossary travels with the catalogue: sheet `glossary` in JSON and XLSX exports,
imported by key like the other sheets, with row errors that name the cell."""

import json
import re
import shutil
import tempfile
from pathlib import Path

from django.test import TestCase

from openpyxl import load_workbook

from catalogue.io import CatalogueError, export_catalogue, import_catalogue
from glossary.models import GlossaryTerm
from tests.factories.home import build_site


def without_updated_at(data):
    """Without each row's `updated_at` and the open data's `exported_at`."""
    return re.sub(rb'"(updated_at|exported_at)": "[^"]*"', b"", data)


class GlossaryImportExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def export(self, name="catalogue.json"):
        path = self.tmp / name
        export_catalogue(path)
        return path

    def test_export_wipe_import_export_gives_the_same_glossary(self):
        first = self.export()
        rows = json.loads(first.read_text(encoding="utf-8"))["glossary"]
        self.assertEqual(len(rows), GlossaryTerm.objects.count())
        company = next(row for row in rows if row["key"] == "company")
        self.assertIn("boîte", company["synonyms_fr"])
        GlossaryTerm.objects.all().delete()
        # Rows exported from terms deleted since: re-created only when the user agrees.
        report = import_catalogue(first, overwrite_newer=True)
        self.assertEqual(report.counts["glossary"]["created"], len(rows))
        # Every column but `updated_at` (when each term was last changed: just now).
        self.assertEqual(
            without_updated_at(self.export("second.json").read_bytes()),
            without_updated_at(first.read_bytes()),
        )
        self.assertEqual(import_catalogue(first).counts["glossary"]["unchanged"], len(rows))

    def test_xlsx_has_a_glossary_sheet_that_round_trips(self):
        first = self.export("first.xlsx")
        sheet = load_workbook(first)["glossary"]
        header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
        self.assertEqual(header[:4], ["key", "term_fr", "term_en", "term_es"])
        GlossaryTerm.objects.all().delete()
        import_catalogue(first, overwrite_newer=True)
        second = self.export("second.xlsx")
        changed_at = header.index("updated_at")
        self.assertEqual(
            [r[:changed_at] for r in load_workbook(second)["glossary"].iter_rows(values_only=True)],
            [r[:changed_at] for r in sheet.iter_rows(values_only=True)],
        )

    def test_an_imported_edit_changes_the_concept(self):
        path = self.export()
        data = json.loads(path.read_text(encoding="utf-8"))
        row = next(row for row in data["glossary"] if row["key"] == "microcredit")
        row["synonyms_en"] = "microloan; small loan"
        data["glossary"].append(
            {
                "key": "degrowth",
                "term_fr": "décroissance",
                "term_en": "degrowth",
                "term_es": "decrecimiento",
            }
        )
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        report = import_catalogue(path)
        self.assertEqual(report.counts["glossary"]["updated"], 1)
        self.assertEqual(report.counts["glossary"]["created"], 1)
        self.assertEqual(
            GlossaryTerm.objects.get(key="microcredit").terms("en"),
            ["microcredit", "microloan", "small loan"],
        )
        self.assertEqual(GlossaryTerm.objects.get(key="degrowth").terms("es"), ["decrecimiento"])

    def test_a_bad_row_names_its_place_and_changes_nothing(self):
        path = self.tmp / "catalogue.json"
        path.write_text(
            json.dumps({"glossary": [{"key": "Not A Key", "term_fr": "x"}]}), encoding="utf-8"
        )
        before = GlossaryTerm.objects.count()
        with self.assertRaises(CatalogueError) as caught:
            import_catalogue(path)
        self.assertIn("glossary", str(caught.exception))
        self.assertIn("key", str(caught.exception))
        self.assertEqual(GlossaryTerm.objects.count(), before)
