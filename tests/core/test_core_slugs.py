"""Slugs in every language: ASCII, from each language's own title, unique among siblings."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import translation

from wagtail.contrib.redirects.models import Redirect
from wagtail.test.utils.form_data import rich_text

from core.slugs import ascii_slug, fill_slugs
from practices.models import PracticeIndexPage, PracticePage
from tests.factories.admin_forms import page_form
from tests.factories.home import build_site
from tests.factories.rows import import_rows, practice_row


def test_ascii_slug_folds_accents():
    assert ascii_slug("Cantine coopérative") == "cantine-cooperative"
    assert ascii_slug("Cœur de village: l'économie") == "coeur-de-village-leconomie"
    assert ascii_slug("Año nuevo, ¿qué tal?") == "ano-nuevo-que-tal"
    assert ascii_slug("!!!") == ""


class TestSlugsInEveryLanguage(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.editor = get_user_model().objects.create_superuser("editor", "", "pw")
        import_rows(
            practices=[
                # Has no English title: in English it answers to its French slug.
                practice_row("taken", title={"fr": "Solidarité"}),
            ]
        )
        cls.index = PracticeIndexPage.objects.get()

    def setUp(self):
        self.client.force_login(self.editor)

    def post(self, publish=True, **values):
        """The page editor's POST of a new sheet under the index, `values` changed."""
        url = f"/admin/pages/add/practices/practicepage/{self.index.pk}/"
        data = page_form(
            {
                "title_fr": "Cantine coopérative solidaire",
                "title_en": "Cooperative canteen",
                "title_es": "Comedor cooperativo",
                "slug_fr": "",
                "slug_en": "",
                "slug_es": "",
                "summary_fr": "Une cantine gérée par ses usagers.",
                "context_fr": rich_text("<p>Le besoin.</p>"),
                "status": "ongoing",
                **values,
            },
            publish=publish,
        )
        return self.client.post(url, data)

    def create(self, **values):
        response = self.post(**values)
        self.assertEqual(response.status_code, 302)
        return PracticePage.objects.order_by("-pk").first()

    def test_a_sheet_created_in_the_admin_gets_three_ascii_slugs(self):
        page = self.create()
        self.assertEqual(
            (page.slug_fr, page.slug_en, page.slug_es),
            ("cantine-cooperative-solidaire", "cooperative-canteen", "comedor-cooperativo"),
        )
        for code, path in [
            ("fr", f"/fr/{self.index.slug_fr}/cantine-cooperative-solidaire/"),
            ("en", f"/en/{self.index.slug_en}/cooperative-canteen/"),
            ("es", f"/es/{self.index.slug_es}/comedor-cooperativo/"),
        ]:
            with self.subTest(code=code):
                with translation.override(code):
                    self.assertEqual(page.get_url(), path)
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)

    def test_a_slug_a_draft_already_has_is_explained_in_the_editors_language(self):
        # An editor starts a sheet, leaves it (autosave kept a draft), starts it again:
        # the admin fills the same slugs from the same titles.
        self.assertEqual(self.post(publish=False).status_code, 302)
        response = self.post(
            publish=False, slug_fr="cantine-cooperative-solidaire", slug_en="cooperative-canteen"
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        draft = PracticePage.objects.get(title_fr="Cantine coopérative solidaire")
        # The draft's title opens it.
        expected = (
            "Une autre page au même endroit a déjà cette adresse\u202f: "
            f'«\u00a0<a href="/admin/pages/{draft.pk}/edit/">Cantine coopérative solidaire</a>'
            "\u00a0», un brouillon pas encore publié. "
            "Changez le slug, ou ouvrez ce brouillon pour le poursuivre."
        )
        self.assertContains(response, expected, html=False)
        # The English slug's refusal too is in the editor's language, not the slug's.
        self.assertEqual(errors["slug_fr"], [expected])
        self.assertEqual(errors["slug_en"], [expected])
        self.assertEqual(
            PracticePage.objects.filter(title_fr="Cantine coopérative solidaire").count(), 1
        )

    def test_an_editors_slug_is_kept(self):
        page = self.create(slug_en="our-canteen")
        self.assertEqual(page.slug_en, "our-canteen")
        self.assertEqual(page.slug_fr, "cantine-cooperative-solidaire")

    def test_unique_among_siblings_fallbacks_included(self):
        # "Solidarity" is free in English... but the sibling without an English title
        # answers to "solidarite" in English, so a French "Solidarité" must be numbered.
        page = self.create(title_fr="Solidarité", title_en="", title_es="")
        self.assertEqual(page.slug_fr, "solidarite-2")
        self.assertFalse(page.slug_en)

    def test_a_language_without_a_title_gets_no_slug(self):
        page = self.create(title_es="")
        self.assertFalse(page.slug_es)
        with translation.override("es"):
            self.assertEqual(
                page.get_url(), f"/es/{self.index.slug_es}/cantine-cooperative-solidaire/"
            )

    def test_a_translation_added_later_gets_its_slug_and_a_changed_slug_redirects(self):
        page = self.create(title_en="", title_es="")
        self.assertFalse(page.slug_en)
        page.title_en = "Cooperative canteen"
        page.save_revision().publish()
        page.refresh_from_db()
        self.assertEqual(page.slug_en, "cooperative-canteen")
        # The English URL changed from the French fallback slug to its own: the old one
        # redirects.
        old = f"/en/{self.index.slug_en}/cantine-cooperative-solidaire/"
        response = self.client.get(old)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], f"/en/{self.index.slug_en}/cooperative-canteen/")

    def test_fill_slugs_without_parent(self):
        page = PracticePage(title_fr="Été", title_en="Summer")
        fill_slugs(page, None)
        self.assertEqual((page.slug_fr, page.slug_en, page.slug_es), ("ete", "summer", None))

    def test_existing_redirect_rule_holds(self):
        page = self.create()
        page.slug_fr = "cantine"
        page.save_revision().publish()
        self.assertTrue(
            Redirect.objects.filter(
                old_path=f"/fr/{self.index.slug_fr}/cantine-cooperative-solidaire"
            ).exists()
        )


class TestFillMissingSlugs(TestCase):
    """The data migration's function, on pages made before slugs were filled."""

    def test_existing_pages_get_their_slugs_and_old_urls_redirect(self):
        build_site()
        import_rows(practices=[practice_row("old", title={"fr": "Été", "en": "Summer"})])
        from core.slugs import fill_missing_slugs

        # The site set-up and the importer leave nothing to fill.
        self.assertEqual(fill_missing_slugs(), 0)
        page = PracticePage.objects.get(ref="old")
        index = page.get_parent()
        # As the admin left it: an accented French slug, no English one, live.
        PracticePage.objects.filter(pk=page.pk).update(slug_fr="été", slug_en="", slug_es="")
        page = PracticePage.objects.get(pk=page.pk)
        page.set_url_path(index)
        page.save(clean=False)
        with translation.override("en"):
            old_en = page.get_url()
        self.assertTrue(old_en.endswith("/%C3%A9t%C3%A9/") or old_en.endswith("/été/"))

        self.assertGreaterEqual(fill_missing_slugs(), 1)
        page = PracticePage.objects.get(pk=page.pk)
        # An editor's (accented) slug is kept; the missing English one is made.
        self.assertEqual(page.slug_fr, "été")
        self.assertEqual(page.slug_en, "summer")
        self.assertFalse(page.slug_es)
        response = self.client.get(f"/en/{index.slug_en}/summer/")
        self.assertEqual(response.status_code, 200)
        response = self.client.get(old_en)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], f"/en/{index.slug_en}/summer/")
        self.assertEqual(fill_missing_slugs(), 0)
