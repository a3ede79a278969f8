"""Imports that never overwrite newer work silently, and report every change.

Export, edit, import the earlier file: refused, naming the row; with the override the
report says what was replaced and which moderation was cancelled. The dry run lists each
created, updated (field by field, per language) and unchanged row, in the command's
output, the admin page and a downloadable spreadsheet. The admin runs both as tasks.
"""

import datetime
import json
import shutil
import tempfile
from io import BytesIO, StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, Revision

import pytest
from openpyxl import load_workbook

from catalogue import uploads
from catalogue.import_service import run_import
from catalogue.io import export_catalogue
from catalogue.models import CatalogueImport
from catalogue.roles import ensure_roles
from practices.models import PracticePage
from tests.factories.home import build_site
from tests.factories.practices import PracticePageFactory
from tests.factories.rows import catalogue, practice_row, theme_row, write_catalogue

pytestmark = pytest.mark.usefixtures("english_messages")


class ImportCase(TestCase):
    def setUp(self):
        build_site()
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.editor = get_user_model().objects.create_superuser(
            "editor", "editor@example.org", "pw", first_name="Ana", last_name="Editor"
        )

    def write(self, data, name="catalogue.json"):
        return write_catalogue(self.tmp / name, data)

    def start(self):
        """Two imported sheets, published a minute ago (so later edits are later)."""
        data = catalogue(
            themes=[theme_row("ess")],
            practices=[
                practice_row("garden", themes=["ess"]),
                practice_row("repair", title={"fr": "Réparer", "en": "Repair"}),
            ],
        )
        result = run_import(self.write(data))
        self.assertTrue(result.ok, result.errors)
        PracticePage.objects.update(
            last_published_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        return data

    def edit_and_publish(self, ref, **fields):
        page = PracticePage.objects.get(ref=ref)
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision(user=self.editor).publish(user=self.editor)

    def command(self, path, *options):
        out, err = StringIO(), StringIO()
        call_command("import_catalogue", str(path), *options, stdout=out, stderr=err)
        return out.getvalue()


class TestConflicts(ImportCase):
    def test_earlier_export_is_refused_then_imported_with_the_override(self):
        self.start()
        export = self.tmp / "export.json"
        export_catalogue(export)
        exported = json.loads(export.read_text())
        self.assertRegex(
            exported["practices"][0]["updated_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"
        )
        self.edit_and_publish("garden", summary_fr="Un résumé plus récent.")
        # The file changes another field of that sheet, so importing it would put back
        # the old summary too.
        exported["practices"][0]["summary_en"] = "Changed in the file."
        export.write_text(json.dumps(exported))

        err = StringIO()
        with self.assertRaises(CommandError):
            call_command("import_catalogue", str(export), stdout=StringIO(), stderr=err)
        self.assertIn("practices, item 1, 'garden'", err.getvalue())
        self.assertIn("published on", err.getvalue())
        self.assertIn("Ana Editor", err.getvalue())
        page = PracticePage.objects.get(ref="garden")
        self.assertEqual(page.summary_fr, "Un résumé plus récent.")
        self.assertEqual(page.summary_en, "Summary of practice garden.")

        out = self.command(export, "--overwrite-newer")
        self.assertIn("Replaced newer changes:", out)
        self.assertIn("'garden'", out)
        self.assertIn("summary_fr: Un résumé plus récent. → Résumé de la pratique garden.", out)
        page.refresh_from_db()
        self.assertEqual(page.summary_fr, "Résumé de la pratique garden.")
        self.assertEqual(page.summary_en, "Changed in the file.")

    def test_an_unchanged_row_is_no_conflict(self):
        self.start()
        export = self.tmp / "export.json"
        export_catalogue(export)
        self.edit_and_publish("garden", summary_fr="Un résumé plus récent.")
        exported = json.loads(export.read_text())
        exported["practices"] = [row for row in exported["practices"] if row["ref"] == "repair"]
        exported["practices"][0]["summary_en"] = "Changed."
        export.write_text(json.dumps(exported))
        result = run_import(export)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.report.conflicts, [])

    def test_a_hand_written_row_conflicts_only_with_drafts(self):
        data = self.start()
        data["practices"][0]["summary_en"] = "From the workbook."
        self.assertTrue(run_import(self.write(data), dry_run=True).report.conflicts == [])
        page = PracticePage.objects.get(ref="garden")
        page.summary_fr = "Brouillon en cours."
        page.save_revision(user=self.editor)
        dry = run_import(self.write(data), dry_run=True).report
        (entry,) = dry.changes["practices"]["updated"]
        self.assertRegex(entry["notes"][0], r"^replaces the draft saved on .* by Ana Editor$")
        result = run_import(self.write(data))
        self.assertFalse(result.ok)
        self.assertIn("a draft saved on", result.errors[0])
        self.assertIn("'garden'", result.errors[0])
        self.assertEqual(PracticePage.objects.get(ref="garden").summary_en, page.summary_en)

    def test_a_hand_written_row_conflicts_with_a_publish_since_the_last_import(self):
        data = self.start()
        self.edit_and_publish("garden", summary_fr="Corrigé dans l'admin.")
        data["practices"][0]["summary_en"] = "From the workbook."
        result = run_import(self.write(data))
        self.assertFalse(result.ok)
        self.assertIn("practices, item 1, 'garden'", result.errors[0])
        self.assertIn("by Ana Editor, after the last import", result.errors[0])
        self.assertEqual(PracticePage.objects.get(ref="garden").summary_fr, "Corrigé dans l'admin.")

        result = run_import(self.write(data), overwrite_newer=True)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual([c["key"] for c in result.report.conflicts], ["garden"])
        # What that import wrote is now the last import: the same file imports quietly.
        data["practices"][0]["summary_en"] = "From the workbook, again."
        result = run_import(self.write(data))
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.report.conflicts, [])

    def test_a_hand_written_row_conflicts_with_a_page_never_imported(self):
        page = PracticePageFactory(ref="made-here")
        page.save_revision(user=self.editor).publish(user=self.editor)
        data = catalogue(practices=[practice_row("MADE-HERE")])
        result = run_import(self.write(data))
        self.assertFalse(result.ok)
        self.assertIn("'MADE-HERE'", result.errors[0])
        self.assertIn("by Ana Editor, and never imported from a file", result.errors[0])

    def test_the_history_names_the_imported_file(self):
        self.start()
        page = PracticePage.objects.get(ref="garden")
        entry = PageLogEntry.objects.filter(page=page, action="catalogue.import").get()
        self.assertEqual(entry.revision, page.live_revision)
        self.assertEqual(entry.message, "Imported from “catalogue.json”")

    def test_moderation_is_a_conflict_and_the_override_says_it_was_cancelled(self):
        ensure_roles()
        data = self.start()
        page = PracticePage.objects.get(ref="garden")
        workflow = page.get_workflow()
        self.assertIsNotNone(workflow)
        workflow.start(page, self.editor)
        data["practices"][0]["summary_en"] = "From the workbook."
        dry = run_import(self.write(data), dry_run=True).report
        self.assertEqual([c["key"] for c in dry.conflicts], ["garden"])
        self.assertIn("in moderation", dry.conflicts[0]["reasons"][0])
        self.assertFalse(run_import(self.write(data)).ok)
        self.assertTrue(PracticePage.objects.get(ref="garden").workflow_in_progress)

        result = run_import(self.write(data), overwrite_newer=True, user=self.editor)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(
            [(item["key"], item["workflow"]) for item in result.report.cancelled_workflows],
            [("garden", workflow.name)],
        )
        self.assertFalse(PracticePage.objects.get(ref="garden").workflow_in_progress)
        self.assertIn("workflow", "\n".join(result.report.detail_lines()))


class TestReport(ImportCase):
    def test_dry_run_lists_each_change_per_language(self):
        data = self.start()
        data["practices"][0]["title_es"] = "Huerto"
        data["practices"][0]["summary_en"] = "A much longer summary. " * 10
        data["practices"].append(practice_row("new-one"))
        path = self.write(data)
        before = Page.objects.count()
        out = self.command(path, "--dry-run", "--report", str(self.tmp / "report.xlsx"))
        self.assertEqual(Page.objects.count(), before)
        lines = out.splitlines()
        self.assertIn("practices: 1 created, 1 updated, 1 unchanged", lines)
        self.assertIn("  + 'new-one' “Pratique new-one”", lines)
        self.assertIn("  ~ 'garden' “Pratique garden”", lines)
        self.assertIn("      title_es: Práctica garden → Huerto", lines)
        summary = next(line for line in lines if "summary_en:" in line)
        self.assertTrue(summary.endswith("…"), summary)
        self.assertLess(len(summary), 200)
        self.assertIn("  = unchanged: repair", lines)

        workbook = load_workbook(self.tmp / "report.xlsx")
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        self.assertIn(
            (
                "practices",
                "garden",
                "Pratique garden",
                "updated",
                "title_es",
                "Práctica garden",
                "Huerto",
                None,
            ),
            rows,
        )
        self.assertIn(("practices", "repair", None, "unchanged", None, None, None, None), rows)

    def test_an_edit_at_the_end_of_a_long_text_shows_on_both_sides(self):
        long = "Avant d'entrer dans le vif du sujet, chaque réunion commence par un tour de table. "
        data = catalogue(practices=[practice_row("garden", summary_fr=long * 2 + "Fin.")])
        self.assertTrue(run_import(self.write(data)).ok)
        data["practices"][0]["summary_fr"] = long * 2 + "Fin corrigée."
        report = run_import(self.write(data), dry_run=True).report
        change = report.changes["practices"]["updated"][0]["fields"][0]
        self.assertEqual(change["column"], "summary_fr")
        self.assertNotEqual(change["old"], change["new"])
        self.assertTrue(change["old"].startswith("…"), change)
        self.assertTrue(change["old"].endswith("Fin."), change)
        self.assertTrue(change["new"].endswith("Fin corrigée."), change)
        self.assertLessEqual(len(change["new"]), 80)

    def test_imported_pages_are_in_the_database_search(self):
        self.start()
        self.assertEqual(
            [page.ref for page in PracticePage.objects.live().search("Réparer")], ["repair"]
        )


@override_settings(CATALOGUE_IMPORT_DIR=tempfile.mkdtemp())
class TestAdmin(ImportCase):
    def setUp(self):
        super().setUp()
        # The admin answers in the browser's language; messages are asserted in English.
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.client.force_login(self.editor)

    def upload(self, data):
        file = SimpleUploadedFile(
            "my catalogue.json", json.dumps(data).encode(), content_type="application/json"
        )
        return self.client.post(reverse("catalogue_import:upload"), {"file": file})

    def test_check_then_import_as_tasks_with_the_report(self):
        data = self.start()
        data["practices"][1]["summary_en"] = "New summary."
        response = self.upload(data)
        job = CatalogueImport.objects.get()
        self.assertRedirects(response, reverse("catalogue_import:job", args=[job.pk]))
        self.assertEqual(job.status, "done")
        self.assertTrue(job.dry_run)
        page = self.client.get(response["Location"])
        html = page.content.decode()
        self.assertContains(page, "is valid")
        self.assertIn("New summary.", html)
        self.assertIn("summary_en", html)
        self.assertNotIn("<script>", html)  # the progress script is a static file

        status = self.client.get(reverse("catalogue_import:status", args=[job.pk])).json()
        self.assertEqual(status, {"status": "done", "finished": True, "progress": None})
        download = self.client.get(reverse("catalogue_import:report", args=[job.pk]))
        self.assertEqual(download.status_code, 200)
        rows = list(load_workbook(BytesIO(download.content)).worksheets[0].values)
        self.assertIn("New summary.", [row[6] for row in rows])

        response = self.client.post(reverse("catalogue_import:confirm", args=[job.pk]))
        real = CatalogueImport.objects.get(checked=job)
        self.assertRedirects(response, reverse("catalogue_import:job", args=[real.pk]))
        self.assertEqual(real.status, "done")
        self.assertEqual(PracticePage.objects.get(ref="repair").summary_en, "New summary.")
        self.assertContains(self.client.get(response["Location"]), "was imported")
        # Confirmed once: a second confirmation starts nothing.
        self.client.post(reverse("catalogue_import:confirm", args=[job.pk]))
        self.assertEqual(CatalogueImport.objects.count(), 2)

    def test_conflicts_need_the_box_ticked(self):
        self.start()
        export = self.tmp / "export.json"
        export_catalogue(export)
        exported = json.loads(export.read_text())
        self.edit_and_publish("garden", summary_fr="Plus récent.")
        exported["practices"][0]["summary_en"] = "Changed in the file."
        self.upload(exported)
        job = CatalogueImport.objects.get()
        url = reverse("catalogue_import:job", args=[job.pk])
        page = self.client.get(url)
        self.assertContains(page, "Newer changes")
        self.assertContains(page, "would replace newer changes: 1 page has newer work")
        self.assertNotContains(page, "is valid")
        self.assertNotContains(page, "Import the catalogue</button>")
        self.assertContains(page, 'name="overwrite_newer" value="on"')
        self.assertContains(page, "Import and overwrite this newer change")

        # A confirmation without the overwrite starts nothing and keeps the checked file.
        response = self.client.post(reverse("catalogue_import:confirm", args=[job.pk]))
        self.assertRedirects(response, url, fetch_redirect_response=False)
        self.assertFalse(CatalogueImport.objects.filter(checked=job).exists())
        self.assertContains(self.client.get(url), "would replace newer changes: import it")
        self.assertEqual(PracticePage.objects.get(ref="garden").summary_fr, "Plus récent.")

        self.client.post(
            reverse("catalogue_import:confirm", args=[job.pk]), {"overwrite_newer": "on"}
        )
        done = CatalogueImport.objects.get(checked=job)
        self.assertEqual(done.status, "done")
        self.assertContains(
            self.client.get(reverse("catalogue_import:job", args=[done.pk])),
            "Newer changes replaced by this import",
        )

    def written(self):
        """What the database holds that an import writes: revisions and history entries."""
        return Revision.objects.count(), PageLogEntry.objects.count()

    def test_a_page_changed_after_the_check_shows_the_check_again(self):
        data = self.start()
        data["practices"][1]["summary_en"] = "New summary."
        self.upload(data)
        check = CatalogueImport.objects.get()
        self.assertContains(
            self.client.get(reverse("catalogue_import:job", args=[check.pk])), "is valid"
        )
        # Someone publishes the page in the admin while the editor reads the report.
        self.edit_and_publish("repair", summary_fr="Corrigé dans l'admin.")
        written = self.written()

        response = self.client.post(reverse("catalogue_import:confirm", args=[check.pk]))
        refused = CatalogueImport.objects.get(checked=check)
        self.assertRedirects(response, reverse("catalogue_import:job", args=[refused.pk]))
        self.assertEqual(self.written(), written)
        page = PracticePage.objects.get(ref="repair")
        self.assertEqual(page.summary_fr, "Corrigé dans l'admin.")
        self.assertNotEqual(page.summary_en, "New summary.")
        self.assertTrue(uploads.stored_path(refused.stored_name).exists())

        html = self.client.get(response["Location"]).content.decode()
        self.assertIn("Validation report", html)
        self.assertIn(
            "Nothing was imported: pages changed in the admin since “my catalogue.json” was "
            "checked. The file has been checked again: 1 page now has newer work",
            html,
        )
        self.assertIn("after the last import", html)  # the conflict, with who and when
        self.assertIn("Import and overwrite this newer change", html)
        self.assertIn("Upload a corrected file", html)
        self.assertIn("What the import would do, by type", html)
        self.assertNotIn("” was imported.", html)
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
        self.assertContains(
            self.client.get(response["Location"]),
            "Rien n'a été importé\u202f: des pages ont été modifiées dans l'administration "
            "depuis la vérification de «\u00a0my catalogue.json\u00a0»",
        )

        self.client.post(
            reverse("catalogue_import:confirm", args=[refused.pk]), {"overwrite_newer": "on"}
        )
        done = CatalogueImport.objects.get(checked=refused)
        self.assertEqual(done.status, "done")
        self.assertEqual(PracticePage.objects.get(ref="repair").summary_en, "New summary.")
        self.assertFalse(uploads.stored_path(done.stored_name).exists())

    def test_the_overwrite_covers_only_the_newer_work_the_check_showed(self):
        self.start()
        export = self.tmp / "export.json"
        export_catalogue(export)
        exported = json.loads(export.read_text())
        exported["practices"][0]["summary_en"] = "Garden from the file."
        exported["practices"][1]["summary_en"] = "Repair from the file."
        self.edit_and_publish("garden", summary_fr="Plus récent.")
        self.upload(exported)
        check = CatalogueImport.objects.get()
        self.assertEqual([c["key"] for c in check.report["conflicts"]], ["garden"])
        # After the check, the page the editor agreed to overwrite changes again, and
        # another one too: neither change was shown, so neither is overwritten.
        self.edit_and_publish("garden", summary_fr="Encore plus récent.")
        self.edit_and_publish("repair", summary_fr="Réparé dans l'admin.")
        written = self.written()

        self.client.post(
            reverse("catalogue_import:confirm", args=[check.pk]), {"overwrite_newer": "on"}
        )
        refused = CatalogueImport.objects.get(checked=check)
        self.assertEqual(refused.status, "refused")
        self.assertEqual(self.written(), written)
        self.assertEqual(PracticePage.objects.get(ref="garden").summary_fr, "Encore plus récent.")
        self.assertEqual(PracticePage.objects.get(ref="repair").summary_fr, "Réparé dans l'admin.")
        page = self.client.get(reverse("catalogue_import:job", args=[refused.pk]))
        self.assertContains(page, "2 pages now have newer work")
        self.assertContains(page, "Import and overwrite these 2 newer changes")

        self.client.post(
            reverse("catalogue_import:confirm", args=[refused.pk]), {"overwrite_newer": "on"}
        )
        self.assertEqual(CatalogueImport.objects.get(checked=refused).status, "done")
        self.assertEqual(PracticePage.objects.get(ref="repair").summary_en, "Repair from the file.")

    def test_the_downloaded_report_says_which_draft_is_replaced(self):
        self.start()
        page = PracticePage.objects.get(ref="garden")
        page.summary_fr = "Brouillon en cours."
        page.save_revision(user=self.editor)
        # The staff export holds the draft, so replacing it is no conflict: only the note
        # tells the editor that importing replaces it.
        export = self.tmp / "export.json"
        export_catalogue(export, everything=True)
        exported = json.loads(export.read_text())
        exported["practices"][0]["summary_en"] = "From the workbook."
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
        self.upload(exported)
        job = CatalogueImport.objects.get()
        self.assertContains(
            self.client.get(reverse("catalogue_import:job", args=[job.pk])),
            "remplace le brouillon enregistré le",
        )

        download = self.client.get(reverse("catalogue_import:report", args=[job.pk]))
        rows = list(load_workbook(BytesIO(download.content)).worksheets[0].values)
        self.assertEqual(rows[0][7], "remarque")
        (garden,) = [row for row in rows if row[1] == "garden"]
        self.assertEqual(
            garden[3:7], ("mis à jour", "summary_en", page.summary_en, "From the workbook.")
        )
        self.assertRegex(garden[7], r"^remplace le brouillon enregistré le .* par Ana Editor$")
        (repair,) = [row for row in rows if row[1] == "repair"]
        self.assertIsNone(repair[7])

    def test_french_counts_agree_with_any_type(self):
        # Fiches, organisations, projets: nouns rather than a participle's gender.
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
        self.upload(catalogue(practices=[practice_row("new-one")]))
        job = CatalogueImport.objects.get()
        page = self.client.get(reverse("catalogue_import:job", args=[job.pk]))
        self.assertContains(page, "Créations (1)")
        self.assertNotContains(page, "Créés")

    def test_someone_elses_run_is_not_found(self):
        self.upload(catalogue(themes=[theme_row("ess")]))
        job = CatalogueImport.objects.get()
        other = get_user_model().objects.create_superuser("other", "o@example.org", "pw")
        self.client.force_login(other)
        for name in ("job", "status", "report"):
            with self.subTest(name=name):
                url = reverse(f"catalogue_import:{name}", args=[job.pk])
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
        response = self.client.post(reverse("catalogue_import:confirm", args=[job.pk]))
        self.assertEqual(response.status_code, 404)
