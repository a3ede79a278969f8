"""Editors create, edit and copy practice sheets in the Wagtail admin."""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import translation

from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data

from bs4 import BeautifulSoup

from partners.models import PartnerPage
from practices.models import PracticeIndexPage, PracticePage, Theme
from projects.models import ProjectPage
from tests.factories.admin_forms import edit_form, page_form, rich_text
from tests.factories.home import build_site
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory, ThemeFactory
from tests.factories.projects import ProjectPageFactory


class TestPracticeAdmin(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.editor = get_user_model().objects.create_superuser("editor", "", "pw")
        ThemeFactory(slug="ess")
        ThemeFactory(slug="transition")
        PartnerPageFactory(ref="coop", name="Coopérative Garonne")
        ProjectPageFactory(ref="alpha")
        PracticePageFactory(ref="existing", title_fr="Fiche existante", title_en="", title_es="")
        cls.index = PracticeIndexPage.objects.get()

    def setUp(self):
        self.client.force_login(self.editor)

    def create(self, **values):
        data = {
            "title_fr": "Monnaie locale",
            "title_en": "Local currency",
            "title_es": "Moneda local",
            "slug_fr": "monnaie-locale",
            "slug_en": "local-currency",
            "slug_es": "moneda-local",
            "summary_fr": "Une monnaie qui circule entre les commerces du quartier.",
            "summary_en": "A currency that circulates between the neighbourhood's shops.",
            "summary_es": "Una moneda que circula entre los comercios del barrio.",
            "context_fr": rich_text("<p>Les commerces <b>fermaient</b> un à un.</p>"),
            "context_en": rich_text("<p>Shops were <b>closing</b> one by one.</p>"),
            "actions_fr": rich_text("<ul><li>Émettre des billets</li><li>Former</li></ul>"),
            "themes": [Theme.objects.get(slug="ess").pk, Theme.objects.get(slug="transition").pk],
            "countries": ["FR", "BE"],
            "partners": [PartnerPage.objects.get(ref="coop").pk],
            "projects": [ProjectPage.objects.get(ref="alpha").pk],
            "year_started": "2021",
            "status": "ongoing",
            "contact_name": "Jeanne Martin",
            "contact_email": "jeanne@coop.example",
            "last_reviewed": "2025-01-31",
        }
        data.update(values)
        return self.client.post(
            f"/admin/pages/add/practices/practicepage/{self.index.pk}/", page_form(data)
        )

    def test_create_and_publish_a_translated_sheet(self):
        response = self.create()
        self.assertEqual(response.status_code, 302)
        page = PracticePage.objects.get(slug_fr="monnaie-locale")
        self.assertTrue(page.live)
        self.assertEqual(page.get_parent().pk, self.index.pk)
        self.assertEqual(sorted(t.slug for t in page.themes.all()), ["ess", "transition"])
        self.assertEqual(sorted(c.code for c in page.countries), ["BE", "FR"])
        self.assertEqual([p.ref for p in page.partners.all()], ["coop"])
        self.assertEqual([p.ref for p in page.projects.all()], ["alpha"])
        self.assertEqual(page.last_reviewed, datetime.date(2025, 1, 31))
        # Created without a ref: it gets one, used by the spreadsheet export.
        self.assertTrue(page.ref)
        self.assertNotEqual(page.ref, "existing")

        expected = {
            "fr": ("Monnaie locale", "fermaient"),
            "en": ("Local currency", "closing"),
            "es": ("Moneda local", "fermaient"),  # no Spanish context: French shown
        }
        for lang, (title, bold) in expected.items():
            with self.subTest(lang=lang), translation.override(lang):
                url = page.get_url()
                self.assertTrue(url.startswith(f"/{lang}/"))
                html = BeautifulSoup(self.client.get(url).content.decode(), "html.parser")
                self.assertEqual(html.h1.get_text(strip=True), title)
                context = html.select_one("#section-context").find_parent("section")
                self.assertEqual(context.find(["strong", "b"]).get_text(), bold)
        html = BeautifulSoup(
            self.client.get(f"/fr/{self.index.slug_fr}/monnaie-locale/").content.decode(),
            "html.parser",
        )
        actions = html.select_one("#section-actions").find_parent("section")
        self.assertEqual(
            [li.get_text() for li in actions.select("li")], ["Émettre des billets", "Former"]
        )

    def test_a_summary_is_required_in_a_language_with_a_title(self):
        # Titles in three languages, a summary in none: refused in the editor's French.
        response = self.create(summary_fr="", summary_en="", summary_es="")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["form"].errors), ["summary_fr"])
        self.assertFalse(PracticePage.objects.filter(slug_fr="monnaie-locale").exists())
        # A summary in English only is enough: the team translates it.
        response = self.create(summary_fr="", summary_es="")
        self.assertEqual(response.status_code, 302)

    def test_edit_a_translation_and_publish(self):
        page = PracticePage.objects.get(ref="existing")
        revisions = Revision.objects.count()
        response = self.client.post(
            f"/admin/pages/{page.pk}/edit/",
            edit_form(
                page,
                title_es="Ficha revisada",
                summary_es="Un resumen nuevo en español.",
                results_es=rich_text("<p>Resultados <i>medibles</i>.</p>"),
            ),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Revision.objects.count(), revisions + 1)
        page = PracticePage.objects.get(pk=page.pk)
        self.assertEqual(page.ref, "existing")
        with translation.override("es"):
            html = BeautifulSoup(self.client.get(page.get_url()).content.decode(), "html.parser")
        self.assertEqual(html.h1.get_text(strip=True), "Ficha revisada")
        self.assertIn("Un resumen nuevo en español.", html.select_one(".lead").get_text())
        results = html.select_one("#section-results").find_parent("section")
        self.assertEqual(results.find(["em", "i"]).get_text(), "medibles")
        with translation.override("fr"):
            html = BeautifulSoup(self.client.get(page.get_url()).content.decode(), "html.parser")
        self.assertEqual(html.h1.get_text(strip=True), "Fiche existante")

    def test_copy_in_the_admin(self):
        page = PracticePage.objects.get(ref="existing")
        url = f"/admin/pages/{page.pk}/copy/"
        response = self.client.post(
            url,
            nested_form_data(
                {
                    "new_title_fr": "Copie de la fiche",
                    "new_title_en": "",
                    "new_title_es": "",
                    "new_slug_fr": "copie-de-la-fiche",
                    "new_slug_en": "copy-of-the-sheet",
                    "new_slug_es": "copia-de-la-ficha",
                    "new_parent_page": self.index.pk,
                    "publish_copies": "on",
                }
            ),
        )
        self.assertEqual(response.status_code, 302)
        copy = PracticePage.objects.get(slug_fr="copie-de-la-fiche")
        self.assertTrue(copy.ref)
        self.assertNotEqual(copy.ref, "existing")
        self.assertEqual(PracticePage.objects.get(pk=page.pk).ref, "existing")
