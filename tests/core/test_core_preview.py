"""Preview in each language: every page type, with relations only in the unsaved form."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset

from bs4 import BeautifulSoup

from home.models import ContentPage, HomePage
from partners.models import PartnerPage
from practices.models import PracticePage, Theme
from projects.models import ProjectPage
from tests.factories.admin_forms import edit_form, page_form
from tests.factories.home import build_site
from tests.factories.rows import import_rows, partner_row, practice_row, project_row, theme_row


class TestPreviewInEachLanguage(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        cls.editor = get_user_model().objects.create_superuser("editor", "", "pw")
        import_rows(
            themes=[theme_row("ess")],
            partners=[
                partner_row("coop", name="Coopérative Garonne"),
                partner_row("tejido", name="Tejido Solidario", country="ES"),
            ],
            projects=[project_row("alpha", partners=["coop"])],
            # No Spanish: the Spanish preview shows the French text with a notice.
            practices=[
                practice_row(
                    "cantine",
                    title={"fr": "Cantine coopérative", "en": "Cooperative canteen"},
                    summary_es="",
                )
            ],
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def preview(self, page, values):
        """Post the edit form with `values` to the preview view, as the live preview does."""
        url = f"/admin/pages/{page.pk}/edit/preview/"
        data = edit_form(page, publish=False, **values)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        return url

    def render(self, url, mode):
        response = self.client.get(f"{url}?mode={mode}")
        self.assertEqual(response.status_code, 200, mode)
        return BeautifulSoup(response.content.decode(), "html.parser")

    def test_modes_are_the_three_languages_named_in_their_own(self):
        page = PracticePage.objects.get(ref="cantine")
        self.assertEqual(
            page.preview_modes, [("fr", "Français"), ("en", "English"), ("es", "Español")]
        )
        html = self.client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        for name in ("Français", "English", "Español"):
            self.assertIn(name, html)

    def test_practice_sheet_with_unsaved_relations(self):
        page = PracticePage.objects.get(ref="cantine")
        partner = PartnerPage.objects.get(ref="tejido")
        project = ProjectPage.objects.get(ref="alpha")
        url = self.preview(
            page,
            {
                "title_en": "Draft canteen",
                "partners": [partner.pk],
                "projects": [project.pk],
                "themes": [Theme.objects.get(slug="ess").pk],
            },
        )
        # Nothing was saved.
        page.refresh_from_db()
        self.assertEqual(page.title_en, "Cooperative canteen")
        self.assertEqual(list(page.partners.all()), [])

        fr = self.render(url, "fr")
        self.assertEqual(fr.html["lang"], "fr")
        self.assertEqual(fr.h1.get_text(strip=True), "Cantine coopérative")
        self.assertIn("Tejido Solidario", fr.get_text())
        self.assertIsNone(fr.select_one(".notice-fallback"))

        en = self.render(url, "en")
        self.assertEqual(en.html["lang"], "en")
        self.assertEqual(en.h1.get_text(strip=True), "Draft canteen")
        self.assertIn("ALPHA", en.select_one("main").get_text())

        es = self.render(url, "es")
        self.assertEqual(es.html["lang"], "es")
        self.assertEqual(es.h1.get_text(strip=True), "Cantine coopérative")
        self.assertIsNotNone(es.select_one(".notice-fallback"))

    def test_partner(self):
        page = PartnerPage.objects.get(ref="coop")
        url = self.preview(page, {"city": "Agen"})
        for mode, text in [
            ("fr", "Une organisation partenaire nommée coop."),
            ("en", "A partner organisation called coop."),
            ("es", "Una organización socia llamada coop."),
        ]:
            with self.subTest(mode=mode):
                html = self.render(url, mode)
                self.assertIn(text, html.get_text())
                self.assertIn("Agen", html.get_text())

    def test_project_with_unsaved_partner_links(self):
        page = ProjectPage.objects.get(ref="alpha")
        coop = PartnerPage.objects.get(ref="coop")
        tejido = PartnerPage.objects.get(ref="tejido")
        links = inline_formset(
            [
                {"id": page.partner_links.get().pk, "partner": coop.pk, "ORDER": 1},
                {"partner": tejido.pk, "ORDER": 2},
            ],
            initial=1,
        )
        url = self.preview(page, {"title_es": "", "partner_links": links})
        page.refresh_from_db()
        self.assertEqual(page.partner_links.count(), 1)
        for mode, title in [("fr", "ALPHA – Projet alpha"), ("en", "ALPHA – Project alpha")]:
            with self.subTest(mode=mode):
                html = self.render(url, mode)
                self.assertEqual(html.h1.get_text(strip=True), title)
                self.assertIn("Tejido Solidario", html.get_text())
        es = self.render(url, "es")
        self.assertEqual(es.h1.get_text(strip=True), "ALPHA – Projet alpha")
        self.assertIsNotNone(es.select_one(".notice-fallback"))

    def test_home_and_content_pages(self):
        for page in [HomePage.objects.get(), ContentPage.objects.first()]:
            url = self.preview(page, {"title_en": "Draft title in English"})
            for mode in ("fr", "en", "es"):
                with self.subTest(page=page.title, mode=mode):
                    html = self.render(url, mode)
                    self.assertEqual(html.html["lang"], mode)
            self.assertIn("Draft title in English", str(self.render(url, "en")))

    def test_new_page_preview(self):
        parent = Page.objects.get(pk=PracticePage.objects.get().get_parent().pk)
        url = f"/admin/pages/add/practices/practicepage/{parent.pk}/preview/"
        data = page_form(
            {
                "title_fr": "Jardin partagé",
                "summary_fr": "Un jardin.",
                "slug_fr": "jardin",
                "status": "ongoing",
            },
            publish=False,
        )
        response = self.client.post(url, data)
        self.assertEqual(response.json()["is_valid"], True)
        html = self.render(url, "en")
        self.assertEqual(html.h1.get_text(strip=True), "Jardin partagé")
        self.assertIsNotNone(html.select_one(".notice-fallback"))
