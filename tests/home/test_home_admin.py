"""Editors create and edit editorial pages (ContentPage) in the admin, in three languages."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from home.models import ContentPage, HomePage
from tests.factories.admin_forms import (
    edit_form,
    page_form,
    rich_text,
    streamfield,
    translated_streams,
)
from tests.factories.browser import page_html
from tests.factories.home import build_site

LANGS = ("fr", "en", "es")


class TestContentPageAdmin(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        cls.editor = get_user_model().objects.create_superuser("editor", "", "pw")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_create_a_page_in_three_languages(self):
        values = {
            "title_fr": "Notre équipe",
            "title_en": "Our team",
            "title_es": "Nuestro equipo",
            "slug_fr": "equipe",
            "slug_en": "team",
            "slug_es": "equipo",
            "intro_fr": "Qui fait vivre la coopérative.",
            "intro_en": "Who keeps the cooperative going.",
            "intro_es": "Quién hace vivir la cooperativa.",
            "show_in_menus": "on",
        }
        bodies = {
            "fr": "<h2>Accompagnement</h2><p>Quatre <b>salariées</b> permanentes.</p>",
            "en": "<h2>Support</h2><p>Four <b>permanent</b> staff.</p>",
            "es": "<h2>Acompañamiento</h2><p>Cuatro <b>empleadas</b> fijas.</p>",
        }
        streams = translated_streams(
            "body", {lang: [("paragraph", rich_text(html))] for lang, html in bodies.items()}
        )
        response = self.client.post(
            f"/admin/pages/add/home/contentpage/{self.home.pk}/", page_form({**values, **streams})
        )
        self.assertEqual(response.status_code, 302)
        page = ContentPage.objects.get(slug_fr="equipe")
        self.assertTrue(page.live)
        bold = {"fr": "salariées", "en": "permanent", "es": "empleadas"}
        for lang in LANGS:
            with self.subTest(lang=lang):
                html = page_html(self.client, page, lang)
                self.assertEqual(html.html["lang"], lang)
                article = html.select_one("main article")
                self.assertEqual(article.h1.get_text(strip=True), values[f"title_{lang}"])
                self.assertEqual(article.select_one(".lead").text, values[f"intro_{lang}"])
                self.assertEqual(article.find(["b", "strong"]).text, bold[lang])
                self.assertIsNotNone(article.find("h2"))
                # In the menu, under its translated title.
                menu = [a.get_text(strip=True) for a in html.select("nav.main-nav a")]
                self.assertIn(values[f"title_{lang}"], menu)

    def test_duplicate_slug_in_one_language_is_refused(self):
        values = {
            "title_fr": "Autre page",
            "slug_fr": "autre-page",
            "title_en": "About again",
            "slug_en": "about",  # the About page already uses it
        }
        response = self.client.post(
            f"/admin/pages/add/home/contentpage/{self.home.pk}/",
            page_form({**values, **translated_streams("body", {})}),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ContentPage.objects.filter(slug_fr="autre-page").exists())

    def test_edit_keeps_the_other_languages(self):
        about = ContentPage.objects.get(slug_fr="a-propos")
        before = {lang: page_html(self.client, about, lang) for lang in ("fr", "es")}
        response = self.client.post(
            f"/admin/pages/{about.pk}/edit/",
            edit_form(
                about,
                intro_en="A cooperative in South-West France.",
                body_en=streamfield([("paragraph", rich_text("<p>New English text.</p>"))]),
            ),
        )
        self.assertEqual(response.status_code, 302)
        about = ContentPage.objects.get(pk=about.pk)
        html = page_html(self.client, about, "en")
        self.assertEqual(html.select_one(".lead").text, "A cooperative in South-West France.")
        self.assertEqual(
            [p.get_text() for p in html.select("main article .rich-text p")], ["New English text."]
        )
        for lang in ("fr", "es"):
            after = page_html(self.client, about, lang)
            self.assertEqual(
                after.select_one("main article").get_text(),
                before[lang].select_one("main article").get_text(),
            )

    def test_home_page_can_be_edited(self):
        response = self.client.post(
            f"/admin/pages/{self.home.pk}/edit/",
            edit_form(
                HomePage.objects.get(pk=self.home.pk),
                intro_es="Una cooperativa del suroeste de Francia.",
            ),
        )
        self.assertEqual(response.status_code, 302)
        html = page_html(self.client, HomePage.objects.get(), "es")
        # The introduction is the short paragraph about Co-actions, above the link to About.
        self.assertEqual(
            html.select_one(".home-about p").text, "Una cooperativa del suroeste de Francia."
        )
        # The other languages were left as they were.
        self.assertEqual(HomePage.objects.get().intro_fr, self.home.intro_fr)
