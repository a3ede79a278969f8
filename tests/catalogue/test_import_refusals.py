"""Files the importer refuses, saying why and what to do: a sheet under another name
(and which sheet it probably is), a JSON object that names a key twice, a file over the
size limit (one limit for the command and the admin upload), and the open data imported
back when it would remove links to pages the public cannot see."""

import json
import shutil
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse

import pytest
from openpyxl import Workbook, load_workbook

from catalogue.io import CatalogueError, export_catalogue, import_catalogue, limits
from catalogue.models import CatalogueImport
from partners.models import PartnerPage
from practices.models import PracticePage
from projects.models import ProjectPage
from tests.factories.home import build_site
from tests.factories.rows import (
    catalogue,
    import_rows,
    partner_row,
    practice_row,
    project_row,
    write_catalogue,
)

UPLOAD_URL = reverse("catalogue_import:upload")
EXPECTED = "(expected themes, partners, projects, practices, glossary)"
PRACTICE_HEADERS = ["ref", "title_fr", "summary_fr", "status"]


pytestmark = pytest.mark.usefixtures("english_messages")


class RefusalCase(TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def workbook(self, sheets, name="catalogue.xlsx"):
        """A workbook with a sheet per {name: rows}, in order."""
        workbook = Workbook()
        workbook.remove(workbook.active)
        for sheet, rows in sheets.items():
            worksheet = workbook.create_sheet(sheet)
            for row in rows:
                worksheet.append(row)
        path = self.tmp / name
        workbook.save(path)
        return path

    def refused(self, path, **options):
        with self.assertRaises(CatalogueError) as raised:
            import_catalogue(path, **options)
        return raised.exception.messages


class TestUnknownSheets(RefusalCase):
    """A sheet under another name is named with the sheet it probably is."""

    @classmethod
    def setUpTestData(cls):
        build_site()

    def every_sheet_but(self, missing):
        return {
            sheet: [["ref"]] if sheet != "themes" else [["slug"]]
            for sheet in ("themes", "partners", "projects", "practices", "glossary")
            if sheet != missing
        }

    def test_the_spreadsheet_default_name_is_the_one_sheet_missing(self):
        for name in ("Feuil1", "Sheet1", "Hoja1"):
            with self.subTest(name=name):
                sheets = self.every_sheet_but("practices")
                sheets[name] = [["Titre", "Résumé"], ["Cantine", "Une cantine."]]
                self.assertEqual(
                    self.refused(self.workbook(sheets)),
                    [
                        f"{name}: unknown sheet; rename it to 'practices' if it holds "
                        f"practice sheets {EXPECTED}"
                    ],
                )

    def test_a_sheet_with_the_columns_of_a_type_is_named_after_it(self):
        path = self.workbook(
            {"Feuil1": [PRACTICE_HEADERS, ["PR1", "Cantine", "Une cantine.", "ongoing"]]}
        )
        self.assertEqual(
            self.refused(path),
            [
                "Feuil1: unknown sheet; rename it to 'practices' if it holds practice "
                f"sheets {EXPECTED}"
            ],
        )

    def test_a_name_close_to_a_sheet_or_its_type_names_it(self):
        cases = {
            "practice": "practices",
            "Practices": "practices",
            "pratcices": "practices",
            "Pratiques": "practices",
            "Fiches pratiques": "practices",
            "Partenaires": "partners",
            "projets": "projects",
            "Thèmes": "themes",
            "Glossaire": "glossary",
        }
        for name, sheet in cases.items():
            with self.subTest(name=name):
                [message] = self.refused(self.workbook({name: [["ref"], ["x1"]]}))
                self.assertIn(f"{name}: unknown sheet; rename it to '{sheet}' if it holds", message)

    def test_without_a_good_guess_the_message_is_as_before(self):
        cases = [
            # An empty sheet left beside the data: nothing says what it holds.
            {**self.every_sheet_but("practices"), "Feuil1": []},
            # Two sheets could each be the missing one.
            {**self.every_sheet_but("practices"), "Sheet1": [["a"]], "Sheet2": [["b"]]},
            # Nothing is missing: a sheet of notes.
            {**self.every_sheet_but(None), "Notes": [["note"], ["à relire"]]},
            # Its columns are those of a sheet the file already has.
            {**self.every_sheet_but("glossary"), "Feuil1": [PRACTICE_HEADERS]},
        ]
        for sheets in cases:
            unknown = [name for name in sheets if name[0].isupper()]
            with self.subTest(sheets=list(sheets)):
                self.assertEqual(
                    self.refused(self.workbook(sheets)),
                    [f"{name}: unknown sheet {EXPECTED}" for name in unknown],
                )

    def test_a_json_key_is_named_the_same_way(self):
        data = catalogue()
        del data["practices"]
        data["practice"] = [practice_row("garden")]
        data["extra"] = []
        path = write_catalogue(self.tmp / "catalogue.json", data)
        self.assertEqual(
            self.refused(path),
            [
                "practice: unknown sheet; rename it to 'practices' if it holds practice "
                f"sheets {EXPECTED}",
                f"extra: unknown sheet {EXPECTED}",
            ],
        )
        items = {"themes": [], "partners": [], "projects": [], "glossary": []}
        items["items"] = [practice_row("garden")]
        path = write_catalogue(self.tmp / "items.json", items)
        self.assertEqual(
            self.refused(path),
            [
                "items: unknown sheet; rename it to 'practices' if it holds practice "
                f"sheets {EXPECTED}"
            ],
        )

    def test_renamed_as_suggested_the_sheet_imports(self):
        rows = [PRACTICE_HEADERS, ["PR1", "Cantine", "Une cantine.", "ongoing"]]
        self.refused(self.workbook({"Feuil1": rows}))
        import_catalogue(self.workbook({"practices": rows}))
        self.assertEqual(PracticePage.objects.get(ref="PR1").title_fr, "Cantine")


class TestRepeatedJsonKeys(RefusalCase):
    """JSON keeps the last of two values under one key: the file is refused instead."""

    @classmethod
    def setUpTestData(cls):
        build_site()

    def write_text(self, text):
        path = self.tmp / "catalogue.json"
        path.write_text(text, encoding="utf-8")
        return path

    def test_a_key_written_twice_in_a_row_is_refused_naming_the_item_and_the_key(self):
        path = self.write_text(
            '{"partners": [{"ref": "A", "name": "Alpha", "country": "FR"},\n'
            ' {"ref": "B", "name": "Beta", "ref": "C", "country": "FR", "name": "Gamma"}]}'
        )
        self.assertEqual(
            self.refused(path),
            [
                "partners, item 2: the column 'ref' appears twice in this object; "
                "delete one of them",
                "partners, item 2: the column 'name' appears twice in this object; "
                "delete one of them",
            ],
        )
        self.assertFalse(PartnerPage.objects.filter(ref__in=["A", "B", "C"]).exists())

    def test_a_sheet_written_twice_is_refused(self):
        path = self.write_text(
            '{"partners": [{"ref": "A", "name": "Alpha", "country": "FR"}],\n'
            ' "partners": [{"ref": "B", "name": "Beta", "country": "FR"}]}'
        )
        self.assertEqual(
            self.refused(path),
            ["catalogue.json: the sheet 'partners' appears twice; put all its rows in one list"],
        )
        self.assertFalse(PartnerPage.objects.filter(ref__in=["A", "B"]).exists())

    def test_the_number_checks_still_apply(self):
        for text in ('{"partners": [{"ref": "A", "year": NaN}]}', '{"partners": [1e999]}'):
            with self.subTest(text=text):
                self.assertEqual(
                    self.refused(self.write_text(text)),
                    [
                        "catalogue.json: not valid JSON: a number is too long or is not a "
                        "finite number"
                    ],
                )

    def test_the_same_key_in_different_objects_is_no_repetition(self):
        rows = [partner_row("A"), partner_row("B")]
        report = import_catalogue(self.write_text(json.dumps(catalogue(partners=rows))))
        self.assertEqual(report.counts["partners"]["created"], 2)


def grant(user, *codenames):
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))


class TestOneSizeLimit(RefusalCase):
    """The admin upload takes what the command takes (catalogue.io.limits.MAX_FILE_BYTES)."""

    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.importer = get_user_model().objects.create_user("importer", password="pw")
        grant(cls.importer, "access_admin", "import_catalogue")

    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.client.force_login(self.importer)
        self.enterContext(override_settings(CATALOGUE_IMPORT_DIR=self.tmp / "imports"))

    def padded(self, size):
        """A valid catalogue file of exactly `size` bytes (a partner, then spaces)."""
        text = json.dumps(catalogue(partners=[partner_row("big")]))
        path = self.tmp / "catalogue.json"
        path.write_bytes(text.encode() + b" " * (size - len(text)))
        return path

    def upload(self, path):
        with path.open("rb") as file:
            upload = SimpleUploadedFile(path.name, file.read())
        return self.client.post(UPLOAD_URL, {"file": upload}, follow=True)

    def command(self, path):
        call_command("import_catalogue", str(path), "--dry-run", stdout=StringIO())

    def test_the_page_states_the_importer_limit(self):
        response = self.client.get(UPLOAD_URL)
        self.assertContains(response, "practices and glossary, 32.0\xa0MB at most.")

    def test_a_file_over_ten_megabytes_is_checked_like_with_the_command(self):
        path = self.padded(11 * 1024 * 1024)
        self.command(path)
        response = self.upload(path)
        job = CatalogueImport.objects.get()
        self.assertEqual((job.status, job.errors), (CatalogueImport.Status.DONE, []))
        self.assertEqual(response.context["report"].counts["partners"]["created"], 1)

    def test_both_refuse_a_file_one_byte_over_the_limit_and_take_one_at_it(self):
        with mock.patch.object(limits, "MAX_FILE_BYTES", 4000):
            at_limit = self.padded(4000)
            self.command(at_limit)
            self.upload(at_limit)
            self.assertEqual(CatalogueImport.objects.get().status, CatalogueImport.Status.DONE)

            over = self.padded(4001)
            with self.assertRaises(CommandError):
                call_command("import_catalogue", str(over), stdout=StringIO(), stderr=StringIO())
            response = self.upload(over)
            self.assertEqual(
                response.context["form"].errors["file"],
                ["This file is too large (3.9\xa0KB); the limit is 3.9\xa0KB."],
            )
            self.assertEqual(CatalogueImport.objects.count(), 1)


class TestOpenDataImportedBack(RefusalCase):
    """The open data leaves out the pages the public cannot see and the links to them."""

    @classmethod
    def setUpTestData(cls):
        build_site()
        import_rows(
            partners=[partner_row("open"), partner_row("secret", published=False)],
            projects=[
                project_row("shown", coordinator="open", partners=["open"]),
                project_row("plans", published=False),
                project_row("led", coordinator="secret", partners=["open", "secret"]),
            ],
            practices=[
                practice_row("garden", partners=["open", "secret"], projects=["shown", "plans"]),
                practice_row("repair", partners=["open"], projects=["shown"]),
            ],
        )

    def links(self, ref):
        page = PracticePage.objects.get(ref=ref)
        return (
            sorted(page.partners.values_list("ref", flat=True)),
            sorted(page.projects.values_list("ref", flat=True)),
        )

    def edited(self, path):
        """The export `path` with the summary of the practice `repair` edited (to its
        name), as someone would."""
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            row = next(row for row in data["practices"] if row["ref"] == "repair")
            row["summary_en"] = path.name
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            return path
        workbook = load_workbook(path)
        sheet = workbook["practices"]
        headers = [cell.value for cell in sheet[1]]
        row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "repair")
        row[headers.index("summary_en")].value = path.name
        workbook.save(path)
        return path

    def summary(self, ref="repair"):
        return PracticePage.objects.get(ref=ref).summary_en

    def test_it_is_refused_naming_each_link_it_would_remove(self):
        for name in ("open.json", "open.xlsx"):
            with self.subTest(name=name):
                path = self.tmp / name
                export_catalogue(path)
                messages = self.refused(self.edited(path), overwrite_newer=True)
                where = "item 1" if name.endswith(".json") else "row 2"
                self.assertEqual(
                    messages[0],
                    f"{name} is the open data, which leaves out the pages the public cannot "
                    "see and the links to them: importing it would remove the links listed "
                    "below. To edit the catalogue, download every page instead (on the "
                    "“Import the catalogue” page of the admin, or with export_catalogue --all), "
                    "make your changes in that file and import it.",
                )
                self.assertEqual(
                    messages[1:],
                    [
                        # `led`, first of the projects the public sees.
                        f"projects, {where}, column 'coordinator': importing would remove "
                        "the link to secret, a page the public cannot see",
                        f"projects, {where}, column 'partners': importing would remove the "
                        "link to secret, a page the public cannot see",
                        # `garden`, first of the practices.
                        f"practices, {where}, column 'partners': importing would remove the "
                        "link to secret, a page the public cannot see",
                        f"practices, {where}, column 'projects': importing would remove the "
                        "link to plans, a page the public cannot see",
                    ],
                )
                self.assertEqual(self.links("garden"), (["open", "secret"], ["plans", "shown"]))
                self.assertEqual(ProjectPage.objects.get(ref="led").coordinator.ref, "secret")
                self.assertEqual(self.summary(), "Summary of practice repair.")

    def test_a_check_in_the_admin_shows_the_refusal(self):
        user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
        self.client.force_login(user)
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.enterContext(override_settings(CATALOGUE_IMPORT_DIR=self.tmp / "imports"))
        path = self.tmp / "export.json"
        export_catalogue(path)
        with path.open("rb") as file:
            upload = SimpleUploadedFile("coactions-catalogue.json", file.read())
        response = self.client.post(UPLOAD_URL, {"file": upload}, follow=True)
        job = CatalogueImport.objects.get()
        self.assertEqual(job.status, CatalogueImport.Status.FAILED)
        self.assertTrue(job.errors[0].startswith("coactions-catalogue.json is the open data"))
        self.assertContains(response, "download every page instead")
        self.assertNotIn("confirm_form", response.context)

    def test_a_row_inserted_above_the_readme_marker_still_finds_it(self):
        path = self.tmp / "open.xlsx"
        export_catalogue(path)
        workbook = load_workbook(path)
        workbook["README"].insert_rows(1, amount=2)
        workbook.save(path)
        self.assertIn("is the open data", self.refused(path)[0])

    def test_the_staff_export_edited_the_same_way_keeps_the_links(self):
        for name in ("all.json", "all.xlsx"):
            with self.subTest(name=name):
                path = self.tmp / name
                export_catalogue(path, everything=True)
                report = import_catalogue(self.edited(path))
                self.assertEqual(report.counts["practices"]["updated"], 1)
                self.assertEqual(self.summary(), name)
                self.assertEqual(self.links("garden"), (["open", "secret"], ["plans", "shown"]))

    def test_a_file_written_by_staff_may_remove_a_link_to_an_unpublished_page(self):
        data = catalogue(practices=[{"ref": "garden", "partners": ["open"]}])
        import_catalogue(write_catalogue(self.tmp / "hand.json", data))
        self.assertEqual(self.links("garden"), (["open"], ["plans", "shown"]))

    def test_the_open_data_imports_where_every_link_leads_to_a_public_page(self):
        # It holds all the staff export would, but for e-mail addresses (left as they are).
        PartnerPage.objects.get(ref="secret").save_revision().publish()
        ProjectPage.objects.get(ref="plans").save_revision().publish()
        for name in ("open.json", "open.xlsx"):
            with self.subTest(name=name):
                path = self.tmp / name
                export_catalogue(path)
                report = import_catalogue(self.edited(path))
                self.assertEqual(report.counts["practices"]["updated"], 1)
                self.assertEqual(report.counts["practices"]["unchanged"], 1)
                self.assertEqual(self.summary(), name)
                self.assertEqual(self.links("garden"), (["open", "secret"], ["plans", "shown"]))
