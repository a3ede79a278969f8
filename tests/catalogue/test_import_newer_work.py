"""Newer work an export does not know, beyond edits and publishes: an unpublish, a
deletion, and edits to the snippet types (themes, glossary terms).

Each is done in the admin (its views, so Wagtail's history records it as it would) after
the export; importing the older file is then a conflict, refused unless the editor agrees.
"""

import datetime
import json
import shutil
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.test import TestCase
from django.urls import reverse

from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

import pytest

from catalogue.import_service import run_import
from catalogue.io import export_catalogue
from catalogue.models import CatalogueImport
from core.i18n import LANGUAGE_CODES
from glossary.models import GlossaryTerm
from partners.models import PartnerPage
from practices.models import PracticePage, Theme
from tests.factories.home import build_site
from tests.factories.rows import catalogue, partner_row, practice_row, theme_row, write_catalogue

AGO = datetime.timedelta(minutes=1)


pytestmark = pytest.mark.usefixtures("english_messages")


def one_minute_earlier():
    """Everything written so far moves a minute back, as if imported a minute ago, so
    what the admin does now is later, to the second."""
    Page.objects.update(
        first_published_at=F("first_published_at") - AGO,
        last_published_at=F("last_published_at") - AGO,
        latest_revision_created_at=F("latest_revision_created_at") - AGO,
    )
    Revision.objects.update(created_at=F("created_at") - AGO)
    PageLogEntry.objects.update(timestamp=F("timestamp") - AGO)
    ModelLogEntry.objects.update(timestamp=F("timestamp") - AGO)
    Theme.objects.update(updated_at=F("updated_at") - AGO)
    GlossaryTerm.objects.update(updated_at=F("updated_at") - AGO)


class NewerWorkCase(TestCase):
    def setUp(self):
        build_site()
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.editor = get_user_model().objects.create_superuser(
            "editor", "editor@example.org", "pw", first_name="Ana", last_name="Editor"
        )
        self.client.force_login(self.editor)
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        data = catalogue(
            themes=[theme_row("ess")],
            partners=[partner_row("p1"), partner_row("p2")],
            practices=[practice_row("garden", themes=["ess"], partners=["p1"])],
        )
        result = run_import(write_catalogue(self.tmp / "start.json", data))
        self.assertTrue(result.ok, result.errors)
        one_minute_earlier()

    def export(self, name="export.json"):
        """The staff export, as read back from the file."""
        path = self.tmp / name
        export_catalogue(path, everything=True)
        return json.loads(path.read_text())

    def write(self, data, name="import.json"):
        return write_catalogue(self.tmp / name, data)

    def unpublish_in_the_admin(self, page):
        url = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
        self.assertEqual(self.client.post(url).status_code, 302)

    def delete_in_the_admin(self, page):
        url = reverse("wagtailadmin_pages:delete", args=[page.pk])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(Page.objects.filter(pk=page.pk).exists())


class TestUnpublish(NewerWorkCase):
    def test_an_unpublish_after_the_export_is_a_conflict(self):
        exported = self.export()
        self.unpublish_in_the_admin(PartnerPage.objects.get(ref="p1"))

        dry = run_import(self.write(exported), dry_run=True).report
        (conflict,) = dry.conflicts
        self.assertEqual(conflict["key"], "p1")
        self.assertRegex(
            conflict["reasons"][0],
            r"^unpublished on .* by Ana Editor, after this row was exported \(.*\)$",
        )
        self.assertIn({"column": "published", "old": "False", "new": "True"}, conflict["fields"])
        # The page's latest revision is what was live, not a draft anyone saved.
        (entry,) = dry.changes["partners"]["updated"]
        self.assertEqual(entry["notes"], [])

        result = run_import(self.write(exported))
        self.assertFalse(result.ok)
        self.assertIn("'p1'", result.errors[0])
        self.assertFalse(PartnerPage.objects.get(ref="p1").live)

        result = run_import(self.write(exported), overwrite_newer=True)
        self.assertTrue(result.ok, result.errors)
        self.assertTrue(PartnerPage.objects.get(ref="p1").live)

    def test_an_export_made_after_the_unpublish_knows_it(self):
        self.unpublish_in_the_admin(PartnerPage.objects.get(ref="p1"))
        exported = self.export()
        (row,) = [row for row in exported["partners"] if row["ref"] == "p1"]
        self.assertFalse(row["published"])
        # Whoever edits this export sees the page unpublished: publishing it is their call.
        row["published"] = True
        row["city"] = "Lyon"

        result = run_import(self.write(exported))
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.report.conflicts, [])
        page = PartnerPage.objects.get(ref="p1")
        self.assertTrue(page.live)
        self.assertEqual(page.city, "Lyon")

    def test_a_row_that_leaves_the_page_unpublished_is_no_conflict(self):
        exported = self.export()
        self.unpublish_in_the_admin(PartnerPage.objects.get(ref="p1"))
        (row,) = [row for row in exported["partners"] if row["ref"] == "p1"]
        row["published"] = None  # an empty cell keeps the page as it is
        row["city"] = "Lyon"

        result = run_import(self.write(exported))
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.report.conflicts, [])
        page = PartnerPage.objects.get(ref="p1")
        self.assertFalse(page.live)
        self.assertEqual(page.get_latest_revision_as_object().city, "Lyon")

    def test_a_hand_written_row_conflicts_with_an_unpublish_since_the_last_import(self):
        self.unpublish_in_the_admin(PartnerPage.objects.get(ref="p1"))
        data = catalogue(partners=[partner_row("p1", city="Lyon", published=True)])
        result = run_import(self.write(data))
        self.assertFalse(result.ok)
        self.assertRegex(
            result.errors[0],
            r"unpublished on .* by Ana Editor, after the last import \(.*\)",
        )
        self.assertFalse(PartnerPage.objects.get(ref="p1").live)


class TestDeletion(NewerWorkCase):
    def test_a_page_deleted_after_the_export_is_a_conflict(self):
        exported = self.export()
        self.delete_in_the_admin(PartnerPage.objects.get(ref="p2"))

        dry = run_import(self.write(exported), dry_run=True).report
        (conflict,) = dry.conflicts
        self.assertEqual(conflict["key"], "p2")
        self.assertRegex(
            conflict["reasons"][0],
            r"^deleted on .* by Ana Editor, after this row was exported \(.*\)$",
        )
        result = run_import(self.write(exported))
        self.assertFalse(result.ok)
        self.assertIn("partners, item 2, 'p2'", result.errors[0])
        self.assertFalse(PartnerPage.objects.filter(ref="p2").exists())

        result = run_import(self.write(exported), overwrite_newer=True)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.report.counts["partners"]["created"], 1)
        self.assertTrue(PartnerPage.objects.get(ref="p2").live)

    def test_a_row_whose_page_is_gone_without_a_trace_is_a_conflict_too(self):
        # The ref changed in the admin (or the page was deleted under another title):
        # the row still comes from a page that existed when it was exported.
        exported = self.export()
        PartnerPage.objects.filter(ref="p2").update(ref="p2-renamed")
        result = run_import(self.write(exported))
        self.assertFalse(result.ok)
        self.assertIn("'p2'", result.errors[0])
        self.assertIn("no longer exists", result.errors[0])

    def test_a_new_row_has_no_updated_at_and_is_created(self):
        exported = self.export()
        exported["partners"].append(partner_row("p3"))
        result = run_import(self.write(exported))
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.report.counts["partners"]["created"], 1)

    def test_the_admin_confirmation_re_creates_the_deleted_page(self):
        exported = self.export()
        self.delete_in_the_admin(PartnerPage.objects.get(ref="p2"))
        file = SimpleUploadedFile(
            "export.json", json.dumps(exported).encode(), content_type="application/json"
        )
        self.client.post(reverse("catalogue_import:upload"), {"file": file})
        check = CatalogueImport.objects.get()
        page = self.client.get(reverse("catalogue_import:job", args=[check.pk]))
        self.assertContains(page, "after this row was exported")
        self.assertContains(page, "Import and overwrite this newer change")

        self.client.post(
            reverse("catalogue_import:confirm", args=[check.pk]), {"overwrite_newer": "on"}
        )
        self.assertEqual(CatalogueImport.objects.get(checked=check).status, "done")
        self.assertTrue(PartnerPage.objects.get(ref="p2").live)


class TestDraftInConflicts(NewerWorkCase):
    def test_a_conflict_with_a_draft_shows_the_draft_values_replaced(self):
        exported = self.export()
        (row,) = exported["practices"]
        row["summary_en"] = "From the file."
        page = PracticePage.objects.get(ref="garden")
        page.summary_fr = "Brouillon en cours."
        page.save_revision(user=self.editor)

        dry = run_import(self.write(exported), dry_run=True).report
        (conflict,) = dry.conflicts
        self.assertRegex(conflict["reasons"][0], r"^a draft saved on .* by Ana Editor")
        # The import writes the live page with the row: the draft's summary is lost.
        self.assertEqual(
            conflict["fields"],
            [
                {
                    "column": "summary_fr",
                    "old": "Brouillon en cours.",
                    "new": "Résumé de la pratique garden.",
                },
                {
                    "column": "summary_en",
                    "old": "Summary of practice garden.",
                    "new": "From the file.",
                },
            ],
        )
        # What the live page gains, as for any row.
        (entry,) = dry.changes["practices"]["updated"]
        self.assertEqual(
            entry["fields"],
            [
                {
                    "column": "summary_en",
                    "old": "Summary of practice garden.",
                    "new": "From the file.",
                }
            ],
        )


class TestSnippets(NewerWorkCase):
    def edit_in_the_admin(self, obj, key, fields, **changes):
        """Post the snippet's edit form: its `key` and translated `fields` as they are,
        but `changes`."""
        data = {key: getattr(obj, key)}
        for field in fields:
            for code in LANGUAGE_CODES:
                data[f"{field}_{code}"] = getattr(obj, f"{field}_{code}") or ""
        data.update(changes)
        meta = type(obj)._meta
        url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[obj.pk])
        self.assertEqual(self.client.post(url, data).status_code, 302)

    def test_snippet_edits_after_the_export_are_conflicts(self):
        exported = self.export()
        (theme_row_,) = [row for row in exported["themes"] if row["slug"] == "ess"]
        (term_row,) = [row for row in exported["glossary"] if row["key"] == "microcredit"]
        self.assertRegex(theme_row_["updated_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertRegex(term_row["updated_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.edit_in_the_admin(
            Theme.objects.get(slug="ess"), "slug", ("name", "description"), name_en="Newer"
        )
        self.edit_in_the_admin(
            GlossaryTerm.objects.get(key="microcredit"),
            "key",
            ("term", "synonyms", "definition"),
            synonyms_en="microloan; tiny loan",
        )

        dry = run_import(self.write(exported), dry_run=True).report
        conflicts = {c["key"]: c for c in dry.conflicts}
        self.assertEqual(set(conflicts), {"ess", "microcredit"})
        for conflict in conflicts.values():
            self.assertRegex(
                conflict["reasons"][0],
                r"^changed on .* by Ana Editor, after this row was exported \(.*\)$",
            )
        self.assertIn(
            {"column": "name_en", "old": "Newer", "new": "Theme ess"}, conflicts["ess"]["fields"]
        )
        result = run_import(self.write(exported))
        self.assertFalse(result.ok)
        self.assertEqual(Theme.objects.get(slug="ess").name_en, "Newer")
        self.assertIn("tiny loan", GlossaryTerm.objects.get(key="microcredit").synonyms_en)

        result = run_import(self.write(exported), overwrite_newer=True)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Theme.objects.get(slug="ess").name_en, "Theme ess")
        self.assertNotIn("tiny loan", GlossaryTerm.objects.get(key="microcredit").synonyms_en)

    def test_a_snippet_export_made_after_the_edit_imports_without_conflict(self):
        self.edit_in_the_admin(
            Theme.objects.get(slug="ess"), "slug", ("name", "description"), name_en="Newer"
        )
        exported = self.export()
        (row,) = [row for row in exported["themes"] if row["slug"] == "ess"]
        row["name_es"] = "Más nuevo"
        result = run_import(self.write(exported))
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.report.conflicts, [])
        self.assertEqual(Theme.objects.get(slug="ess").name_es, "Más nuevo")

    def test_a_snippet_deleted_after_the_export_is_a_conflict(self):
        exported = self.export()
        theme = Theme.objects.get(slug="ess")
        url = reverse("wagtailsnippets_practices_theme:delete", args=[theme.pk])
        self.assertEqual(self.client.post(url).status_code, 302)
        exported["practices"] = []  # the sheet that names the theme is not imported

        result = run_import(self.write(exported))
        self.assertFalse(result.ok)
        self.assertRegex(result.errors[0], r"'ess'.*deleted on .* by Ana Editor")
        self.assertFalse(Theme.objects.filter(slug="ess").exists())

    def test_workbooks_from_before_snippets_had_updated_at_still_import(self):
        exported = self.export()
        for sheet in ("themes", "glossary"):
            for row in exported[sheet]:
                row.pop("updated_at")
        self.edit_in_the_admin(
            Theme.objects.get(slug="ess"), "slug", ("name", "description"), name_en="Newer"
        )
        result = run_import(self.write(exported))
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.report.conflicts, [])
        self.assertEqual(Theme.objects.get(slug="ess").name_en, "Theme ess")
