"""The workbook the exports write (catalogue.io.export, spreadsheet, readme) and the
downloads on the admin import page (catalogue.admin_exports)."""

import json
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from openpyxl import load_workbook

from catalogue.io import export_catalogue, import_catalogue
from partners.models import PartnerPage
from practices.models import PracticePage, Theme
from projects.models import ProjectPage
from tests.factories.home import build_site
from tests.factories.rows import import_rows, partner_row, practice_row, theme_row

FORMULA_LOOKING = {
    "title_fr": '=HYPERLINK("http://evil.example","clic")',
    "summary_fr": "+33 5 56 00 00 00",
    "contact_name": "-Marie-",
    "contact_role_fr": "@coordination",
}


def without_updated_at(rows):
    """Worksheet rows without the `updated_at` column (when each page was last published,
    the one column a round trip changes)."""
    rows = [list(row) for row in rows]
    if rows and "updated_at" in rows[0]:
        column = rows[0].index("updated_at")
        rows = [row[:column] + row[column + 1 :] for row in rows]
    return rows


class ExportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        import_rows(
            themes=[theme_row("extra")],
            partners=[partner_row("coop", country="BE", organisation_type="cooperative")],
            practices=[
                practice_row("plain", themes=["extra"], partners=["coop"], status="completed"),
                practice_row("formulas", **FORMULA_LOOKING),
            ],
        )

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def wipe(self):
        """Delete the pages. The rows an export holds of them are conflicts then (pages
        deleted since): importing the export back agrees to re-create them."""
        for model in (PracticePage, ProjectPage, PartnerPage):
            for page in model.objects.all():
                page.delete()
        Theme.objects.filter(slug="extra").delete()


class TestWorkbook(ExportTestCase):
    def test_readme_first_explains_every_column_in_three_languages(self):
        path = self.tmp / "catalogue.xlsx"
        export_catalogue(path)
        workbook = load_workbook(path)
        self.assertEqual(
            workbook.sheetnames,
            ["README", "themes", "partners", "projects", "practices", "glossary"],
        )
        readme = {
            (row[0], row[1]): row[2:6]
            for row in workbook["README"].iter_rows(min_row=7, max_col=6, values_only=True)
            if row[0]
        }
        required, fr, en, es = readme[("practices", "status")]
        self.assertEqual(required, "✓")
        self.assertIn("its key, one of the names listed beside it", en)
        self.assertNotEqual(fr, en)
        self.assertNotEqual(es, en)
        # A sheet's title is required in one language at least, none in particular; a
        # theme's name is required in French.
        for code in ("fr", "en", "es"):
            title = readme[("practices", f"title_{code}")]
            self.assertIsNone(title[0])
            self.assertIn("Required in one language at least.", title[2])
        self.assertEqual(readme[("themes", "name_fr")][0], "✓")
        self.assertIsNone(readme[("themes", "name_en")][0])
        for sheet in ("themes", "partners", "projects", "practices", "glossary"):
            headers = [c.value for c in workbook[sheet][1]]
            self.assertEqual({h for s, h in readme if s == sheet}, set(headers), sheet)

    def test_drop_down_lists_frozen_headers_and_widths(self):
        path = self.tmp / "catalogue.xlsx"
        export_catalogue(path)
        workbook = load_workbook(path)
        readme = workbook["README"]

        def list_values(sheet, header):
            worksheet = workbook[sheet]
            letter = next(c.column_letter for c in worksheet[1] if c.value == header)
            validation = next(
                v
                for v in worksheet.data_validations.dataValidation
                if str(v.sqref).startswith(f"{letter}2:")
            )
            target = validation.formula1.split("!")[1].replace("$", "")
            return [row[0].value for row in readme[target]]

        self.assertEqual(
            list_values("practices", "status"), ["ongoing", "completed", "discontinued"]
        )
        self.assertIn("extra", list_values("practices", "themes"))
        self.assertIn("shared-governance", list_values("practices", "themes"))
        self.assertIn("CA", list_values("practices", "countries"))
        self.assertIn("FR", list_values("partners", "country"))
        self.assertIn("cooperative", list_values("partners", "organisation_type"))
        # The other names the importer reads are listed beside the labels.
        names = dict(readme.iter_rows(min_col=8, max_col=9, values_only=True))
        self.assertIn("SCOP", names["cooperative"])
        self.assertIn("Coopérative", names["cooperative"])
        column = next(cell.column for cell in readme[6] if cell.value == "countries")
        countries = dict(
            readme.iter_rows(min_row=7, min_col=column, max_col=column + 1, values_only=True)
        )
        self.assertIn("Royaume-Uni / United Kingdom / Reino Unido / UK", countries["GB"])
        self.assertIn("erasmus_plus", list_values("projects", "programme"))
        for sheet in ("themes", "partners", "projects", "practices"):
            self.assertEqual(workbook[sheet].freeze_panes, "B2", sheet)
        practices = workbook["practices"]
        widths = {c.value: practices.column_dimensions[c.column_letter].width for c in practices[1]}
        self.assertGreaterEqual(widths["title_fr"], 15)
        self.assertLessEqual(max(widths.values()), 60)

    def test_formula_looking_cells_are_text_and_survive_a_round_trip(self):
        first = self.tmp / "first.xlsx"
        export_catalogue(first)
        with zipfile.ZipFile(first) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            self.assertFalse(any(b"<f>" in archive.read(name) for name in sheets))
        worksheet = load_workbook(first)["practices"]
        headers = [c.value for c in worksheet[1]]
        row = next(r for r in worksheet.iter_rows(min_row=2) if r[0].value == "formulas")
        for header, text in FORMULA_LOOKING.items():
            cell = row[headers.index(header)]
            self.assertEqual((cell.value, cell.data_type), (text, "s"), header)
            self.assertTrue(cell.quotePrefix, header)

        self.wipe()
        import_catalogue(first, overwrite_newer=True)
        page = PracticePage.objects.get(ref="formulas")
        self.assertEqual(page.title_fr, FORMULA_LOOKING["title_fr"])
        self.assertEqual(page.contact_role_fr, FORMULA_LOOKING["contact_role_fr"])
        second = self.tmp / "second.xlsx"
        export_catalogue(second)
        a, b = load_workbook(first), load_workbook(second)
        self.assertEqual(a.sheetnames, b.sheetnames)
        for name in a.sheetnames:
            self.assertEqual(
                without_updated_at(a[name].iter_rows(values_only=True)),
                without_updated_at(b[name].iter_rows(values_only=True)),
                name,
            )

    def test_the_open_data_says_what_it_is_where_editing_keeps_it(self):
        workbook = self.tmp / "open.xlsx"
        counts = export_catalogue(workbook)
        readme = load_workbook(workbook)["README"]
        self.assertEqual(readme["A5"].value, "open-data")
        note = readme["B5"].value
        self.assertIn("This file is the open data: the pages the public can see", note)
        self.assertIn("download every page instead", note)
        # What its licence asks of reusers, and where the link to each page is.
        self.assertIn("CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/", note)
        self.assertIn("the url_ columns", note)
        # The column table and the drop-down lists stay where they were.
        self.assertEqual(readme["A7"].value, "themes")

        document = self.tmp / "open.json"
        self.assertEqual(export_catalogue(document), counts)
        data = json.loads(document.read_text(encoding="utf-8"))
        self.assertEqual(list(data)[0], "metadata")
        metadata = data["metadata"]
        self.assertEqual(list(metadata)[0], "kind")
        self.assertEqual(metadata["kind"], "open-data")
        self.assertEqual(metadata["licence"], "https://creativecommons.org/licenses/by-sa/4.0/")
        self.assertEqual(metadata["source"], "http://localhost")
        self.assertRegex(metadata["exported_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(list(data)[1:], list(counts))
        self.assertNotIn("metadata", counts)

    def test_each_open_data_page_links_to_itself_in_every_language(self):
        document = self.tmp / "open.json"
        export_catalogue(document)
        data = json.loads(document.read_text(encoding="utf-8"))
        (row,) = [row for row in data["practices"] if row["ref"] == "plain"]
        page = PracticePage.objects.get(ref="plain")
        for code in ("fr", "en", "es"):
            with self.subTest(code=code):
                url = row[f"url_{code}"]
                self.assertTrue(url.startswith(f"http://localhost/{code}/"), url)
                response = self.client.get(url.removeprefix("http://localhost"))
                self.assertContains(response, getattr(page, f"title_{code}") or page.title_fr)
        # Not in the staff export, which is for editing and importing back.
        export_catalogue(self.tmp / "all.json", everything=True)
        staff = json.loads((self.tmp / "all.json").read_text(encoding="utf-8"))
        self.assertNotIn("url_fr", staff["practices"][0])

    def test_the_staff_export_and_the_template_carry_no_open_data_marker(self):
        for name, options in [
            ("all.xlsx", {"everything": True}),
            ("template.xlsx", {"template": True}),
        ]:
            with self.subTest(name=name):
                export_catalogue(self.tmp / name, **options)
                readme = load_workbook(self.tmp / name)["README"]
                values = {cell for row in readme.iter_rows(values_only=True) for cell in row}
                self.assertNotIn("open-data", values)
        export_catalogue(self.tmp / "all.json", everything=True)
        data = json.loads((self.tmp / "all.json").read_text(encoding="utf-8"))
        self.assertEqual(list(data), ["themes", "partners", "projects", "practices", "glossary"])

    def test_template_is_empty_with_every_column(self):
        path = self.tmp / "template.xlsx"
        counts = export_catalogue(path, template=True)
        self.assertEqual(set(counts.values()), {0})
        workbook = load_workbook(path)
        self.assertEqual(workbook["practices"].max_row, 1)
        self.assertIn("published", [c.value for c in workbook["practices"][1]])
        report = import_catalogue(path)  # the README sheet is skipped
        self.assertEqual(sum(c["created"] for c in report.counts.values()), 0)

    def test_json_staff_export_round_trip_is_byte_identical(self):
        first = self.tmp / "first.json"
        export_catalogue(first, everything=True)
        self.assertEqual(
            [(r["ref"], r["published"]) for r in json.loads(first.read_text())["practices"]],
            [("formulas", True), ("plain", True)],
        )
        self.wipe()
        import_catalogue(first, overwrite_newer=True)
        second = self.tmp / "second.json"
        export_catalogue(second, everything=True)
        first_bytes, second_bytes = (
            re.sub(rb'"updated_at": "[^"]*"', b"", path.read_bytes()) for path in (first, second)
        )
        self.assertEqual(first_bytes, second_bytes)


class TestAdminDownloads(ExportTestCase):
    def user(self, username, can_import):
        user = get_user_model().objects.create_user(username, password="x", is_staff=False)
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        if can_import:
            user.user_permissions.add(Permission.objects.get(codename="import_catalogue"))
        return user

    def test_staff_who_may_import_download_both_exports_and_the_template(self):
        self.client.force_login(self.user("importer", can_import=True))
        page = self.client.get(reverse("catalogue_import:upload"))
        for kind, extension in (
            ("open-data", "xlsx"),
            ("open-data", "json"),
            ("all", "xlsx"),
            ("all", "json"),
            ("template", "xlsx"),
        ):
            url = reverse(
                "catalogue_import:download", kwargs={"kind": kind, "extension": extension}
            )
            self.assertContains(page, f'href="{url}"')
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn(f"coactions-catalogue-{kind}-", response["Content-Disposition"])
            self.assertTrue(response["Content-Disposition"].endswith(f'.{extension}"'))
        response = self.client.get(
            reverse("catalogue_import:download", kwargs={"kind": "all", "extension": "json"})
        )
        self.assertEqual(len(json.loads(response.content)["practices"]), 2)
        bad = reverse("catalogue_import:download", kwargs={"kind": "template", "extension": "json"})
        self.assertEqual(self.client.get(bad).status_code, 404)

    def test_others_cannot_download(self):
        self.client.force_login(self.user("editor", can_import=False))
        url = reverse("catalogue_import:download", kwargs={"kind": "all", "extension": "json"})
        response = self.client.get(url)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("Content-Disposition", response)
