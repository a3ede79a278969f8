"""What the admin says about the site's page and snippet types, in French and Spanish:
Wagtail's wording guesses a gender the type's name may not have ("Ajouter un(e) fiche
pratique", "Nouveau: Fiche pratique"); locale_wagtail/ rewords it to need none."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from wagtail.forms import TaskStateCommentForm
from wagtail.users.models import UserProfile

from bs4 import BeautifulSoup

from practices.models import PracticeIndexPage, Theme
from projects.models import ProjectIndexPage
from tests.factories.home import build_site


class AdminWordingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.editor = get_user_model().objects.create_superuser("rose", "r@example.org", "pw")
        Theme.objects.create(name="Gouvernance partagée", slug="gouvernance")

    def speaking(self, language):
        UserProfile.objects.update_or_create(
            user=self.editor, defaults={"preferred_language": language}
        )
        self.client.force_login(self.editor)

    def html(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return BeautifulSoup(response.content.decode(), "html.parser")

    def text(self, soup):
        return " ".join(soup.get_text(" ").split())

    def test_a_listings_add_button_names_no_gender(self):
        self.speaking("fr")
        for url in (
            reverse("catalogue_practices:index"),
            reverse("catalogue_partners:index"),
            reverse("catalogue_projects:index"),
            "/admin/snippets/practices/theme/",
            "/admin/snippets/glossary/glossaryterm/",
        ):
            with self.subTest(url=url):
                soup = self.html(url)
                # Beside the listing's title ("Fiches pratiques"), not "Ajouter un(e) ...".
                [button] = soup.select("#w-slim-header-buttons a")
                self.assertEqual(button.get_text(strip=True), "Ajouter")
                self.assertNotIn("un(e)", self.text(soup))

    def test_the_spanish_add_button_keeps_the_types_name(self):
        self.speaking("es")
        soup = self.html(reverse("catalogue_practices:index"))
        [button] = soup.select("#w-slim-header-buttons a")
        self.assertEqual(button.get_text(strip=True), "Añadir ficha de práctica")

    def test_a_new_page_or_snippet_is_headed_without_a_gender(self):
        sheet = f"/admin/pages/add/practices/practicepage/{PracticeIndexPage.objects.get().pk}/"
        for language, url, heading in (
            ("fr", sheet, "Création: Fiche pratique"),
            ("es", sheet, "Creación: Ficha de práctica"),
            # (text() reads the narrow no-break space before the colon as a space)
            ("fr", "/admin/snippets/practices/theme/add/", "Création : Thématique"),
        ):
            with self.subTest(language=language, url=url):
                self.speaking(language)
                text = self.text(self.html(url))
                self.assertIn(heading, text)
                for wording in ("Nouveau", "Nouvel(le)", "Nuevo"):
                    self.assertNotIn(wording, text)

    def test_the_add_button_under_a_panels_heading(self):
        # "Organisations partenaires", a plural: Wagtail said "Ajouter un(e) organisations
        # partenaires".
        self.speaking("fr")
        index = ProjectIndexPage.objects.get()
        soup = self.html(f"/admin/pages/add/projects/projectpage/{index.pk}/")
        button = soup.select_one("#id_partner_links-OPEN_MODAL")
        self.assertEqual(button.get_text(strip=True), "Ajouter")

    def test_a_search_that_finds_nothing(self):
        self.speaking("fr")
        text = self.text(self.html("/admin/snippets/practices/theme/?q=introuvable"))
        self.assertIn("Aucun résultat ne correspond à votre recherche.", text)
        self.assertNotIn("Aucun(e)", text)

    def test_a_reviewers_comment_is_a_noun_the_comment_button_a_verb(self):
        # The field of "Request changes" and "Approve with comment", and the comment in a
        # page's history, read "Commenter" (to comment) before.
        with translation.override("fr"):
            self.assertEqual(str(TaskStateCommentForm()["comment"].label), "Commentaire")
        # The button posting a comment in the editor (Wagtail's JavaScript catalogue).
        self.speaking("fr")
        catalogue = self.client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
        self.assertIn('"Comment": "Commenter"', catalogue)
