"""The search page and the JSON API: parameters, validation, fallback, languages."""

from urllib.parse import urlencode

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from tests.search.search_fixtures import VISIBLE, CatalogueTestCase, OpenSearchTestCase

CLOSED_PORT = "http://127.0.0.1:9"
# CORS headers answer a cross-origin request, which names its origin.
ORIGIN = {"Origin": "https://reuser.example"}


@override_settings(OPENSEARCH_URL="")
class SearchApiTests(CatalogueTestCase):
    def get(self, **params):
        return self.client.get("/api/search/", params, headers=ORIGIN)

    def test_answer_shape(self):
        response = self.get(q="repair", lang="es", type="practice")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        data = response.json()
        self.assertEqual(
            (data["query"], data["lang"], data["backend"], data["page"]),
            ("repair", "es", "database", 1),
        )
        self.assertEqual(data["count"], 1)
        result = data["results"][0]
        self.assertEqual(result["title"], "Talleres de reparación en los pueblos")
        self.assertTrue(result["url"].startswith("/es/"))
        self.assertIsNone(result["score"])
        self.assertEqual(
            data["facets"]["type"],
            [{"value": "practice", "label": "Ficha de práctica", "count": 1}],
        )

    def test_defaults_and_repeated_filters(self):
        data = self.get().json()
        self.assertEqual((data["lang"], data["count"]), ("fr", sum(VISIBLE.values())))
        data = self.client.get("/api/search/?country=CA&country=ES&type=practice").json()
        self.assertEqual(data["count"], 2)

    def test_bad_parameters_get_a_400_with_the_reason(self):
        cases = {
            "lang": {"lang": "de"},
            "type": {"type": "event"},
            "sort": {"sort": "title"},
            "page": {"page": "51"},
            "year_from": {"year_from": "20x4"},
            "year_to": {"year_to": "1800"},
            "q": {"q": "x" * 201},
            "country": {"country": "XX"},
            "status": {"status": "paused"},
        }
        for parameter, params in cases.items():
            with self.subTest(parameter):
                response = self.get(**params)
                self.assertEqual(response.status_code, 400)
                self.assertIn(parameter, response.json()["reasons"])
        for bad in ("0", "abc", "-1"):
            self.assertEqual(self.get(page=bad).status_code, 400)
        self.assertEqual(self.get(q="coop\x00").status_code, 400)
        self.assertEqual(self.get(year_from="2020", year_to="2010").status_code, 400)

    def test_only_get_and_preflight(self):
        self.assertEqual(self.client.post("/api/search/").status_code, 405)
        preflight = self.client.options(
            "/api/search/", headers={**ORIGIN, "Access-Control-Request-Method": "GET"}
        )
        self.assertEqual(preflight.status_code, 200)
        self.assertEqual(preflight["Access-Control-Allow-Origin"], "*")
        self.assertEqual(preflight["Access-Control-Allow-Methods"], "GET, HEAD, OPTIONS")

    def test_suggestions(self):
        data = self.client.get("/api/search/suggest/", {"q": "Repa", "lang": "en"}).json()
        self.assertEqual(data["suggestions"][0]["title"], "Repair workshops in villages")
        self.assertTrue(data["suggestions"][0]["url"].startswith("/en/"))
        self.assertEqual(
            self.client.get("/api/search/suggest/", {"q": "R"}).json()["suggestions"], []
        )
        self.assertEqual(
            self.client.get("/api/search/suggest/", {"q": "Repa", "lang": "xx"}).status_code, 400
        )

    @override_settings(OPENSEARCH_URL=CLOSED_PORT)
    def test_opensearch_unreachable_falls_back_to_the_database(self):
        with self.assertLogs("search.catalogue", level="WARNING"):
            response = self.get(q="repair")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["backend"], "database")
        self.assertEqual(response.json()["count"], 1)


@override_settings(OPENSEARCH_URL="")
class SearchPageTests(CatalogueTestCase):
    def url(self, lang, query=""):
        with translation.override(lang):
            return reverse("search") + query

    def test_translated_urls(self):
        self.assertEqual(self.url("fr"), "/fr/recherche/")
        self.assertEqual(self.url("en"), "/en/search/")
        self.assertEqual(self.url("es"), "/es/buscar/")

    def test_the_search_page_has_one_search_form_other_pages_the_headers(self):
        # On a phone the header's box above the page's own pushed the results down.
        page = self.client.get(self.url("es", "?q=repair")).content.decode()
        self.assertEqual(page.count('role="search"'), 1)
        self.assertNotIn('id="site-search"', page)
        self.assertIn('id="site-search"', self.client.get("/es/").content.decode())

    def test_results_facets_and_chips(self):
        response = self.client.get(self.url("en", "?q=repair&theme=t-gov"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, 'role="status"')
        self.assertContains(response, "1 result")
        self.assertContains(response, "Repair workshops in villages")
        self.assertContains(response, 'name="theme" value="t-gov" checked')
        chips = response.context["chips"]
        self.assertEqual([chip["label"] for chip in chips], ["Shared governance"])
        self.assertEqual(chips[0]["remove_url"], "?q=repair")
        self.assertContains(response, "Volunteers <mark>repair</mark> household")

    def test_clear_all_removes_the_filters_and_keeps_the_words(self):
        page = BeautifulSoup(
            self.client.get(
                self.url("fr", "?q=vélo réparation&theme=t-gov&year_from=2001")
            ).content,
            "html.parser",
        )
        [clear] = page.find_all("a", string="Tout effacer")
        self.assertEqual(clear["href"], "?q=v%C3%A9lo+r%C3%A9paration")
        # Nothing to clear: no link.
        page = self.client.get(self.url("fr", "?q=repair")).content.decode()
        self.assertNotIn("Tout effacer", page)

    def test_language_switcher_keeps_the_query_and_every_filter(self):
        response = self.client.get(
            self.url("en", "?q=coop%C3%A9rative&country=FR&country=ES&type=practice")
        )
        links = {link["code"]: link["url"] for link in response.context["lang_links"]}
        self.assertEqual(
            links["fr"], "/fr/recherche/?q=coop%C3%A9rative&country=FR&country=ES&type=practice"
        )
        self.assertEqual(
            links["es"], "/es/buscar/?q=coop%C3%A9rative&country=FR&country=ES&type=practice"
        )

    def test_results_in_another_language_are_marked(self):
        response = self.client.get(self.url("es", "?q=agricoles"))
        self.assertContains(response, 'lang="fr"')
        self.assertContains(response, "L&#x27;économie des coopératives agricoles")

    def test_bad_input_is_explained(self):
        response = self.client.get(self.url("en", "?page=999"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'role="alert"', status_code=400)

    def test_punctuation_alone_lists_every_page_and_says_why(self):
        everything = self.client.get(self.url("en")).context
        for lang, q, said in (
            ("fr", '"((', '«\u00a0"((\u00a0» ne contient aucun mot à chercher'),
            ("en", "*", "“*” holds no word to search for"),
            ("es", "-", "«-» no contiene ninguna palabra que buscar"),
        ):
            with self.subTest(lang=lang):
                response = self.client.get(self.url(lang, "?" + urlencode({"q": q})))
                self.assertEqual(response.status_code, 200)
                note = BeautifulSoup(response.content.decode(), "html.parser").select_one(
                    '.results .notice[role="note"]'
                )
                self.assertIn(said, note.get_text())
                self.assertEqual(response.context["result"].count, everything["result"].count)
        words = self.client.get(self.url("en", "?q=repair"))
        self.assertFalse(words.context["no_words"])

    def test_a_mistyped_search_shows_the_corrected_results_and_help_on_no_results(self):
        response = self.client.get(self.url("en", "?q=repiar"))
        self.assertContains(response, "Showing results for <strong>repair</strong>")
        self.assertContains(response, '<a href="?q=repiar&amp;literal=1">repiar</a>')
        self.assertContains(response, "Repair workshops in villages")
        response = self.client.get(self.url("en", "?q=repiar&literal=1"))
        self.assertContains(response, "Nothing matches this search.")
        self.assertContains(response, "Check the spelling")

    @override_settings(OPENSEARCH_URL=CLOSED_PORT)
    def test_fallback_notice(self):
        with self.assertLogs("search.catalogue", level="WARNING"):
            response = self.client.get(self.url("en", "?q=repair"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The full-text search service is unavailable")
        self.assertContains(response, "Repair workshops in villages")


@pytest.mark.opensearch
class OpenSearchApiTests(OpenSearchTestCase):
    def test_the_api_answers_from_opensearch(self):
        data = self.client.get("/api/search/", {"q": "cooperativas", "lang": "es"}).json()
        self.assertEqual(data["backend"], "opensearch")
        self.assertGreater(data["count"], 0)
        self.assertIsInstance(data["results"][0]["score"], float)
        suggestions = self.client.get("/api/search/suggest/", {"q": "biodiv", "lang": "es"}).json()[
            "suggestions"
        ]
        self.assertEqual(suggestions[0]["title"], "Biodiversidad urbana en los tejados")

    def test_the_search_page_shows_highlights(self):
        response = self.client.get("/en/search/?q=volunteers")
        self.assertContains(response, "<mark>Volunteers</mark>")
