"""What the admin says about the site's page and snippet types, in French and Spanish:
Wagtail's wording guesses a gender the type's name may not have ("Ajouter un(e) fiche
pratique", "Nouveau: Fiche pratique"), or the editor's ("Êtes-vous sûr(e)"), or the
page's in its history ("Créé(e)", "Verrouillé(e)"); locale_wagtail/ rewords it to need
none."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from wagtail.forms import TaskStateCommentForm
from wagtail.log_actions import log
from wagtail.users.models import UserProfile

from bs4 import BeautifulSoup

from practices.models import PracticeIndexPage, Theme
from projects.models import ProjectIndexPage
from tests.factories.home import build_site
from tests.factories.practices import PracticePageFactory

# Wagtail's French guesses a gender with these ("sûr(e)", "Créé(e)", "ce(tte)", "un(e)").
GUESSES = ("(e)", "(tte)", "(le)", "(s)", "(ne)", "(ve)", "ce/cette", "le/la")


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

    def assertGuessesNoGender(self, text):
        for guess in GUESSES:
            self.assertNotIn(guess, text)

    def test_a_confirmation_asks_without_guessing_the_editors_gender(self):
        # Wagtail's: "Êtes-vous sûr(e) de vouloir dépublier cette page ?", and for a
        # snippet "... supprimer ce(tte) thématique ?".
        self.speaking("fr")
        sheet = PracticePageFactory()
        theme = Theme.objects.get(slug="gouvernance")
        for url, question in (
            (f"/admin/pages/{sheet.pk}/unpublish/", "Voulez-vous vraiment dépublier cette page ?"),
            (f"/admin/pages/{sheet.pk}/delete/", "Voulez-vous vraiment supprimer cette page ?"),
            (
                f"/admin/snippets/practices/theme/delete/{theme.pk}/",
                "Voulez-vous vraiment supprimer cet élément (thématique) ?",
            ),
        ):
            with self.subTest(url=url):
                text = self.text(self.html(url))
                self.assertIn(question, text)
                self.assertNotIn("sûr", text)
                self.assertGuessesNoGender(text)

    def test_a_pages_history_names_each_action_with_a_noun(self):
        # Wagtail's: "Créé(e)", "Verrouillé(e)", "Déverrouillé(e)", "Réordonné(e)(s)".
        self.speaking("fr")
        sheet = PracticePageFactory()
        log(sheet, "wagtail.create", user=self.editor)
        log(sheet, "wagtail.publish", user=self.editor)
        log(sheet, "wagtail.reorder", user=self.editor)
        for action in ("lock", "unlock"):
            response = self.client.post(f"/admin/pages/{sheet.pk}/{action}/")
            self.assertEqual(response.status_code, 302)
        soup = self.html(f"/admin/pages/{sheet.pk}/history/")
        actions = [
            " ".join(cell.get_text(" ").split()) for cell in soup.select("tbody tr td:first-child")
        ]
        for action in (
            "Création",
            "Publication",
            "Changement d'ordre",
            "Verrou posé",
            "Verrou levé",
        ):
            self.assertIn(action, actions)
        self.assertGuessesNoGender(self.text(soup))

    def test_a_pages_history_in_spanish_agrees_its_participles(self):
        # Wagtail's: "Creado en" (the documents app's date column) and "Publicada" (the
        # admin's) beside its own "Editado", "Movido".
        self.speaking("es")
        sheet = PracticePageFactory()
        log(sheet, "wagtail.create", user=self.editor)
        log(sheet, "wagtail.publish", user=self.editor)
        soup = self.html(f"/admin/pages/{sheet.pk}/history/")
        actions = [
            " ".join(cell.get_text(" ").split()) for cell in soup.select("tbody tr td:first-child")
        ]
        self.assertIn("Creado", actions)
        self.assertIn("Publicado", actions[0])

    def test_the_lock_status_speaks_of_the_lock(self):
        # Wagtail's: "Déverrouillé(e)" / "Ce(tte) page est modifiable par tous. Verrouillez
        # le/la ...", then "Verrouillé(e) par vous".
        self.speaking("fr")
        sheet = PracticePageFactory()
        edit = f"/admin/pages/{sheet.pk}/edit/"
        text = self.text(self.html(edit))
        self.assertIn(
            "Verrou levé Page modifiable par tous – posez un verrou pour empêcher les autres"
            " d'y apporter des modifications",
            text,
        )
        self.assertGuessesNoGender(text)
        self.client.post(f"/admin/pages/{sheet.pk}/lock/")
        text = self.text(self.html(edit))
        self.assertIn(
            "Verrou posé par vous Page sous verrou : personne d'autre que vous ne peut y"
            " apporter de modifications",
            text,
        )
        self.assertGuessesNoGender(text)

    def test_a_snippets_messages_name_its_type_without_agreeing_with_it(self):
        # Wagtail's: "Thématique « Habitat » créé(e)."
        self.speaking("fr")
        response = self.client.post(
            "/admin/snippets/practices/theme/add/",
            {"name_fr": "Habitat", "name_en": "", "name_es": "", "slug": "habitat"},
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        [message] = [str(m) for m in response.context["messages"]]
        # (followed by its "Modifier" button)
        self.assertTrue(
            message.startswith("Thématique «\xa0Habitat\xa0»\u202f: création enregistrée."),
            message,
        )

    def test_deleting_a_comment_asks_without_guessing_the_editors_gender(self):
        # Wagtail's JavaScript catalogue: "Êtes-vous sûr(e) ?"
        self.speaking("fr")
        catalogue = self.client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
        self.assertIn('"Are you sure?": "Voulez-vous vraiment continuer', catalogue)
        self.assertNotIn("sûr(e)", catalogue)
