"""What people type in a workbook, through the real importer: lists of refs separated by
commas or line breaks (Alt+Enter in a cell), partners and projects named instead of
their ref, and line breaks in Markdown cells, exported back as typed."""

import json
import shutil
import tempfile
from pathlib import Path

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Revision

import pytest
from openpyxl import load_workbook

from catalogue.io import CatalogueError, export_catalogue, import_catalogue
from catalogue.io.validate import ImportContext
from partners.models import PartnerPage
from practices.models import PracticePage
from projects.models import ProjectPage
from tests.factories.home import build_site
from tests.factories.practices import PracticePageFactory
from tests.factories.rows import (
    catalogue,
    import_rows,
    partner_row,
    practice_row,
    project_row,
    theme_row,
    write_catalogue,
)

pytestmark = pytest.mark.usefixtures("english_messages")


class TypedValuesCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        import_rows(
            themes=[
                theme_row("housing", {"fr": "Habitat, logement", "en": "Housing"}),
                theme_row("energy", {"fr": "Énergie", "en": "Energy"}),
            ],
            partners=[
                partner_row("H01", name="Coopérative Co-actions"),
                partner_row("HP1", name="Chantier de Montréal"),
                partner_row("P.3", name="Ville de Pau, service culture"),
            ],
            projects=[
                project_row(
                    "PRJ-1",
                    title_fr="Coopérer en Europe",
                    title_en="Cooperating in Europe",
                    title_es="Cooperar en Europa",
                )
            ],
            practices=[practice_row("PR1", partners=["H01"], projects=["PRJ-1"])],
        )

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def workbook(self, name="typed.xlsx", **sheets):
        """A workbook as a person fills it in (list cells are the text they typed)."""
        return write_catalogue(self.tmp / name, catalogue(**sheets))

    def refused(self, path):
        before = (Page.objects.count(), Revision.objects.count())
        with self.assertRaises(CatalogueError) as raised:
            import_catalogue(path)
        self.assertEqual((Page.objects.count(), Revision.objects.count()), before)
        return raised.exception.messages


class TestRefListsAsTyped(TypedValuesCase):
    def test_commas_and_line_breaks_separate_refs_and_the_export_writes_semicolons(self):
        path = self.workbook(
            projects=[project_row("PRJ-2", partners="hp1\nH01, p.3", coordinator="HP1")],
            practices=[
                practice_row(
                    "PR2",
                    partners="H01, hp1\r\nP.3",
                    projects="PRJ-1,\nPRJ-2",
                    themes="Habitat, logement\nenergy",
                    countries="France\nEspaña",
                )
            ],
        )
        report = import_catalogue(path)
        self.assertEqual(report.counts["practices"]["created"], 1)
        practice = PracticePage.objects.get(ref="PR2")
        self.assertEqual(sorted(p.ref for p in practice.partners.all()), ["H01", "HP1", "P.3"])
        self.assertEqual(sorted(p.ref for p in practice.projects.all()), ["PRJ-1", "PRJ-2"])
        self.assertEqual(
            sorted(practice.themes.values_list("slug", flat=True)), ["energy", "housing"]
        )
        self.assertEqual(sorted(c.code for c in practice.countries), ["ES", "FR"])
        project = ProjectPage.objects.get(ref="PRJ-2")
        # A project's partners keep the order they were typed in.
        self.assertEqual([p.ref for p in project.partner_list()], ["HP1", "H01", "P.3"])

        # The same cells again change nothing.
        revisions = Revision.objects.count()
        report = import_catalogue(path)
        self.assertEqual(report.changes["practices"]["unchanged"], ["PR2"])
        self.assertEqual(report.changes["projects"]["unchanged"], ["PRJ-2"])
        self.assertEqual(Revision.objects.count(), revisions)

        exported = self.tmp / "export.xlsx"
        export_catalogue(exported, everything=True)
        sheet = load_workbook(exported)["practices"]
        headers = [cell.value for cell in sheet[1]]
        row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "PR2")
        cells = dict(zip(headers, row, strict=False))
        self.assertEqual(cells["partners"], "H01;HP1;P.3")
        self.assertEqual(cells["themes"], "energy;housing")

    def test_in_a_list_of_themes_a_comma_belongs_to_the_name(self):
        # A theme's name may hold a comma ("Habitat, logement", above): in a list of
        # themes only ';' and line breaks separate, so "energy, housing" is one unknown
        # name, not two slugs.
        path = self.workbook(practices=[practice_row("PR3", themes="energy, housing")])
        messages = self.refused(path)
        self.assertEqual(len(messages), 1)
        self.assertTrue(
            messages[0].startswith(
                "practices, row 2, column 'themes': unknown themes reference 'energy, housing'"
            ),
            messages,
        )


class TestPartnersNamedInsteadOfTheirRef(TypedValuesCase):
    def test_a_name_in_any_case_accents_or_spaces_names_that_partner(self):
        path = self.workbook(
            projects=[project_row("PRJ-3", coordinator="  chantier de MONTREAL ")],
            practices=[
                practice_row(
                    "PR4",
                    partners="cooperative co-actions, Ville de Pau, service culture",
                    projects="Cooperating in Europe",
                )
            ],
        )
        import_catalogue(path)
        self.assertEqual(ProjectPage.objects.get(ref="PRJ-3").coordinator.ref, "HP1")
        practice = PracticePage.objects.get(ref="PR4")
        self.assertEqual(sorted(p.ref for p in practice.partners.all()), ["H01", "P.3"])
        self.assertEqual([p.ref for p in practice.projects.all()], ["PRJ-1"])

    def test_a_row_naming_the_partners_it_already_has_is_unchanged(self):
        revisions = Revision.objects.count()
        report = import_rows(
            practices=[
                practice_row(
                    "PR1", partners=["Coopérative Co-actions"], projects=["Cooperar en Europa"]
                )
            ]
        )
        self.assertEqual(report.changes["practices"]["unchanged"], ["PR1"])
        self.assertEqual(report.changes["practices"]["updated"], [])
        self.assertEqual(Revision.objects.count(), revisions)

    def test_a_name_several_partners_have_is_refused_naming_their_refs(self):
        path = self.workbook(
            partners=[partner_row("H07", name="COOPÉRATIVE CO-ACTIONS")],
            projects=[project_row("PRJ-4", coordinator="Coopérative Co-actions")],
            practices=[practice_row("PR5", partners="HP1, coopérative co-actions")],
        )
        self.assertEqual(
            self.refused(path),
            [
                "projects, row 2, column 'coordinator': 'Coopérative Co-actions' names "
                "several partners: H01, H07; write the ref",
                "practices, row 2, column 'partners': 'coopérative co-actions' names "
                "several partners: H01, H07; write the ref",
            ],
        )

    def test_rows_of_the_same_file_are_named_by_the_names_the_file_gives_them(self):
        path = self.workbook(
            partners=[
                partner_row("N1", name="Nouvelle association"),
                # Renamed by this file: its new name names it, its old one no longer does.
                partner_row("H01", name="Co-actions SCIC"),
            ],
            practices=[
                practice_row("PR6", partners="nouvelle association\nCo-actions SCIC"),
                practice_row("PR7", partners="Coopérative Co-actions"),
            ],
        )
        messages = self.refused(path)
        self.assertEqual(len(messages), 1)
        self.assertTrue(
            messages[0].startswith(
                "practices, row 3, column 'partners': unknown partners reference "
                "'Coopérative Co-actions'"
            ),
            messages,
        )
        path = self.workbook(
            partners=[
                partner_row("N1", name="Nouvelle association"),
                partner_row("H01", name="Co-actions SCIC"),
            ],
            practices=[practice_row("PR6", partners="nouvelle association\nCo-actions SCIC")],
        )
        import_catalogue(path)
        practice = PracticePage.objects.get(ref="PR6")
        self.assertEqual(sorted(p.ref for p in practice.partners.all()), ["H01", "N1"])

    def test_a_misspelt_name_suggests_the_ref(self):
        path = self.workbook(practices=[practice_row("PR8", partners="Cooperative Coactons")])
        self.assertEqual(
            self.refused(path),
            [
                "practices, row 2, column 'partners': unknown partners reference "
                "'Cooperative Coactons' (closest known: H01, HP1, P.3)"
            ],
        )


class TestNamesAreReadOncePerImport(TestCase):
    def test_one_query_for_the_keys_and_one_for_the_names_of_a_sheet(self):
        build_site()
        import_rows(
            partners=[partner_row(f"P{n}", name=f"Organisation numéro {n}") for n in range(30)]
        )
        context = ImportContext({})
        with CaptureQueriesContext(connection) as queries:
            for n in range(30):
                self.assertEqual(context.resolve("partners", f" organisation NUMERO {n} "), f"P{n}")
                self.assertIsNone(context.resolve("partners", f"Inconnue {n}"))
        self.assertEqual(len(queries), 2)


class TestLineBreaksInMarkdownCells(TypedValuesCase):
    CELL = "Lundi : 9 h - 12 h\nMardi : **fermé**\n\nEn été, sur rendez-vous."

    def test_a_line_break_typed_in_a_cell_is_kept_and_exported_back(self):
        path = self.workbook(
            projects=[project_row("PRJ-5", description_fr=self.CELL)],
            practices=[practice_row("PR9", context_fr=self.CELL)],
        )
        import_catalogue(path)
        html = (
            "<p>Lundi : 9 h - 12 h<br/>Mardi : <strong>fermé</strong></p>\n"
            "<p>En été, sur rendez-vous.</p>"
        )
        self.assertEqual(PracticePage.objects.get(ref="PR9").context_fr, html)
        description = ProjectPage.objects.get(ref="PRJ-5").description_fr
        self.assertEqual([block.block_type for block in description], ["paragraph"])
        self.assertEqual(str(description[0].value.source), html)

        exported = self.tmp / "export.xlsx"
        export_catalogue(exported, everything=True)
        workbook = load_workbook(exported)
        for sheet, ref, header in (
            ("practices", "PR9", "context_fr"),
            ("projects", "PRJ-5", "description_fr"),
        ):
            rows = list(workbook[sheet].iter_rows(values_only=True))
            cells = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == ref), strict=False))
            self.assertEqual(cells[header], self.CELL, sheet)

        # Exported and imported again, nothing changes.
        revisions = Revision.objects.count()
        report = import_catalogue(exported)
        for sheet in ("partners", "projects", "practices"):
            self.assertEqual(report.counts[sheet]["updated"], 0, sheet)
            self.assertEqual(report.counts[sheet]["created"], 0, sheet)
        self.assertEqual(Revision.objects.count(), revisions)

    def test_a_page_written_in_the_editor_with_line_breaks_round_trips(self):
        # Shift+Enter in the page editor saves <br/>; after an export and an import of
        # that export, the page is unchanged.
        PracticePageFactory(
            ref="PR10",
            context_fr="<p>Matériel :<br/>- 2 pelles<br/>- 1 brouette</p><p>Fin.</p>",
            actions_fr="<ul><li>Trouver un terrain<br/>près de l'école</li></ul>",
        )
        exported = self.tmp / "export.json"
        export_catalogue(exported, everything=True)
        practice = next(
            row for row in json.loads(exported.read_text())["practices"] if row["ref"] == "PR10"
        )
        self.assertEqual(practice["context_fr"], "Matériel :\n- 2 pelles\n- 1 brouette\n\nFin.")
        self.assertEqual(practice["actions_fr"], "- Trouver un terrain\nprès de l'école")
        revisions = Revision.objects.count()
        report = import_catalogue(exported)
        self.assertIn("PR10", report.changes["practices"]["unchanged"])
        self.assertEqual(report.counts["practices"]["updated"], 0)
        self.assertEqual(Revision.objects.count(), revisions)
        self.assertEqual(PartnerPage.objects.count(), 3)
