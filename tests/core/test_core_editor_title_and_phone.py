"""The page editor: the title's placeholder not marked as required (core/forms.py), the
layout for phones (core/static/core/admin/editor-phone.css)."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.users.models import UserProfile

from bs4 import BeautifulSoup

from practices.models import PracticePage
from tests.factories.home import build_site
from tests.factories.rows import import_rows, practice_row

TITLES = '.w-panel.title input[name^="title_"]'


class EditorAdditionsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        import_rows(practices=[practice_row("sheet")])
        cls.editor = get_user_model().objects.create_superuser("rose", "r@example.org", "pw")

    def editor_html(self, language):
        UserProfile.objects.update_or_create(
            user=self.editor, defaults={"preferred_language": language}
        )
        self.client.force_login(self.editor)
        response = self.client.get(f"/admin/pages/{PracticePage.objects.get().pk}/edit/")
        self.assertEqual(response.status_code, 200)
        return BeautifulSoup(response.content.decode(), "html.parser")

    def test_each_tabs_title_placeholder_is_not_marked_as_required(self):
        # A page needs a title in one language, any: Wagtail's "Título de la página*"
        # claimed the Spanish one was required.
        for language, placeholder in (
            ("fr", "Titre de la page"),
            ("en", "Page title"),
            ("es", "Título de la página"),
        ):
            with self.subTest(language=language):
                titles = self.editor_html(language).select(TITLES)
                self.assertEqual(
                    sorted(t["name"] for t in titles), ["title_en", "title_es", "title_fr"]
                )
                for title in titles:
                    self.assertEqual(title["placeholder"], placeholder)
                    self.assertFalse(title.has_attr("required"))

    def test_the_phone_layout_comes_after_the_stylesheets_it_corrects(self):
        html = self.editor_html("fr")
        sheets = [link["href"] for link in html.select('link[rel="stylesheet"]')]
        ours = next(i for i, href in enumerate(sheets) if "core/admin/editor-phone.css" in href)
        patch = next(
            i for i, href in enumerate(sheets) if "wagtail_modeltranslation/css/admin_patch" in href
        )
        self.assertGreater(ours, patch)
