"""sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation

from wagtail.models import PageViewRestriction

from practices.models import PracticePage
from tests.factories.home import build_site
from tests.factories.practices import PracticePageFactory

LANGS = ("fr", "en", "es")
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
HOST = "http://testserver"


def sitemap_entries(response):
    """{loc: {hreflang: href}} from a sitemap response."""
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall("sm:url", NS):
        loc = url.find("sm:loc", NS).text
        assert loc not in entries, f"{loc} listed twice"
        entries[loc] = {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", NS)
            if link.get("rel") == "alternate"
        }
    return entries


class TestSitemap(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()
        for ref in ("listed", "draft-later", "members-only"):
            PracticePageFactory(ref=ref)
        PracticePageFactory(
            ref="french-only", title_fr="Seulement en français", title_en="", title_es=""
        )
        PracticePage.objects.get(ref="draft-later").unpublish()
        PageViewRestriction.objects.create(
            page=PracticePage.objects.get(ref="members-only"),
            restriction_type=PageViewRestriction.LOGIN,
        )

    def absolute(self, page, lang):
        with translation.override(lang):
            return HOST + page.specific.get_url()

    def glossary_urls(self):
        """The glossary page's address in each language, listed beside the pages."""
        urls = {}
        for lang in LANGS:
            with translation.override(lang):
                urls[lang] = HOST + reverse("glossary")
        return urls

    def public_pages(self):
        return list(self.home.get_descendants(inclusive=True).live().public().specific())

    def test_every_page_in_every_language_with_alternates(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        entries = sitemap_entries(response)
        pages = self.public_pages()
        expected = {self.absolute(page, lang) for page in pages for lang in LANGS}
        glossary = self.glossary_urls()
        self.assertEqual(set(entries), expected | set(glossary.values()))
        for url in glossary.values():
            self.assertEqual({code: entries[url][code] for code in LANGS}, glossary)
        for page in pages:
            urls = {lang: self.absolute(page, lang) for lang in LANGS}
            for lang in LANGS:
                alternates = entries[urls[lang]]
                for code in LANGS:
                    self.assertEqual(alternates[code], urls[code])

    def test_each_page_is_listed_once_in_a_section_per_catalogue_type(self):
        response = self.client.get("/sitemap.xml")
        locs = [loc.text for loc in ET.fromstring(response.content).findall("sm:url/sm:loc", NS)]
        self.assertEqual(len(locs), len(set(locs)))
        # The pages, and the glossary page.
        self.assertEqual(len(locs), (len(self.public_pages()) + 1) * len(LANGS))

    def test_unpublished_and_private_pages_are_left_out(self):
        entries = sitemap_entries(self.client.get("/sitemap.xml"))
        for ref in ("draft-later", "members-only"):
            page = PracticePage.objects.get(ref=ref)
            for lang in LANGS:
                self.assertNotIn(self.absolute(page, lang), entries)

    def test_every_listed_url_answers_in_its_language(self):
        entries = sitemap_entries(self.client.get("/sitemap.xml"))
        for loc in entries:
            with self.subTest(loc=loc):
                response = self.client.get(urlsplit(loc).path)
                self.assertEqual(response.status_code, 200)
                lang = urlsplit(loc).path.split("/")[1]
                self.assertIn(f'<html lang="{lang}">', response.content.decode())

    def test_default_alternate_works_for_every_visitor(self):
        # hreflang="x-default" is what search engines show people whose language is
        # none of the others: it must lead to the page, whatever their language. It is
        # the French address, which the test above serves; a visitor of another
        # language gets it as it is, not redirected by their Accept-Language.
        entries = sitemap_entries(self.client.get("/sitemap.xml"))
        client = Client(headers={"accept-language": "de-DE,de;q=0.9,en;q=0.5"})
        defaults = {alternates["x-default"]: alternates["fr"] for alternates in entries.values()}
        for href, french in defaults.items():
            with self.subTest(href=href):
                self.assertEqual(href, french)
                response = client.get(urlsplit(href).path)
                self.assertEqual(response.status_code, 200)
                self.assertIn('<html lang="fr">', response.content.decode())


class TestRobots(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def test_robots_txt(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"].split(";")[0], "text/plain")
        lines = response.content.decode().splitlines()
        self.assertIn("User-agent: *", lines)
        self.assertIn("Disallow: /admin/", lines)
        sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Sitemap:")]
        self.assertEqual(sitemaps, [f"{HOST}/sitemap.xml"])
        self.assertEqual(self.client.get(urlsplit(sitemaps[0]).path).status_code, 200)
        # Public pages are not disallowed.
        self.assertNotIn("Disallow: /", lines)
        self.assertFalse(
            any(line.strip() in {"Disallow: /fr/", "Disallow: /en/"} for line in lines)
        )
