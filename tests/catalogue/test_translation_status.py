"""Translation status: one rule, shown in the admin listings, the report, the dashboard
and the search API (issue #8, part 4)."""

import csv
import dataclasses
import io

from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import translation
from django.utils.text import capfirst

from bs4 import BeautifulSoup

from catalogue import registry
from catalogue.checks import check_catalogue_types
from catalogue.translation_status import translation_status, translation_statuses
from partners.models import PartnerPage
from practices.models import PracticePage, Theme
from projects.models import ProjectPage
from tests.factories.home import build_site
from tests.factories.rows import import_rows, load_demo, partner_row, practice_row, project_row

NO_SPANISH = {"pr-25", "pr-27", "pr-28"}
ALL = {"fr": "complete", "en": "complete", "es": "complete"}


class TranslationStatusRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        import_rows(
            partners=[
                partner_row("full"),
                partner_row("fr-only", description_en="", description_es=""),
                partner_row("none", description_fr="", description_en="", description_es=""),
            ],
            projects=[
                project_row("p", summary_es=""),
            ],
            practices=[
                practice_row("all"),
                practice_row(
                    "part",
                    context_fr="Le **contexte**.",
                    context_en="The **context**.",
                    title={"fr": "Fiche partielle", "en": "Partial sheet", "es": "Ficha parcial"},
                ),
                practice_row("no-es", title={"fr": "Sans espagnol", "en": "No Spanish"}),
                practice_row("en-extra", context_en="Only in English."),
            ],
        )

    def statuses(self, model, ref):
        return translation_statuses(model.objects.get(ref=ref))

    def test_every_field_with_text_in_some_language_must_be_translated(self):
        self.assertEqual(self.statuses(PracticePage, "all"), ALL)
        # The context exists in French and English, not in Spanish.
        self.assertEqual(self.statuses(PracticePage, "part"), {**ALL, "es": "partial"})
        # No Spanish title: missing, whatever else there is.
        self.assertEqual(self.statuses(PracticePage, "no-es")["es"], "missing")
        # A page may be written in English first: text in English that French lacks is
        # still to translate into French and Spanish.
        self.assertEqual(
            self.statuses(PracticePage, "en-extra"),
            {"fr": "partial", "en": "complete", "es": "partial"},
        )
        self.assertEqual(
            self.statuses(ProjectPage, "p"), {"fr": "complete", "en": "complete", "es": "partial"}
        )

    def test_a_partner_counts_its_description_not_its_name(self):
        self.assertEqual(self.statuses(PartnerPage, "full"), ALL)
        self.assertEqual(
            self.statuses(PartnerPage, "fr-only"),
            {"fr": "complete", "en": "missing", "es": "missing"},
        )
        self.assertEqual(self.statuses(PartnerPage, "none")["fr"], "missing")

    def test_french_is_complete_when_required_fields_are_filled(self):
        page = PracticePage.objects.get(ref="all")
        page.summary_fr = ""
        self.assertEqual(translation_status(page, "fr"), "partial")
        # Works from a generic Page too.
        self.assertEqual(translation_status(page.page_ptr, "es"), "complete")


class TranslationsInTheAdminTests(TestCase):
    """The demo catalogue: pr-25, pr-27 and pr-28 have no Spanish."""

    @classmethod
    def setUpTestData(cls):
        build_site()
        # The importer's publications update the search indexes once they commit.
        with cls.captureOnCommitCallbacks(execute=True):
            load_demo()
        cls.admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def demo_statuses(self):
        return {page.ref: translation_statuses(page) for page in PracticePage.objects.all()}

    def test_demo_sheets_without_spanish(self):
        statuses = self.demo_statuses()
        self.assertEqual({ref for ref, s in statuses.items() if s["es"] != "complete"}, NO_SPANISH)
        self.assertTrue(all(s["fr"] == s["en"] == "complete" for s in statuses.values()))

    def listed_titles(self, response):
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        return soup, {
            row.select_one("td.title a, .title a").get_text(" ", strip=True)
            for row in soup.select("table tbody tr")
        }

    def titles_of(self, refs):
        return {PracticePage.objects.get(ref=ref).title_fr for ref in refs}

    def test_listing_column_and_filter(self):
        response = self.client.get("/admin/catalogue/practices/", {"translation": "es:missing"})
        self.assertEqual(response.status_code, 200)
        soup, titles = self.listed_titles(response)
        self.assertEqual(titles, self.titles_of(NO_SPANISH))
        headers = [th.get_text(" ", strip=True) for th in soup.select("table thead th")]
        self.assertIn("FR EN ES", headers)
        for row in soup.select("table tbody tr"):
            badges = row.select("[data-translation]")
            self.assertEqual(
                [(b["data-language"], b["data-translation"]) for b in badges],
                [("fr", "complete"), ("en", "complete"), ("es", "missing")],
            )
            # Text, not colour only: a visible mark and a full label for screen readers.
            self.assertEqual(badges[2].select_one("[aria-hidden]").get_text(), "ES ✗")
            self.assertEqual(
                badges[2].select_one(".w-sr-only").get_text(), "Espagnol\u202f: manquante"
            )
        # The whole listing shows every sheet, and the column marks exactly those three.
        soup, everything = self.listed_titles(self.client.get("/admin/catalogue/practices/"))
        self.assertEqual(len(everything), PracticePage.objects.count())
        marked = {
            row.select_one(".title a").get_text(" ", strip=True)
            for row in soup.select("table tbody tr")
            if row.select_one('[data-language="es"][data-translation="missing"]')
        }
        self.assertEqual(marked, self.titles_of(NO_SPANISH))
        for url in ("/admin/catalogue/partners/", "/admin/catalogue/projects/"):
            self.assertEqual(self.client.get(url).status_code, 200)
        # The admin menu has the three listings.
        self.assertContains(self.client.get("/admin/"), "/admin/catalogue/practices/")

    def test_a_partial_badge_names_what_is_left_to_translate(self):
        page = PracticePage.objects.exclude(ref__in=NO_SPANISH).first()
        PracticePage.objects.filter(pk=page.pk).update(results_es="", context_es="")
        with translation.override("fr"):
            fields = [
                str(capfirst(PracticePage._meta.get_field(name).verbose_name))
                for name in ("context", "results")
            ]
        for response in (
            self.client.get("/admin/catalogue/practices/", {"translation": "es:partial"}),
            self.report(language="es", translation="partial"),
        ):
            soup, titles = self.listed_titles(response)
            self.assertEqual(titles, {page.title_fr})
            badge = soup.select_one('[data-language="es"][data-translation="partial"]')
            label = badge.select_one(".w-sr-only").get_text()
            self.assertIn(f"à traduire\u202f: {', '.join(fields)}", label)
            self.assertEqual(badge["title"], label)

    def test_listing_filters_by_theme_and_status(self):
        theme = Theme.objects.filter(practices__isnull=False).first()
        response = self.client.get("/admin/catalogue/practices/", {"themes": theme.pk})
        _soup, titles = self.listed_titles(response)
        self.assertEqual(titles, {p.title_fr for p in theme.practices.all()})
        draft = PracticePage.objects.get(ref="pr-27")
        draft.unpublish()
        response = self.client.get(
            "/admin/catalogue/practices/", {"publication": "draft", "translation": "es:missing"}
        )
        self.assertEqual(self.listed_titles(response)[1], {draft.title_fr})

    def report(self, **params):
        return self.client.get("/admin/reports/translations/", params)

    def test_report_filtered_to_spanish_missing(self):
        response = self.report(language="es", translation="missing")
        self.assertEqual(response.status_code, 200)
        _soup, titles = self.listed_titles(response)
        self.assertEqual(titles, self.titles_of(NO_SPANISH))
        # Each page opens in the editor on the Spanish tab.
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        link = soup.select_one("table tbody tr .title a")["href"]
        self.assertRegex(link, r"^/admin/pages/\d+/edit/#tab-espanol$")
        editor = BeautifulSoup(self.client.get(link).content.decode(), "html.parser")
        self.assertEqual(editor.select_one("#tab-espanol")["aria-labelledby"], "tab-label-espanol")
        # Nothing is missing in English; the type filter keeps sheets only.
        self.assertEqual(self.listed_titles(self.report(language="en"))[1], set())
        response = self.report(language="es", page_type="partner")
        self.assertEqual(self.listed_titles(response)[1], set())
        # Sortable by title.
        soup, _titles = self.listed_titles(self.report(ordering="-title"))
        order = [a.get_text(strip=True) for a in soup.select("table tbody tr .title a")]
        self.assertEqual(order, sorted(order, reverse=True))

    def test_report_exports(self):
        response = self.report(language="es", translation="missing", export="csv")
        self.assertEqual(response.status_code, 200)
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        headings = ["Titre", "Type", "Statut", "Français", "Anglais", "Espagnol"]
        self.assertEqual(rows[0][:6], headings)
        self.assertEqual({row[0] for row in rows[1:]}, self.titles_of(NO_SPANISH))
        self.assertTrue(all(row[5] == "manquante" for row in rows[1:]))
        response = self.report(language="es", export="xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response["Content-Type"])

    def test_report_menu_and_dashboard_panel(self):
        menu = self.client.get("/admin/")
        soup = BeautifulSoup(menu.content.decode(), "html.parser")
        panel = soup.select_one("#translations-to-do-heading").find_parent("section")
        cell = panel.select_one('tr[data-type="practice"] td[data-language="es"] a')
        self.assertEqual(cell.get_text(strip=True), "3 manquantes")
        self.assertEqual(
            cell["href"],
            "/admin/reports/translations/?page_type=practice&language=es&translation=missing",
        )
        self.assertContains(menu, "/admin/reports/translations/")

    @override_settings(OPENSEARCH_URL="")
    def test_api_results_carry_languages(self):
        page = PracticePage.objects.get(ref="pr-25")
        data = self.client.get("/api/search/", {"q": page.title_fr.split()[2]}).json()
        results = {r["title"]: r for r in data["results"]}
        self.assertEqual(
            results[page.title_fr]["languages"],
            {"fr": "complete", "en": "complete", "es": "missing"},
        )
        self.assertTrue(all(set(r["languages"]) == {"fr", "en", "es"} for r in data["results"]))


class AdminFiltersCheckTests(SimpleTestCase):
    def test_an_admin_filter_must_be_a_relation_or_choice_field(self):
        practice = registry.get("practice")
        registry._types["practice"] = dataclasses.replace(practice, admin_filters=("summary",))
        try:
            errors = check_catalogue_types()
        finally:
            registry._types["practice"] = practice
        self.assertEqual([e.id for e in errors], ["catalogue.E010"])
