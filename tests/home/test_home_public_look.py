"""What a visitor sees of the public look: the home page, cards, print, fixed glitches."""

from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from bs4 import BeautifulSoup

from home.models import HomePage
from projects.models import ProjectPage
from tests.factories.home import build_site
from tests.factories.practices import PracticePageFactory, ThemeFactory
from tests.factories.projects import ProjectPageFactory


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


class TestProjectTitle(TestCase):
    def test_the_acronym_is_not_repeated(self):
        page = ProjectPage(title="GOVSHARE: shared governance tools", acronym="GOVSHARE")
        self.assertEqual(page.display_title, "GOVSHARE: shared governance tools")
        page = ProjectPage(title="Shared governance tools", acronym="GOVSHARE")
        self.assertEqual(page.display_title, "GOVSHARE – Shared governance tools")
        self.assertEqual(ProjectPage(title="Tools").display_title, "Tools")


class TestHomeAndCards(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.theme = ThemeFactory(slug="shared-governance")
        ThemeFactory(slug="unused")
        # In French only: English and Spanish visitors see it in French.
        cls.french_only = PracticePageFactory(
            ref="fr-only",
            title_en="",
            title_es="",
            summary_en="",
            summary_es="",
            context_fr="<p>Le besoin : partager.</p>",
            themes=[cls.theme],
        )
        PracticePageFactory(ref="everywhere", themes=[cls.theme])
        cls.project = ProjectPageFactory(
            ref="gov", acronym="GOVSHARE", title_en="GOVSHARE: shared governance tools"
        )
        cls.home = HomePage.objects.get()

    def get_home(self, lang):
        with translation.override(lang):
            return soup(self.client.get(self.home.get_url()))

    def test_home_leads_into_the_catalogue(self):
        html = self.get_home("en")
        hero = html.select_one(".hero")
        form = hero.select_one("form[role=search]")
        with translation.override("en"):
            self.assertEqual(form["action"], reverse("search"))
        self.assertIsNotNone(form.select_one("input[name=q]"))
        self.assertIn("2", hero.select_one(".stats").get_text())
        # The four themes every site has, and this test's unused one.
        self.assertEqual(len(html.select(".theme-card")), 5)
        governance = html.select_one(".theme-card.theme-shared-governance")
        self.assertIsNotNone(governance.select_one("svg.icon-theme"))
        self.assertIn("?theme=shared-governance", governance.select_one("a")["href"])
        self.assertIn("2 practice sheets", governance.get_text())
        self.assertIn("0 practice sheets", html.select_one(".theme-card.theme-unused").get_text())
        # The short paragraph about Co-actions links to About, where the long text lives.
        about = html.select_one(".home-about a")
        self.assertEqual(about["href"], "/en/about/")

    def test_a_card_shown_in_a_fallback_language_says_so(self):
        html = self.get_home("es")
        cards = {
            card.select_one(".card-title a").get_text(): card
            for card in html.select(".practice-card")
        }
        card = cards[self.french_only.title_fr]
        self.assertEqual(card["lang"], "fr")
        # Said in words the reader sees: a code alone ("FR") left sighted readers guessing.
        badge = card.select_one(".badge-lang")
        self.assertEqual(badge.get_text(), "Texto en francés")
        self.assertEqual(badge.find_parent(lang=True)["lang"], "es")
        others = [c for title, c in cards.items() if title != self.french_only.title_fr]
        self.assertTrue(others)
        self.assertTrue(all(c.select_one(".badge-lang") is None for c in others))

    def test_project_cards_and_pages_do_not_repeat_the_acronym(self):
        with translation.override("en"):
            html = soup(self.client.get(self.project.get_url()))
        self.assertEqual(html.h1.get_text(), "GOVSHARE: shared governance tools")

    def test_a_printed_sheet_says_where_it_comes_from(self):
        with translation.override("fr"):
            url = self.french_only.get_url()
        html = soup(self.client.get(url))
        header = html.select_one(".print-header")
        self.assertIn(f"http://testserver{url}", header.get_text())
        self.assertIsNotNone(header.select_one("time[data-print-date]"))
        # The button needs JavaScript (site.js reveals it): hidden without.
        tools = html.select_one("[data-print-tools]")
        self.assertTrue(tools.has_attr("hidden"))
        self.assertEqual(tools.button.get_text(strip=True), "Imprimer ou enregistrer en PDF")

    def test_french_headings_get_a_narrow_no_break_space(self):
        with translation.override("fr"):
            html = soup(self.client.get(self.french_only.get_url()))
        headings = [h.get_text() for h in html.select(".sheet-section h2")]
        self.assertTrue(headings)
        self.assertIn("Contexte\u202f: le besoin", headings)
        self.assertEqual(
            html.select_one(".sheet-section .rich-text p").get_text(), "Le besoin\u202f: partager."
        )

    def test_open_data_page_shows_mark_as_text(self):
        with translation.override("en"):
            html = soup(self.client.get(reverse("api_docs")))
        self.assertIsNone(html.select_one("main p mark"))
        self.assertTrue(any("<mark>" in p.get_text() for p in html.select("main p")))
