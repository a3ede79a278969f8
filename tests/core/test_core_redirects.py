"""Old URLs keep working, in every language, after a slug change or a move."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import translation

from home.models import ContentPage
from practices.models import PracticeIndexPage, PracticePage
from tests.factories.admin_forms import edit_form
from tests.factories.home import build_site
from tests.factories.practices import PracticePageFactory

LANGS = ("fr", "en", "es")


def urls(page):
    page = type(page).objects.get(pk=page.pk)
    urls = {}
    for lang in LANGS:
        with translation.override(lang):
            urls[lang] = page.get_url()
    return urls


class RedirectTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        cls.editor = get_user_model().objects.create_superuser("editor", "", "pw")
        PracticePageFactory(
            ref="garden",
            title_fr="Jardin partagé",
            title_en="Shared garden",
            title_es="Huerto común",
        )
        PracticePageFactory(
            ref="repair", title_fr="Atelier vélo", title_en="Bike workshop", title_es=""
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def assertMovedPermanently(self, old_url, new_url):
        response = self.client.get(old_url)
        self.assertEqual(response.status_code, 301, f"{old_url} answered {response.status_code}")
        self.assertEqual(response["Location"], new_url)
        self.assertEqual(self.client.get(new_url).status_code, 200)

    def edit(self, page, **values):
        response = self.client.post(f"/admin/pages/{page.pk}/edit/", edit_form(page, **values))
        self.assertEqual(response.status_code, 302, "the edit was not published")


class TestSlugChange(RedirectTestCase):
    def test_old_url_in_each_language_redirects_to_the_new_one(self):
        page = PracticePage.objects.get(ref="garden")
        before = urls(page)
        self.edit(page, slug_fr="jardin-du-quartier", slug_en="community-garden", slug_es="huerto")
        after = urls(page)
        for lang in LANGS:
            with self.subTest(lang=lang):
                self.assertNotEqual(before[lang], after[lang])
                self.assertTrue(after[lang].startswith(f"/{lang}/"))
                self.assertMovedPermanently(before[lang], after[lang])

    def test_only_the_changed_language_moves(self):
        page = PracticePage.objects.get(ref="garden")
        before = urls(page)
        self.edit(page, slug_en="community-garden")
        after = urls(page)
        self.assertMovedPermanently(before["en"], after["en"])
        for lang in ("fr", "es"):
            self.assertEqual(before[lang], after[lang])
            self.assertEqual(self.client.get(before[lang]).status_code, 200)

    def test_untranslated_language_follows_the_french_slug(self):
        # No Spanish title: the Spanish URL uses the French slug and must follow it.
        page = PracticePage.objects.get(ref="repair")
        before = urls(page)
        self.edit(page, slug_fr="atelier-de-reparation-velo")
        after = urls(page)
        for lang in ("fr", "es"):
            with self.subTest(lang=lang):
                self.assertMovedPermanently(before[lang], after[lang])
        self.assertEqual(self.client.get(before["en"]).status_code, 200)

    def test_renaming_back_gives_the_url_back_to_the_page(self):
        page = PracticePage.objects.get(ref="garden")
        first = urls(page)
        self.edit(page, slug_en="community-garden")
        second = urls(page)
        self.edit(page, slug_en=page.slug_en)
        self.assertEqual(urls(page), first)
        response = self.client.get(first["en"])
        self.assertEqual(response.status_code, 200)
        self.assertMovedPermanently(second["en"], first["en"])

    def test_children_follow_a_renamed_parent(self):
        index = PracticeIndexPage.objects.get()
        page = PracticePage.objects.get(ref="garden")
        before = urls(page)
        self.edit(index, slug_fr="fiches", slug_en="good-practices", slug_es="fichas")
        after = urls(page)
        for lang in LANGS:
            with self.subTest(lang=lang):
                self.assertNotEqual(before[lang], after[lang])
                self.assertMovedPermanently(before[lang], after[lang])


class TestMove(RedirectTestCase):
    def move(self, page, destination):
        response = self.client.post(f"/admin/pages/{page.pk}/move/{destination.pk}/confirm/")
        self.assertEqual(response.status_code, 302)

    def test_old_url_in_each_language_redirects_after_a_move(self):
        about = ContentPage.objects.get(slug_fr="a-propos")
        legal = ContentPage.objects.get(slug_fr="mentions-legales")
        before = urls(legal)
        self.move(legal, about)
        self.assertEqual(ContentPage.objects.get(pk=legal.pk).get_parent().pk, about.pk)
        after = urls(legal)
        for lang in LANGS:
            with self.subTest(lang=lang):
                self.assertTrue(after[lang].startswith(urls(about)[lang]))
                self.assertMovedPermanently(before[lang], after[lang])

    def test_descendants_of_a_moved_page_redirect_too(self):
        about = ContentPage.objects.get(slug_fr="a-propos")
        legal = ContentPage.objects.get(slug_fr="mentions-legales")
        child = ContentPage(
            title="Hébergeur",
            title_fr="Hébergeur",
            title_en="Host",
            title_es="Alojamiento",
            slug="hebergeur",
            slug_fr="hebergeur",
            slug_en="host",
            slug_es="alojamiento",
        )
        legal.add_child(instance=child)
        child.save_revision().publish()
        before = urls(child)
        self.move(legal, about)
        after = urls(child)
        for lang in LANGS:
            with self.subTest(lang=lang):
                self.assertNotEqual(before[lang], after[lang])
                self.assertMovedPermanently(before[lang], after[lang])
