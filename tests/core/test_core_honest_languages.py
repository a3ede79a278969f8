"""Honest languages: what the visitor can read comes first, and a page shown in another
language says so and offers every language it is written in."""

from django.test import TestCase
from django.utils import translation

from bs4 import BeautifulSoup

from tests.factories.browser import page_html
from tests.factories.home import build_site, index_page
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


class TestLanguageFirst(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        # Published newest last: the French-only sheets are the most recent.
        cls.both = [PracticePageFactory(ref=f"both-{n}") for n in range(2)]
        cls.french = [PracticePageFactory(ref=f"fr-{n}", title_es="") for n in range(2)]
        cls.partner_es = PartnerPageFactory(ref="aaa-fr-only", name="Aaa", description_es="")
        cls.partner_all = PartnerPageFactory(ref="zzz-all", name="Zzz")

    def card_titles(self, html, selector=".card-title a"):
        return [a.get_text(strip=True) for a in html.select(selector)]

    def test_practice_listing_puts_sheets_in_the_visitors_language_first(self):
        index = index_page("practices.PracticeIndexPage")
        es = self.card_titles(page_html(self.client, index, "es"))
        self.assertTrue(all(title.startswith("Práctica") for title in es[:2]), es)
        self.assertTrue(all(title.startswith("Pratique") for title in es[2:]), es)
        # In French every sheet is written: the usual order, newest first.
        fr = self.card_titles(page_html(self.client, index, "fr"))
        self.assertEqual(fr[:2], ["Pratique fr-1", "Pratique fr-0"])

    def test_home_latest_sheets_in_the_visitors_language_first(self):
        titles = self.card_titles(
            page_html(self.client, self.home, "es"), ".practice-card .card-title a"
        )
        self.assertEqual(titles[:2], ["Práctica both-1", "Práctica both-0"])
        self.assertEqual(titles[2:], ["Pratique fr-1", "Pratique fr-0"])

    def test_partner_listing_puts_descriptions_in_the_visitors_language_first(self):
        index = index_page("partners.PartnerIndexPage")
        titles = self.card_titles(page_html(self.client, index, "es"), ".results .card-title a")
        self.assertEqual(titles, ["Zzz", "Aaa"])
        titles = self.card_titles(page_html(self.client, index, "en"), ".results .card-title a")
        self.assertEqual(titles, ["Aaa", "Zzz"])


class TestFallbackNotice(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.fr_en = PracticePageFactory(ref="fr-en", title_es="")
        cls.fr_only = PracticePageFactory(ref="fr-only", title_en="", title_es="")

    def notice(self, page, lang):
        return page_html(self.client, page, lang).select_one(".notice-fallback")

    def test_notice_names_the_missing_language_and_links_each_existing_one(self):
        notice = self.notice(self.fr_en, "es")
        self.assertEqual(
            notice.get_text(" ", strip=True),
            "Esta página aún no existe en español. Lire en français · Read in English",
        )
        links = {a["hreflang"]: a for a in notice.select("a")}
        self.assertEqual(set(links), {"fr", "en"})
        for code in ("fr", "en"):
            self.assertEqual(links[code]["lang"], code)
            with translation.override(code):
                self.assertEqual(links[code]["href"], self.fr_en.get_url())

    def test_notice_in_french_and_english_wording(self):
        notice = self.notice(self.fr_only, "en")
        self.assertEqual(
            notice.get_text(" ", strip=True),
            "This page does not exist in English yet. Lire en français",
        )

    def test_no_notice_in_a_language_the_page_has(self):
        self.assertIsNone(self.notice(self.fr_en, "en"))
