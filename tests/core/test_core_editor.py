"""The page editor: one tab per language, none required alone, nothing optional marked
required; relations picked with searchable widgets."""

import re

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.users.models import UserProfile

from bs4 import BeautifulSoup

from home.models import ContentPage, HomePage
from partners.models import PartnerPage
from practices.models import PracticePage
from projects.models import ProjectPage
from tests.factories.home import build_site
from tests.factories.rows import import_rows, partner_row, practice_row, project_row


class TestEditorLanguages(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.editor = get_user_model().objects.create_superuser("editor", "", "pw")
        # The admin in English (it follows the user's preference, else French).
        UserProfile.objects.update_or_create(user=cls.editor, defaults={"preferred_language": "en"})
        import_rows(
            partners=[partner_row("coop")],
            projects=[project_row("alpha", partners=["coop"])],
            practices=[practice_row("sheet")],
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def form(self, page):
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        return BeautifulSoup(response.content.decode(), "html.parser")

    def pages(self):
        return [
            PracticePage.objects.get(),
            PartnerPage.objects.get(),
            ProjectPage.objects.get(),
            HomePage.objects.get(),
            ContentPage.objects.first(),
        ]

    def test_a_tab_per_language_then_the_shared_fields(self):
        for page in self.pages():
            with self.subTest(page=type(page).__name__):
                html = self.form(page)
                tabs = list(_tabs(html))
                self.assertEqual(tabs[:3], ["Français", "English", "Español"])
                for code in ("fr", "en", "es"):
                    panel = _tabs(html)[{"fr": "Français", "en": "English", "es": "Español"}[code]]
                    names = {field["name"] for field in panel.select("[name]")}
                    self.assertIn(f"title_{code}", names)
                    self.assertIn(f"slug_{code}", names)
                    others = [c for c in ("fr", "en", "es") if c != code]
                    self.assertFalse(
                        [n for n in names if any(n.endswith(f"_{c}") for c in others)], names
                    )

    def test_the_editor_opens_on_the_editors_language(self):
        for language, tab in (("en", "english"), ("es", "espanol"), ("fr", "francais")):
            with self.subTest(language=language):
                UserProfile.objects.filter(user=self.editor).update(preferred_language=language)
                html = self.form(PracticePage.objects.get())
                script = html.select_one("script[data-language-tab]")
                self.assertEqual(script["data-language-tab"], f"#tab-{tab}")
                self.assertIn("language-tab.js", script["src"])
                self.assertIsNotNone(html.select_one(f'[role=tab][href="#tab-{tab}"]'))

    def test_a_line_break_without_its_slash_opens_in_the_editor(self):
        # The catalogue import wrote <br> before 2026-12; Wagtail's converter refused it.
        page = PracticePage.objects.get()
        page.context_fr = "<p>Ligne un<br>ligne deux</p>"
        page.save_revision()
        html = self.form(page)
        field = html.select_one("input[name=context_fr]")
        self.assertIn("Ligne un\\nligne deux", field["value"])

    def test_practice_sheet_shared_fields_are_in_their_own_tab(self):
        html = self.form(PracticePage.objects.get())
        tabs = _tabs(html)
        self.assertIn("Every language", tabs)
        shared = tabs["Every language"]
        names = {field["name"] for field in shared.select("[name]")}
        self.assertTrue(
            {"countries", "partners", "projects", "status", "last_reviewed"} <= names, names
        )

    def test_no_language_is_required_alone(self):
        # A page is written in one language at least, whichever (core.forms): the
        # browser must not refuse a sheet written in Spanish only.
        for page in self.pages():
            with self.subTest(page=type(page).__name__):
                html = self.form(page)
                form = html.find("form", id="page-edit-form")
                # A partner's name, written once for every language, stays required.
                expected = ["title_fr"] if isinstance(page, PartnerPage) else []
                required = {field["name"] for field in form.select("[required]")}
                translated = [n for n in required if n.endswith(("_fr", "_en", "_es"))]
                self.assertEqual(translated, expected)
                marked = [
                    label.get("for", "")
                    for label in form.select("label")
                    if label.select_one(".w-required-mark")
                ]
                marked = [m for m in marked if m.endswith(("_fr", "_en", "_es"))]
                self.assertEqual(marked, [f"id_{name}" for name in expected])


def _tabs(html):
    """{tab label: its panel}, in order."""
    tabs = {}
    for tab in html.select("[role=tab]"):
        label = re.sub(r"\(\d*\)$", "", tab.get_text(strip=True))
        tabs[label] = html.find(id=tab.get("aria-controls") or tab["href"].lstrip("#"))
    return tabs


class TestRelationWidgets(TestEditorLanguages):
    """Countries, partners and projects are picked with searchable, keyboard-usable
    widgets: Tom Select over a native select, Wagtail's page chooser for a project's
    partners."""

    def test_practice_sheet(self):
        html = self.form(PracticePage.objects.get())
        for name in ("countries", "partners", "projects"):
            with self.subTest(name=name):
                select = html.select_one(f"select[name={name}]")
                self.assertTrue(select.has_attr("multiple"))
                self.assertTrue(select.has_attr("data-searchable-select"))
        options = [o.get_text() for o in html.select("select[name=partners] option")]
        self.assertEqual(options, ["Organisation coop"])
        scripts = [s.get("src", "") for s in html.select("script")]
        self.assertTrue(any("tom-select.complete.min.js" in src for src in scripts))
        self.assertTrue(any("searchable-select.js" in src for src in scripts))

    def test_the_widgets_say_no_result_in_the_editors_language(self):
        for language, text in (("en", "No results found"), ("es", "No hay resultados")):
            with self.subTest(language=language):
                UserProfile.objects.filter(user=self.editor).update(preferred_language=language)
                html = self.form(PracticePage.objects.get())
                select = html.select_one("select[name=countries]")
                self.assertEqual(select["data-no-results"], text)

    def test_partner_country(self):
        html = self.form(PartnerPage.objects.get())
        select = html.select_one("select[name=country]")
        self.assertTrue(select.has_attr("data-searchable-select"))
        self.assertFalse(select.has_attr("multiple"))

    def test_project_partners_use_the_page_chooser(self):
        project = ProjectPage.objects.get()
        html = self.form(project)
        self.assertEqual(
            html.select_one("input[name=partner_links-0-partner]")["value"],
            str(PartnerPage.objects.get().pk),
        )
        # MultipleChooserPanel: one chooser modal to pick several partners.
        self.assertIsNotNone(html.select_one("button#id_partner_links-OPEN_MODAL"))
        self.assertIn("new MultipleChooserPanel(", html.decode())
        definition = html.select_one("script#id_partner_links-CHOOSER_WIDGET").get_text()
        self.assertIn("/admin/choose-page/", definition)
        self.assertIn("partners.partnerpage", definition.lower())

    def test_static_files_ship_with_the_project(self):
        from django.contrib.staticfiles import finders

        for path in (
            "core/vendor/tom-select/tom-select.complete.min.js",
            "core/vendor/tom-select/tom-select.min.css",
            "core/admin/searchable-select.js",
            "core/admin/searchable-select.css",
        ):
            self.assertIsNotNone(finders.find(path), path)
