"""The public glossary page: every concept in the three languages, in each language's URL,
linked from the footer, listed in the sitemap, usable without JavaScript."""

from urllib.parse import parse_qs, urlsplit

from django.test import TestCase

from bs4 import BeautifulSoup

from glossary.models import GlossaryTerm
from tests.factories.home import build_site

URLS = {"fr": "/fr/glossaire/", "en": "/en/glossary/", "es": "/es/glosario/"}


class GlossaryPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def html(self, url, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, url)
        return BeautifulSoup(response.content.decode(), "html.parser")

    def test_each_language_lists_every_concept_with_its_three_languages(self):
        for lang, url in URLS.items():
            html = self.html(url)
            self.assertEqual(html.html["lang"], lang)
            entries = html.select("article.glossary-entry")
            self.assertEqual(len(entries), GlossaryTerm.objects.count())
            buyout = html.select_one("#worker-buyout")
            terms = {dd["lang"]: dd.get_text(" ", strip=True) for dd in buyout.select("dd")}
            self.assertIn("reprise par les salariés", terms["fr"])
            self.assertIn("worker buyout", terms["en"])
            self.assertIn("recuperación por los trabajadores", terms["es"])

    def test_each_concept_links_to_the_search_for_it_in_the_visitors_language(self):
        html = self.html(URLS["es"])
        link = html.select_one("#open-book-management a[href*='?q=']")
        url = urlsplit(link["href"])
        self.assertEqual(url.path, "/es/buscar/")
        self.assertEqual(parse_qs(url.query)["q"], ["gestión a libro abierto"])
        self.assertEqual(
            html.select_one("#open-book-management h3").text, "gestión a libro abierto"
        )

    def test_the_filter_works_without_javascript_in_any_language(self):
        html = self.html(URLS["en"], q="PYME")
        self.assertEqual([a["id"] for a in html.select("article.glossary-entry")], ["company"])
        html = self.html(URLS["fr"], q="zzzz")
        self.assertEqual(html.select("article.glossary-entry"), [])
        self.assertEqual(self.client.get(URLS["fr"], {"q": "x" * 5000}).status_code, 200)

    def test_linked_from_the_footer_and_listed_in_the_sitemap(self):
        for lang, url in URLS.items():
            html = self.html(f"/{lang}/search/" if lang == "en" else url)
            self.assertTrue(html.select(f"footer a[href='{url}']"), lang)
        sitemap = self.client.get("/sitemap.xml").content.decode()
        for url in URLS.values():
            self.assertIn(f"{url}</loc>", sitemap)

    def test_an_edit_shows_at_once(self):
        concept = GlossaryTerm.objects.get(key="microcredit")
        concept.term_en = "micro-lending"
        concept.save()
        html = self.html(URLS["en"])
        self.assertEqual(html.select_one("#microcredit h3").text, "micro-lending")
