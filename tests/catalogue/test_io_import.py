"""Importing what people write, and a dry run that is the import (catalogue.io)."""

import datetime
import json
import re
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from wagtail.models import Page, Revision

from openpyxl import Workbook, load_workbook

from catalogue.io import CatalogueError, export_catalogue, import_catalogue
from partners.models import PartnerPage
from practices.models import PracticePage, Theme
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

SEED_THEMES = {
    "social-solidarity-economy",
    "social-environmental-transition",
    "local-sustainable-development",
    "shared-governance",
}


def hand_written_workbook(path):
    """A workbook as a member of staff writes one: no themes sheet, refs in capitals,
    labels in three languages, country names, dates typed or entered as dates."""
    sheets = {
        "partners": [
            ["ref", "name", "organisation_type", "country", "city"],
            ["H01", "Co-actions", "Coopérative", "France", "Bordeaux"],
            ["HP1", "Chantier de Montréal", "ONG", "Québec", "Montréal"],
            ["P.3", "Fundación Sur", "Organismo público", "España", "Sevilla"],
            # The first word of "Collectivité locale", which names no other type.
            ["P_4", "Lieu commun", "Collectivité", "belgique", "Liège"],
        ],
        "projects": [
            [
                "ref",
                "title_fr",
                "summary_fr",
                "programme",
                "start_date",
                "end_date",
                "coordinator",
                "partners",
            ],
            [
                "PRJ-1",
                "Coopérer",
                "Un projet.",
                "Erasmus+",
                "01/09/2020",
                datetime.datetime(2022, 8, 31),
                "h01",
                "H01; hp1",
            ],
            [
                "PRJ-2",
                "Régions",
                "Un autre projet.",
                "Fonds social européen",
                "2021-01-15",
                None,
                "P.3",
                "p.3",
            ],
            ["PRJ-3", "Sud", "Un troisième.", "fondo social europeo", "2021-01-15", None, "", ""],
        ],
        "practices": [
            [
                "ref",
                "title_fr",
                "summary_fr",
                "themes",
                "countries",
                "partners",
                "projects",
                "status",
                "last_reviewed",
            ],
            [
                "PR01",
                "Cantine",
                "Une cantine.",
                "Économie sociale et solidaire; SHARED-GOVERNANCE",
                "France; Canada",
                "h01",
                "prj-1",
                "Terminé",
                "15/03/2024",
            ],
            [
                "PR02",
                "Atelier",
                "Un atelier.",
                "Social and environmental transition",
                "España",
                "P.3;p_4",
                "PRJ-2",
                "En curso",
                None,
            ],
            [
                "PR03",
                "Réseau",
                "Un réseau.",
                "local-sustainable-development",
                "",
                "",
                "",
                "Discontinued",
                None,
            ],
        ],
    }
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        for row in rows:
            worksheet.append(row)
    workbook.save(path)
    return path


class TestHandWrittenWorkbook(TestCase):
    def test_imports_into_a_site_set_up_without_the_demo(self):
        call_command("setup_site", "--no-demo", stdout=StringIO())
        self.assertEqual(set(Theme.objects.values_list("slug", flat=True)), SEED_THEMES)
        self.assertEqual(PracticePage.objects.count(), 0)
        tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, tmp)
        path = hand_written_workbook(tmp / "written by hand.xlsx")

        out = StringIO()
        with translation.override("en"):
            call_command("import_catalogue", str(path), stdout=out, stderr=StringIO())
        self.assertIn("practices: 3 created", out.getvalue())

        partners = {p.ref: p for p in PartnerPage.objects.all()}
        self.assertEqual(set(partners), {"H01", "HP1", "P.3", "P_4"})
        self.assertEqual(
            {ref: (p.organisation_type, p.country.code) for ref, p in partners.items()},
            {
                "H01": ("cooperative", "FR"),
                "HP1": ("ngo", "CA"),
                "P.3": ("public_body", "ES"),
                "P_4": ("local_authority", "BE"),
            },
        )
        project = ProjectPage.objects.get(ref="PRJ-1")
        self.assertEqual(project.programme, "erasmus_plus")
        self.assertEqual(project.start_date, datetime.date(2020, 9, 1))
        self.assertEqual(project.end_date, datetime.date(2022, 8, 31))
        self.assertEqual(project.coordinator.ref, "H01")
        self.assertEqual([p.ref for p in project.partner_list()], ["H01", "HP1"])
        self.assertEqual(ProjectPage.objects.get(ref="PRJ-2").programme, "esf")
        self.assertEqual(ProjectPage.objects.get(ref="PRJ-3").programme, "esf")

        practice = PracticePage.objects.get(ref="PR01")
        self.assertTrue(practice.live)
        self.assertEqual(
            set(practice.themes.values_list("slug", flat=True)),
            {"social-solidarity-economy", "shared-governance"},
        )
        self.assertEqual(sorted(c.code for c in practice.countries), ["CA", "FR"])
        self.assertEqual(practice.status, "completed")
        self.assertEqual(practice.last_reviewed, datetime.date(2024, 3, 15))
        self.assertEqual([p.ref for p in practice.projects.all()], ["PRJ-1"])
        other = PracticePage.objects.get(ref="PR02")
        self.assertEqual(other.status, "ongoing")
        self.assertEqual(sorted(p.ref for p in other.partners.all()), ["P.3", "P_4"])
        self.assertEqual(
            list(other.themes.values_list("slug", flat=True)), ["social-environmental-transition"]
        )

        # The same workbook again: everything is recognised, nothing changes.
        report = import_catalogue(path)
        for sheet in ("partners", "projects", "practices"):
            self.assertEqual(report.counts[sheet]["created"], 0, sheet)
            self.assertEqual(report.counts[sheet]["updated"], 0, sheet)

    def test_a_word_two_choices_share_is_refused_naming_the_cell(self):
        build_site()
        tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, tmp)
        path = hand_written_workbook(tmp / "written by hand.xlsx")
        workbook = load_workbook(path)
        # "Programme régional" or "Other programme": never guessed.
        workbook["projects"]["D2"] = "Programme"
        workbook.save(path)
        pages = Page.objects.count()
        with translation.override("en"), self.assertRaises(CatalogueError) as raised:
            import_catalogue(path)
        self.assertEqual(
            raised.exception.messages,
            [
                "projects, row 2, column 'programme': ambiguous value 'Programme' (it could "
                "be: regional (Regional programme), other (Other programme)); write the "
                "whole name"
            ],
        )
        self.assertEqual(Page.objects.count(), pages)


class TestRefsInAnyCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        import_rows(
            partners=[partner_row("H01"), partner_row("coop")],
            practices=[practice_row("PR1", partners=["H01"])],
        )

    def test_a_ref_in_another_case_updates_the_same_page(self):
        pages = Page.objects.count()
        report = import_rows(partners=[partner_row("h01", name="Renamed")])
        self.assertEqual(report.counts["partners"]["updated"], 1)
        self.assertEqual(Page.objects.count(), pages)
        partner = PartnerPage.objects.get(ref__iexact="h01")
        self.assertEqual((partner.ref, partner.title), ("h01", "Renamed"))

    def test_references_match_without_regard_to_case(self):
        report = import_rows(practices=[practice_row("pr1", partners=["COOP", "h01"])])
        self.assertEqual(report.counts["practices"]["updated"], 1)
        practice = PracticePage.objects.get(ref="pr1")
        self.assertEqual(sorted(p.ref for p in practice.partners.all()), ["H01", "coop"])

    def test_an_unchanged_row_in_another_case_is_unchanged(self):
        revisions = Revision.objects.count()
        report = import_rows(practices=[practice_row("PR1", partners=["h01"])])
        self.assertEqual(report.counts["practices"]["unchanged"], 1)
        self.assertEqual(Revision.objects.count(), revisions)

    def test_two_rows_differing_only_in_case_are_duplicates(self):
        with translation.override("en"), self.assertRaises(CatalogueError) as raised:
            import_rows(partners=[partner_row("new"), partner_row("NEW")])
        self.assertEqual(
            raised.exception.messages,
            ["partners, item 2, column 'ref': duplicate key 'NEW' (already used item 1)"],
        )

    def test_unknown_references_list_the_closest_known_values(self):
        with translation.override("en"), self.assertRaises(CatalogueError) as raised:
            import_rows(practices=[practice_row("PR9", themes=["governance"], partners=["H1"])])
        message = " ".join(raised.exception.messages)
        self.assertIn(
            "unknown themes reference 'governance' (closest known: shared-governance", message
        )
        self.assertIn("unknown partners reference 'H1' (closest known: H01", message)


def project_without_end(ref, start_date):
    row = project_row(ref, start_date=start_date)
    del row["end_date"]
    return row


class TestDryRunIsTheImport(TestCase):
    """What the real import refuses, the dry run refuses, with the same message."""

    @classmethod
    def setUpTestData(cls):
        build_site()
        import_rows(projects=[project_row("alpha", start_date="2020-01-01", end_date="2021-12-31")])

    def both(self, **rows):
        messages = []
        tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, tmp)
        path = tmp / "catalogue.json"
        # ASCII JSON: "\ud800" is written as the escape a JSON file would hold.
        path.write_text(json.dumps(catalogue(**rows)), encoding="utf-8")
        for dry_run in (True, False):
            before = (Page.objects.count(), Revision.objects.count())
            with translation.override("en"), self.assertRaises(CatalogueError) as raised:
                import_catalogue(path, dry_run=dry_run)
            self.assertEqual((Page.objects.count(), Revision.objects.count()), before)
            messages.append(raised.exception.messages)
        self.assertEqual(messages[0], messages[1])
        return messages[0]

    def test_a_new_start_date_after_the_existing_end_date(self):
        messages = self.both(projects=[project_without_end("alpha", "2022-06-01")])
        self.assertEqual(len(messages), 1)
        self.assertIn("projects, item 1", messages[0])
        self.assertIn("The end date cannot be before the start date.", messages[0])

    def test_a_lone_surrogate(self):
        messages = self.both(practices=[practice_row("p1", title={"fr": "Bad \ud800 title"})])
        self.assertEqual(
            messages,
            [
                "practices, item 1, column 'title_fr': "
                "'Bad \\ud800 title' contains a character that is not valid Unicode"
            ],
        )

    def test_an_updated_at_later_than_now(self):
        # It would hide every change made since the export (catalogue.io.conflicts).
        messages = self.both(practices=[practice_row("p1", updated_at="2999-01-01")])
        self.assertEqual(
            messages,
            [
                "practices, item 1, column 'updated_at': '2999-01-01T00:00:00Z' is later than "
                "now: it must be the time the row was exported; leave it as exported"
            ],
        )

    def test_a_dry_run_that_passes_writes_nothing(self):
        before = (Page.objects.count(), Revision.objects.count())
        report = import_rows(
            projects=[project_row("alpha", title_fr="Changé"), project_row("beta")],
            dry_run=True,
        )
        self.assertEqual(report.counts["projects"]["created"], 1)
        self.assertEqual(report.counts["projects"]["updated"], 1)
        self.assertEqual((Page.objects.count(), Revision.objects.count()), before)


class TestPublishedState(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        import_rows(partners=[partner_row("shown"), partner_row("hidden")])
        # Unpublished by an import: an unpublish in the admin would be newer work that a
        # row saying `published: true` conflicts with (test_import_newer_work.py).
        import_rows(partners=[partner_row("hidden", published=False)])

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_an_unpublished_page_stays_unpublished(self):
        report = import_rows(
            partners=[partner_row("shown", city="Pau"), partner_row("hidden", city="Pau")]
        )
        self.assertEqual(report.counts["partners"]["updated"], 2)
        hidden = PartnerPage.objects.get(ref="hidden")
        self.assertFalse(hidden.live)
        self.assertEqual(hidden.get_latest_revision_as_object().city, "Pau")
        self.assertTrue(PartnerPage.objects.get(ref="shown").live)
        # Its draft is what the next import compares with: the same rows change nothing.
        revisions = Revision.objects.count()
        report = import_rows(
            partners=[partner_row("shown", city="Pau"), partner_row("hidden", city="Pau")]
        )
        self.assertEqual(report.counts["partners"]["unchanged"], 2)
        self.assertEqual(Revision.objects.count(), revisions)

    def test_the_published_column_publishes_and_unpublishes(self):
        import_rows(
            partners=[
                partner_row("shown", published=False),
                partner_row("hidden", published=True),
                partner_row("draft", published="false"),
            ]
        )
        states = dict(PartnerPage.objects.values_list("ref", "live"))
        self.assertEqual(states, {"shown": False, "hidden": True, "draft": False})

    def test_the_staff_export_has_every_page_and_the_open_data_only_public_ones(self):
        export_catalogue(self.tmp / "open.json")
        export_catalogue(self.tmp / "all.json", everything=True)
        open_data = json.loads((self.tmp / "open.json").read_text())
        staff = json.loads((self.tmp / "all.json").read_text())
        self.assertEqual([row["ref"] for row in open_data["partners"]], ["shown"])
        self.assertNotIn("published", open_data["partners"][0])
        self.assertEqual(
            [(row["ref"], row["published"]) for row in staff["partners"]],
            [("hidden", False), ("shown", True)],
        )

    def test_the_staff_export_round_trips_with_the_published_state(self):
        first = self.tmp / "first.json"
        export_catalogue(first, everything=True)
        for page in PartnerPage.objects.all():
            page.delete()
        # Rows exported from pages since deleted: re-created only when the user agrees.
        import_catalogue(first, overwrite_newer=True)
        self.assertFalse(PartnerPage.objects.get(ref="hidden").live)
        second = self.tmp / "second.json"
        export_catalogue(second, everything=True)
        # Every column but `updated_at` (when each page was last published or edited).
        first_bytes, second_bytes = (
            re.sub(rb'"updated_at": "[^"]*"', b"", path.read_bytes()) for path in (first, second)
        )
        self.assertEqual(first_bytes, second_bytes)


class TestWhatTheFileLeavesOut(TestCase):
    """A header the file does not have, or a key a JSON item does not hold, leaves that
    value as it is; an empty cell empties it."""

    @classmethod
    def setUpTestData(cls):
        build_site()
        import_rows(practices=[cls.row("pr-01"), cls.row("pr-02")])

    @staticmethod
    def row(ref, **overrides):
        contacts = {"pr-01": ("Ana", 2010), "pr-02": ("Ben", 2012)}
        name, year = contacts[ref]
        return practice_row(ref, contact_name=name, year=year, **overrides)

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def changed(self, report):
        return {
            entry["key"]: [change["column"] for change in entry["fields"]]
            for entry in report.changes["practices"]["updated"]
        }

    def test_a_language_column_left_out_of_a_sheet_keeps_that_language(self):
        rows = [self.row("pr-01", summary_fr="Nouveau résumé."), self.row("pr-02")]
        for row in rows:
            del row["summary_en"]
        path = write_catalogue(self.tmp / "no summary_en.xlsx", catalogue(practices=rows))
        for dry_run in (True, False):
            report = import_catalogue(path, dry_run=dry_run)
            self.assertEqual(self.changed(report), {"pr-01": ["summary_fr"]})
            self.assertEqual(report.changes["practices"]["unchanged"], ["pr-02"])
        summaries = PracticePage.objects.order_by("ref").values_list("summary_fr", "summary_en")
        self.assertEqual(
            list(summaries),
            [
                ("Nouveau résumé.", "Summary of practice pr-01."),
                ("Résumé de la pratique pr-02.", "Summary of practice pr-02."),
            ],
        )

    def test_a_key_left_out_of_a_json_item_keeps_its_value(self):
        path = self.tmp / "partial.json"
        path.write_text(
            json.dumps(
                {
                    "practices": [
                        {"ref": "pr-01", "contact_name": "Xavier"},
                        {"ref": "pr-02", "year": 2015},
                    ]
                }
            )
        )
        for dry_run in (True, False):
            report = import_catalogue(path, dry_run=dry_run)
            self.assertEqual(self.changed(report), {"pr-01": ["contact_name"], "pr-02": ["year"]})
        pages = PracticePage.objects.order_by("ref")
        self.assertEqual(
            [(p.contact_name, p.year_started, p.summary_en) for p in pages],
            [
                ("Xavier", 2010, "Summary of practice pr-01."),
                ("Ben", 2015, "Summary of practice pr-02."),
            ],
        )
        report = import_catalogue(path)
        self.assertEqual(report.changes["practices"]["unchanged"], ["pr-01", "pr-02"])
        # An empty value is a value.
        path.write_text(json.dumps({"practices": [{"ref": "pr-01", "contact_name": ""}]}))
        import_catalogue(path)
        page = PracticePage.objects.get(ref="pr-01")
        self.assertEqual((page.contact_name, page.year_started), ("", 2010))

    def test_a_new_row_gets_empty_values_and_needs_the_required_ones(self):
        path = self.tmp / "new.json"
        new = {"ref": "pr-03", "title_fr": "Nouvelle", "summary_fr": "Résumé."}
        path.write_text(json.dumps({"practices": [{"ref": "pr-01", "year": 2011}, new]}))
        import_catalogue(path)
        page = PracticePage.objects.get(ref="pr-03")
        self.assertEqual((page.title_fr, page.title_en, page.year_started), ("Nouvelle", "", None))
        path.write_text(json.dumps({"practices": [new, {"ref": "pr-04", "title_en": "New"}]}))
        with translation.override("en"), self.assertRaises(CatalogueError) as raised:
            import_catalogue(path)
        self.assertEqual(
            raised.exception.messages,
            # A title in English is enough; a summary is needed in one language.
            ["practices, item 2, column 'summary_fr': required in one language at least"],
        )


class TestReportPath(TestCase):
    """`import_catalogue --report` refuses a path it could not write before importing."""

    def test_the_input_file_or_a_missing_folder_is_refused_before_importing(self):
        build_site()
        tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, tmp)
        path = write_catalogue(tmp / "mine.xlsx", catalogue(partners=[partner_row("p1")]))
        original = path.read_bytes()
        (tmp / "folder.xlsx").mkdir()
        refused = {
            str(path): f"--report: {path} is the file being imported; give the report another name",
            f"{tmp}/../{tmp.name}/mine.xlsx": f"--report: {tmp}/../{tmp.name}/mine.xlsx is the "
            "file being imported; give the report another name",
            "/nonexistent/dir/r.xlsx": "--report: the folder /nonexistent/dir does not exist; "
            "create it or give another path",
            f"{tmp}/folder.xlsx": f"--report: {tmp}/folder.xlsx cannot be written (it is a "
            "folder, or you may not write there); give another path",
        }
        for report, message in refused.items():
            for options in (["--dry-run"], []):
                with translation.override("en"), self.assertRaises(CommandError) as raised:
                    call_command(
                        "import_catalogue",
                        str(path),
                        *options,
                        "--report",
                        report,
                        stdout=StringIO(),
                        stderr=StringIO(),
                    )
                self.assertEqual(str(raised.exception), message)
        self.assertEqual(path.read_bytes(), original)
        self.assertFalse(PartnerPage.objects.exists())
