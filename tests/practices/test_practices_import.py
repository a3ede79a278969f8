"""Catalogue import and export: valid files, all-or-nothing errors, re-import, round trips."""

import datetime
import json
import re
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone, translation

from wagtail.models import Page, Revision

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from catalogue.io import CatalogueError, export_catalogue, import_catalogue
from partners.models import PartnerIndexPage, PartnerPage
from practices.models import PracticeIndexPage, PracticePage, Theme
from projects.models import ProjectIndexPage, ProjectPage
from tests.factories.home import build_site
from tests.factories.rows import (
    catalogue,
    partner_row,
    practice_row,
    project_row,
    theme_row,
    write_catalogue,
)

pytestmark = pytest.mark.usefixtures("english_messages")


def rich_catalogue():
    """A small catalogue that uses every kind of column."""
    return catalogue(
        themes=[
            theme_row(
                "ess",
                {"fr": "Économie sociale", "en": "Social economy", "es": "Economía social"},
                description_fr="Des entreprises qui placent les personnes avant le capital.",
            ),
            theme_row("transition", {"fr": "Transition", "en": "Transition"}),
        ],
        partners=[
            partner_row(
                "radici",
                name="Consorzio Radici Comuni",
                country="IT",
                acronym="RC",
                organisation_type="cooperative",
                city="Valleverde",
                website="https://radici.example.org",
                email="segreteria@radici.example.org",
                member_since=2019,
                description_fr="Un **consortium** de coopératives.\n\n- agriculture\n- services",
                description_en="A **consortium** of cooperatives.",
                description_es="",
            ),
            partner_row("lism", name="Laboratoire LISM", country="BE"),
        ],
        projects=[
            project_row(
                "govshare",
                start_date="2021-10-01",
                end_date="2024-03-31",
                coordinator="radici",
                partners=["radici", "lism"],
                website="https://govshare.example.org",
                programme="interreg",
                description_fr="## Objectifs\n\nDécider *ensemble*, voir [le site](https://govshare.example.org).",
                description_en="Decide *together*.",
            ),
            project_row("open", start_date="2023-01-01", end_date=None, partners=["lism"]),
        ],
        practices=[
            practice_row(
                "coop-budget",
                title={"fr": "Budget participatif", "en": "Participatory budget"},
                summary_es="",
                context_fr="Les associés voulaient **décider** du budget.",
                context_en="Members wanted to **decide** on the budget.",
                actions_fr="1. Réunir les associés\n2. Voter\n\nPuis publier le résultat.",
                results_fr="Le taux de participation a doublé.",
                themes=["transition", "ess"],
                countries=["IT", "FR"],
                partners=["radici"],
                projects=["govshare"],
                year=2021,
                status="completed",
                contact_name="Maria Rossi",
                contact_role_fr="Coordinatrice",
                contact_role_en="Coordinator",
                contact_email="maria@radici.example.org",
                last_reviewed="2025-02-28",
            ),
            practice_row("plain", themes=[], countries=[], status="ongoing"),
        ],
    )


class ImportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def write(self, data, name="catalogue.json"):
        return write_catalogue(self.tmp / name, data)

    def snapshot(self):
        """Everything an import could write."""
        return (
            Theme.objects.count(),
            Page.objects.count(),
            Revision.objects.count(),
            sorted(Page.objects.values_list("pk", "live", "title_fr", "slug_en")),
        )


class TestValidImport(ImportTestCase):
    def test_json_creates_every_type_with_its_fields(self):
        report = import_catalogue(self.write(rich_catalogue()))
        self.assertEqual(
            {sheet: dict(counts) for sheet, counts in report.counts.items()},
            {
                "themes": {"created": 2},
                "partners": {"created": 2},
                "projects": {"created": 2},
                "practices": {"created": 2},
                # The file has no glossary sheet: the site's glossary is left alone.
                "glossary": {},
            },
        )
        self.assertEqual(Theme.objects.get(slug="ess").name_es, "Economía social")
        radici = PartnerPage.objects.get(ref="radici")
        self.assertTrue(radici.live)
        self.assertEqual(radici.get_parent().specific_class, PartnerIndexPage)
        self.assertEqual(
            (radici.title_fr, radici.country.code, radici.member_since),
            ("Consorzio Radici Comuni", "IT", 2019),
        )
        project = ProjectPage.objects.get(ref="govshare")
        self.assertEqual(project.get_parent().specific_class, ProjectIndexPage)
        self.assertEqual(
            [link.partner.ref for link in project.partner_links.all()], ["radici", "lism"]
        )
        self.assertEqual(project.coordinator.ref, "radici")
        practice = PracticePage.objects.get(ref="coop-budget")
        self.assertEqual(practice.get_parent().specific_class, PracticeIndexPage)
        self.assertTrue(practice.live)
        self.assertEqual(sorted(t.slug for t in practice.themes.all()), ["ess", "transition"])
        self.assertEqual(sorted(c.code for c in practice.countries), ["FR", "IT"])
        self.assertEqual(practice.status, "completed")
        self.assertEqual(str(practice.last_reviewed), "2025-02-28")
        # A slug per language that has a title; none invented for Spanish.
        self.assertEqual(practice.slug_fr, "budget-participatif")
        self.assertEqual(practice.slug_en, "participatory-budget")
        self.assertFalse(practice.slug_es)

    def test_imported_markdown_is_rendered_as_rich_text(self):
        import_catalogue(self.write(rich_catalogue()))
        practice = PracticePage.objects.get(ref="coop-budget")
        with translation.override("fr"):
            html = BeautifulSoup(
                self.client.get(practice.get_url()).content.decode(), "html.parser"
            )
        actions = html.select_one("#section-actions").find_parent("section")
        self.assertEqual(
            [li.get_text() for li in actions.select("ol li")], ["Réunir les associés", "Voter"]
        )
        self.assertIn("Puis publier le résultat.", actions.get_text())
        self.assertEqual(
            html.select_one("#section-context").find_parent("section").strong.text, "décider"
        )
        project = ProjectPage.objects.get(ref="govshare")
        with translation.override("fr"):
            html = BeautifulSoup(self.client.get(project.get_url()).content.decode(), "html.parser")
        body = html.select_one(".sheet-body")
        self.assertEqual(body.h2.get_text(), "Objectifs")
        self.assertEqual(body.select_one('a[href="https://govshare.example.org"]').text, "le site")
        self.assertEqual(body.em.text, "ensemble")

    def test_html_in_a_cell_is_text_not_markup(self):
        data = rich_catalogue()
        data["practices"][1]["context_fr"] = (
            'Voir <script>alert("x")</script> et [ce lien](javascript:alert(1)). '
            # Browsers open "/\host" and "//host" as another site.
            "[Ailleurs](/\\evil.example/x), [là](//evil.example), [ici](/fr/pratiques/)."
        )
        import_catalogue(self.write(data))
        practice = PracticePage.objects.get(ref="plain")
        with translation.override("fr"):
            content = self.client.get(practice.get_url()).content.decode()
        html = BeautifulSoup(content, "html.parser")
        section = html.select_one("#section-context").find_parent("section")
        self.assertIsNone(section.find("script"))
        self.assertIn('<script>alert("x")</script>', section.get_text())
        self.assertFalse(any("javascript:" in a.get("href", "") for a in section.find_all("a")))
        self.assertEqual([a["href"] for a in section.find_all("a")], ["/fr/pratiques/"])
        self.assertIn("Ailleurs, là, ici.", section.get_text())

    def test_titles_that_read_alike_across_languages_keep_every_url(self):
        # "Jardin" has no Spanish title, so its Spanish URL uses the French slug "jardin",
        # which the other sheet's Spanish title "Jardín" would also give.
        rows = [
            practice_row("garden", title={"fr": "Jardin", "en": "Garden"}),
            practice_row("vegetables", title={"fr": "Potager", "es": "Jardín"}),
            practice_row("later", title={"fr": "Huerto", "en": "Orchard"}),
            practice_row("spanish", title={"fr": "Verger", "es": "Huerto"}),
        ]
        import_catalogue(self.write(catalogue(practices=rows)))
        for lang in ("fr", "en", "es"):
            with translation.override(lang):
                urls = {page.ref: page.get_url() for page in PracticePage.objects.all()}
            self.assertEqual(len(set(urls.values())), 4, urls)
            for ref, url in urls.items():
                with self.subTest(lang=lang, ref=ref):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    page = PracticePage.objects.get(ref=ref)
                    with translation.override(lang):
                        self.assertEqual(
                            BeautifulSoup(response.content.decode(), "html.parser").h1.get_text(
                                strip=True
                            ),
                            page.title,
                        )

    def test_xlsx_with_semicolon_lists(self):
        path = self.write(rich_catalogue(), "catalogue.xlsx")
        report = import_catalogue(path)
        self.assertEqual(report.counts["practices"]["created"], 2)
        practice = PracticePage.objects.get(ref="coop-budget")
        self.assertEqual(sorted(t.slug for t in practice.themes.all()), ["ess", "transition"])
        self.assertEqual(sorted(c.code for c in practice.countries), ["FR", "IT"])
        project = ProjectPage.objects.get(ref="govshare")
        self.assertEqual(
            [link.partner.ref for link in project.partner_links.all()], ["radici", "lism"]
        )
        self.assertEqual(PartnerPage.objects.get(ref="radici").member_since, 2019)

    def test_reimport_is_idempotent(self):
        path = self.write(rich_catalogue())
        import_catalogue(path)
        before = self.snapshot()
        report = import_catalogue(path)
        for sheet in ("themes", "partners", "projects", "practices"):
            counts = report.counts[sheet]
            self.assertEqual(counts["created"] + counts["updated"], 0, sheet)
            self.assertEqual(counts["unchanged"], 2, sheet)
        self.assertEqual(self.snapshot(), before)

    def test_reimport_updates_in_place(self):
        import_catalogue(self.write(rich_catalogue()))
        practice = PracticePage.objects.get(ref="coop-budget")
        revisions = Revision.objects.count()
        data = rich_catalogue()
        data["practices"][0]["summary_es"] = "Un presupuesto decidido por los socios."
        data["practices"][0]["themes"] = ["ess"]
        data["partners"][1]["city"] = "Liège"
        report = import_catalogue(self.write(data))
        self.assertEqual(dict(report.counts["practices"]), {"updated": 1, "unchanged": 1})
        self.assertEqual(dict(report.counts["partners"]), {"updated": 1, "unchanged": 1})
        self.assertEqual(dict(report.counts["themes"]), {"unchanged": 2})
        self.assertEqual(Revision.objects.count(), revisions + 2)
        self.assertEqual(PracticePage.objects.filter(ref="coop-budget").count(), 1)
        practice.refresh_from_db()
        self.assertEqual(practice.summary_es, "Un presupuesto decidido por los socios.")
        self.assertEqual([t.slug for t in practice.themes.all()], ["ess"])
        # Published, and the URLs did not move.
        self.assertEqual(practice.slug_en, "participatory-budget")
        with translation.override("es"):
            response = self.client.get(practice.get_url())
        self.assertContains(response, "Un presupuesto decidido por los socios.")

    def test_dry_run_writes_nothing(self):
        before = self.snapshot()
        report = import_catalogue(self.write(rich_catalogue()), dry_run=True)
        self.assertEqual(report.counts["practices"]["created"], 2)
        self.assertEqual(report.counts["themes"]["created"], 2)
        self.assertEqual(self.snapshot(), before)

    def test_dry_run_of_changes_writes_nothing(self):
        import_catalogue(self.write(rich_catalogue()))
        before = self.snapshot()
        data = rich_catalogue()
        data["practices"][0]["title_fr"] = "Un autre titre"
        data["practices"].append(practice_row("new-one"))
        report = import_catalogue(self.write(data), dry_run=True)
        self.assertEqual(
            dict(report.counts["practices"]), {"updated": 1, "unchanged": 1, "created": 1}
        )
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(
            PracticePage.objects.get(ref="coop-budget").title_fr, "Budget participatif"
        )


class TestCommands(ImportTestCase):
    def test_import_command_reports_counts(self):
        out = StringIO()
        call_command(
            "import_catalogue", str(self.write(rich_catalogue())), stdout=out, stderr=StringIO()
        )
        lines = out.getvalue().splitlines()
        self.assertIn("practices: 2 created, 0 updated, 0 unchanged", lines)
        self.assertIn("themes: 2 created, 0 updated, 0 unchanged", lines)
        self.assertEqual(PracticePage.objects.count(), 2)

    def test_import_command_dry_run(self):
        out = StringIO()
        before = self.snapshot()
        call_command(
            "import_catalogue",
            str(self.write(rich_catalogue())),
            "--dry-run",
            stdout=out,
            stderr=StringIO(),
        )
        self.assertIn("practices: 2 created, 0 updated, 0 unchanged", out.getvalue())
        self.assertIn("nothing written", out.getvalue().lower())
        self.assertEqual(self.snapshot(), before)

    def test_import_command_failure(self):
        data = rich_catalogue()
        data["practices"][1]["status"] = "paused"
        err = StringIO()
        with self.assertRaises(CommandError) as raised:
            call_command("import_catalogue", str(self.write(data)), stdout=StringIO(), stderr=err)
        self.assertIn("nothing was written", str(raised.exception))
        self.assertIn("practices, item 2, column 'status'", err.getvalue())
        self.assertFalse(Theme.objects.filter(slug__in=["ess", "transition"]).exists())

    def test_export_command(self):
        import_catalogue(self.write(rich_catalogue()))
        out = StringIO()
        path = self.tmp / "export.json"
        call_command("export_catalogue", str(path), stdout=out)
        data = json.loads(path.read_text(encoding="utf-8"))
        self.assertEqual(
            sorted(data), ["glossary", "metadata", "partners", "practices", "projects", "themes"]
        )
        self.assertEqual(sorted(row["ref"] for row in data["practices"]), ["coop-budget", "plain"])
        self.assertIn("2 practices", out.getvalue())

    def test_unsupported_format(self):
        with self.assertRaises(CommandError):
            call_command("export_catalogue", str(self.tmp / "export.csv"), stdout=StringIO())
        path = self.tmp / "catalogue.csv"
        path.write_text("ref\n", encoding="utf-8")
        with self.assertRaises(CommandError):
            call_command("import_catalogue", str(path), stdout=StringIO(), stderr=StringIO())


def without_updated_at(data):
    """A JSON export's bytes with every `updated_at` blanked: the one column that differs
    (it is when each page was last published), and the open data's `exported_at`."""
    return re.sub(rb'"(updated_at|exported_at)": "[^"]*"', rb'"\1": ""', data)


def cells_without_updated_at(worksheet):
    rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
    if rows and "updated_at" in rows[0]:
        column = rows[0].index("updated_at")
        rows = [row[:column] + row[column + 1 :] for row in rows]
    return rows


class TestRoundTrip(ImportTestCase):
    def wipe(self):
        """Delete the pages and themes. The rows an export holds of them are conflicts
        then (deleted since): importing the export back agrees to re-create them."""
        for model in (PracticePage, ProjectPage, PartnerPage):
            for page in model.objects.all():
                page.delete()
        Theme.objects.all().delete()

    def test_json_export_import_export_is_byte_identical(self):
        import_catalogue(self.write(rich_catalogue()))
        first = self.tmp / "first.json"
        export_catalogue(first)
        self.wipe()
        self.assertEqual(PracticePage.objects.count(), 0)
        report = import_catalogue(first, overwrite_newer=True)
        self.assertEqual(report.counts["practices"]["created"], 2)
        second = self.tmp / "second.json"
        export_catalogue(second)
        self.assertIn(b'"updated_at": "20', first.read_bytes())
        self.assertEqual(
            without_updated_at(first.read_bytes()), without_updated_at(second.read_bytes())
        )

    def test_xlsx_export_import_export_keeps_every_cell(self):
        import_catalogue(self.write(rich_catalogue()))
        first = self.tmp / "first.xlsx"
        export_catalogue(first)
        self.wipe()
        import_catalogue(first, overwrite_newer=True)
        second = self.tmp / "second.xlsx"
        export_catalogue(second)
        a, b = load_workbook(first), load_workbook(second)
        self.assertEqual(
            a.sheetnames, ["README", "themes", "partners", "projects", "practices", "glossary"]
        )
        self.assertEqual(a.sheetnames, b.sheetnames)
        for name in a.sheetnames:
            rows_a = cells_without_updated_at(a[name])
            rows_b = cells_without_updated_at(b[name])
            self.assertEqual(rows_a, rows_b, name)
            self.assertGreater(len(rows_a), 1, f"{name} has no data row")

    def test_xlsx_and_json_exports_agree(self):
        import_catalogue(self.write(rich_catalogue()))
        export_catalogue(self.tmp / "first.xlsx")
        export_catalogue(self.tmp / "first.json")
        self.wipe()
        import_catalogue(self.tmp / "first.xlsx", overwrite_newer=True)
        export_catalogue(self.tmp / "second.json")
        self.assertEqual(
            without_updated_at((self.tmp / "first.json").read_bytes()),
            without_updated_at((self.tmp / "second.json").read_bytes()),
        )


class TestInvalidImports(ImportTestCase):
    """Each problem aborts the whole import with a message naming sheet, row, column."""

    def base(self):
        # Valid rows come first: if the import were not all-or-nothing they would be written.
        return catalogue(
            themes=[theme_row("ess"), theme_row("new-theme")],
            partners=[partner_row("coop"), partner_row("new-partner", country="ES")],
            projects=[project_row("alpha", partners=["coop"])],
            practices=[practice_row("good", themes=["ess"]), practice_row("other")],
        )

    def assertRejected(self, data, message, name="catalogue.json"):
        before = self.snapshot()
        with self.assertRaises(CatalogueError) as raised:
            import_catalogue(self.write(data, name))
        self.assertIn(message, raised.exception.messages)
        self.assertEqual(self.snapshot(), before, "something was written")
        return raised.exception.messages

    def change(self, sheet, index, **values):
        data = self.base()
        data[sheet][index].update(values)
        return data

    def test_unknown_theme_slug(self):
        self.assertRejected(
            self.change("practices", 1, themes=["ess", "no-such-theme"]),
            "practices, item 2, column 'themes': unknown themes reference 'no-such-theme' "
            "(closest known: new-theme, ess, local-sustainable-development)",
        )

    def test_messages_speak_the_editors_language(self):
        data = self.change("practices", 1, status="paused")
        for lang, expected in (
            (
                "fr",
                "practices, élément 2, colonne «\u00a0status\u00a0»\u202f: "
                "valeur inconnue «\u00a0paused\u00a0»",
            ),
            ("es", "practices, elemento 2, columna «status»: valor desconocido «paused»"),
        ):
            with self.subTest(lang=lang), translation.override(lang):
                with self.assertRaises(CatalogueError) as raised:
                    import_catalogue(self.write(data, "catalogue.json"))
                self.assertTrue(raised.exception.messages[0].startswith(expected))

    def test_unknown_partner_ref(self):
        self.assertRejected(
            self.change("practices", 1, partners=["ghost"]),
            "practices, item 2, column 'partners': unknown partners reference 'ghost' "
            "(closest known: coop, new-partner)",
        )

    def test_unknown_project_ref(self):
        self.assertRejected(
            self.change("practices", 1, projects=["ghost-project"]),
            "practices, item 2, column 'projects': unknown projects reference 'ghost-project' "
            "(closest known: alpha)",
        )

    def test_unknown_coordinator_and_project_partner(self):
        self.assertRejected(
            self.change("projects", 0, coordinator="ghost"),
            "projects, item 1, column 'coordinator': unknown partners reference 'ghost' "
            "(closest known: coop, new-partner)",
        )
        self.assertRejected(
            self.change("projects", 0, partners=["coop", "ghost"]),
            "projects, item 1, column 'partners': unknown partners reference 'ghost' "
            "(closest known: coop, new-partner)",
        )

    def test_bad_country_code(self):
        self.assertRejected(
            self.change("practices", 1, countries=["FR", "ZZ"]),
            "practices, item 2, column 'countries': "
            "'ZZ' is not a country (write its name or ISO 3166 code, e.g. FR or France)",
        )
        self.assertRejected(
            self.change("partners", 1, country="Spainland"),
            "partners, item 2, column 'country': "
            "'Spainland' is not a country (write its name or ISO 3166 code, e.g. FR or France)",
        )

    def test_bad_date(self):
        self.assertRejected(
            self.change("projects", 0, start_date="2024-13-01"),
            "projects, item 1, column 'start_date': "
            "'2024-13-01' is not a real date: there is no month 13",
        )
        self.assertRejected(
            self.change("practices", 1, last_reviewed="31 12 2024"),
            "practices, item 2, column 'last_reviewed': "
            "'31 12 2024' is not a date (write YYYY-MM-DD or DD/MM/YYYY)",
        )

    def test_content_checked_after_today(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        messages = self.assertRejected(
            self.change("practices", 1, last_reviewed=tomorrow.isoformat()),
            f"practices, item 2: last_reviewed: {tomorrow.isoformat()} is after today: "
            "a check can only have been made already.",
        )
        self.assertEqual(len(messages), 1)

    def test_a_title_in_no_language(self):
        # A title in English alone would do: a page may be written in any language.
        self.assertRejected(
            self.change("practices", 1, title_fr="", title_en="", title_es=""),
            "practices, item 2, column 'title_fr': required in one language at least",
        )
        self.assertRejected(
            self.change("projects", 0, title_fr="  ", title_en="", title_es=""),
            "projects, item 1, column 'title_fr': required in one language at least",
        )

    def test_unknown_status(self):
        self.assertRejected(
            self.change("practices", 1, status="paused"),
            "practices, item 2, column 'status': unknown value 'paused' (expected one of: "
            "ongoing (Ongoing), completed (Completed), discontinued (Discontinued))",
        )

    def test_unknown_organisation_type(self):
        messages = self.assertRejected(
            self.change("partners", 1, organisation_type="club"),
            "partners, item 2, column 'organisation_type': unknown value 'club' (expected one of: "
            "ngo (NGO), local_authority (Local authority), cooperative (Cooperative), "
            "research_centre (Research centre), company (Company), public_body (Public body), "
            "network (Network), university (University), other (Other))",
        )
        self.assertEqual(len(messages), 1)

    def test_duplicate_ref(self):
        data = self.base()
        data["practices"].append(practice_row("good", title={"fr": "Doublon"}))
        self.assertRejected(
            data, "practices, item 3, column 'ref': duplicate key 'good' (already used item 1)"
        )

    def test_end_before_start(self):
        self.assertRejected(
            self.change("projects", 0, start_date="2024-05-01", end_date="2024-04-30"),
            "projects, item 1, column 'end_date': the end date is before the start date",
        )

    def test_xlsx_messages_give_the_spreadsheet_row(self):
        self.assertRejected(
            self.change("practices", 1, status="paused"),
            "practices, row 3, column 'status': unknown value 'paused' (expected one of: "
            "ongoing (Ongoing), completed (Completed), discontinued (Discontinued))",
            name="catalogue.xlsx",
        )

    def test_every_problem_is_reported_at_once(self):
        data = self.base()
        data["practices"][0]["themes"] = ["nope"]
        data["partners"][1]["country"] = "ZZ"
        with self.assertRaises(CatalogueError) as raised:
            import_catalogue(self.write(data))
        self.assertEqual(len(raised.exception.messages), 2)
        self.assertTrue(
            raised.exception.messages[0].startswith("partners, item 2, column 'country'")
        )
        self.assertTrue(
            raised.exception.messages[1].startswith("practices, item 1, column 'themes'")
        )

    def test_failure_on_reimport_keeps_the_existing_catalogue(self):
        import_catalogue(self.write(self.base()))
        before = self.snapshot()
        data = self.base()
        data["practices"][0]["title_fr"] = "Nouveau titre"
        data["practices"][1]["year"] = "vers 2010"
        messages = self.assertRejected(
            data, "practices, item 2, column 'year': 'vers 2010' is not a whole number"
        )
        self.assertEqual(len(messages), 1)
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(PracticePage.objects.get(ref="good").title_fr, "Pratique good")
