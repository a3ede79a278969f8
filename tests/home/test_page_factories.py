"""The factories build real published pages: served in the three languages, each at its
own translated URL, with a published revision, as the importer and the admin build them."""

from django.test import TestCase
from django.utils import translation

from partners.models import PartnerPage
from practices.models import PracticePage
from projects.models import ProjectPage
from tests.factories.home import ContentPageFactory, build_site
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory, ThemeFactory
from tests.factories.projects import ProjectPageFactory


class TestPageFactories(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.theme = ThemeFactory(slug="ess")
        cls.partner = PartnerPageFactory(ref="coop", name="Coopérative Garonne")
        cls.project = ProjectPageFactory(ref="alpha", partners=[cls.partner])
        cls.practice = PracticePageFactory(
            ref="garden",
            title_fr="Jardin partagé",
            title_en="Shared garden",
            title_es="Huerto compartido",
            themes=[cls.theme],
            partners=[cls.partner],
            projects=[cls.project],
        )
        cls.draft = PracticePageFactory(ref="draft", live=False)
        cls.content = ContentPageFactory(title_fr="Nous rejoindre", title_en="Join us", title_es="")

    def test_a_practice_sheet_is_served_at_its_url_in_each_language(self):
        expected = {
            "fr": ("/fr/pratiques/jardin-partage/", "Jardin partagé"),
            "en": ("/en/practices/shared-garden/", "Shared garden"),
            "es": ("/es/practicas/huerto-compartido/", "Huerto compartido"),
        }
        for lang, (url, title) in expected.items():
            with self.subTest(lang=lang), translation.override(lang):
                self.assertEqual(self.practice.get_url(), url)
                response = self.client.get(url)
                self.assertContains(response, title)

    def test_every_type_is_served_in_every_language(self):
        for page in (self.partner, self.project, self.practice, self.content):
            for lang in ("fr", "en", "es"):
                with self.subTest(page=page.ref if hasattr(page, "ref") else page.title):
                    with translation.override(lang):
                        url = page.get_url()
                    self.assertTrue(url.startswith(f"/{lang}/"), url)
                    self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_a_language_without_a_title_falls_back_to_the_french_slug(self):
        # The content page has no Spanish title: like an imported page, it answers in
        # Spanish at its French slug.
        with translation.override("es"):
            url = self.content.get_url()
        self.assertEqual(url, "/es/nous-rejoindre/")
        self.assertContains(self.client.get(url), "Nous rejoindre")

    def test_pages_are_published_revisions_with_their_relations(self):
        practice = PracticePage.objects.get(ref="garden")
        self.assertTrue(practice.live)
        self.assertIsNotNone(practice.live_revision)
        self.assertIsNotNone(practice.last_published_at)
        self.assertEqual(practice.title, "Jardin partagé")
        self.assertEqual(list(practice.themes.all()), [self.theme])
        self.assertEqual(list(practice.partners.all()), [self.partner])
        project = ProjectPage.objects.get(ref="alpha")
        self.assertEqual(project.partner_list(), [PartnerPage.objects.get(ref="coop")])
        # The published revision carries the relations too (what a revert would restore).
        self.assertEqual(
            [link.partner_id for link in project.live_revision.as_object().partner_links.all()],
            [self.partner.pk],
        )

    def test_a_draft_is_not_served(self):
        self.assertFalse(self.draft.live)
        self.assertIsNotNone(self.draft.latest_revision)
        with translation.override("fr"):
            url = self.draft.get_url()
        self.assertEqual(self.client.get(url).status_code, 404)
