"""The search page and the JSON API: parameters, validation, fallback, languages."""

from dataclasses import replace
from unittest.mock import patch
from urllib.parse import urlencode

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from search.query import SearchForm
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

    def chip_texts(self, response):
        html = BeautifulSoup(response.content.decode(), "html.parser")
        for hidden in html.select(".chips .visually-hidden, .chips [aria-hidden]"):
            hidden.decompose()
        return [chip.get_text(" ", strip=True) for chip in html.select(".chips a.chip")]

    def test_chips_name_their_filter_as_the_listings_do(self):
        # "Italy ×" alone said nothing of what it filtered; the listings' chips say
        # "Country: Canada ×" (components/active_filters.html).
        response = self.client.get(
            self.url("en", "?q=repair&theme=t-gov&country=FR&type=practice&year_from=2001")
        )
        self.assertEqual(
            self.chip_texts(response),
            [
                "Type: Practice sheet",
                "Theme: Shared governance",
                "Country: France",
                "Year: From 2001",
            ],
        )
        response = self.client.get(self.url("fr", "?q=repair&theme=t-gov&year_to=2030"))
        self.assertEqual(
            self.chip_texts(response),
            ["Thématique\u202f: Gouvernance partagée", "Année\u202f: Jusqu'à 2030"],
        )
        response = self.client.get(self.url("es", "?q=repair&theme=t-gov"))
        self.assertEqual(self.chip_texts(response), ["Temática: Gobernanza compartida"])

    def test_a_page_past_the_last_says_so_and_leads_to_the_last(self):
        # An old link or a typed page number: the search has results, on earlier pages.
        # "26 results" then "Nothing matches, check the spelling" contradicted itself.
        to_query = SearchForm.to_query
        with patch.object(
            SearchForm, "to_query", lambda form: replace(to_query(form), page_size=3)
        ):
            response = self.client.get(self.url("en", "?q=&type=practice&sort=date&page=5"))
        self.assertEqual(response.status_code, 200)
        html = BeautifulSoup(response.content.decode(), "html.parser")
        results = html.select_one("#results")
        self.assertIn("5 results", results.get_text())
        self.assertIn(
            "There is no page 5 for this search: its results fit on 2 pages.", results.get_text()
        )
        self.assertNotIn("Nothing matches", results.get_text())
        self.assertNotIn("Check the spelling", results.get_text())
        [link] = results.select(".past-last-page a")
        self.assertEqual(link.get_text(), "Go to the last page of results")
        # Every other parameter kept.
        self.assertEqual(link["href"], "?q=&type=practice&sort=date&page=2")
        # Results on one page: the link leads to the search without a page number.
        response = self.client.get(self.url("en", "?type=practice&page=3"))
        html = BeautifulSoup(response.content.decode(), "html.parser")
        self.assertIn("its results fit on 1 page.", html.select_one("#results").get_text())
        self.assertEqual(html.select_one(".past-last-page a")["href"], "?type=practice")
        # A search without results still gets the spelling advice, whatever its page.
        response = self.client.get(self.url("en", "?q=zzyzxq&literal=1&page=2"))
        self.assertContains(response, "Check the spelling")
        self.assertNotContains(response, "past-last-page")

    def test_a_refused_page_number_leads_to_the_first_page_of_the_same_search(self):
        for page in ("0", "51", "abc"):
            with self.subTest(page=page):
                response = self.client.get(self.url("en", f"?q=repair&country=FR&page={page}"))
                self.assertEqual(response.status_code, 400)
                alert = BeautifulSoup(response.content.decode(), "html.parser").select_one(
                    '[role="alert"]'
                )
                link = alert.find("a", string="Go to the first page of this search")
                self.assertEqual(link["href"], "?q=repair&country=FR")
        # Another parameter refused: removing the page would not help, no such link.
        response = self.client.get(self.url("en", "?q=repair&year_from=20x4"))
        self.assertEqual(response.status_code, 400)
        self.assertNotContains(response, "Go to the first page", status_code=400)

    def test_the_filter_panel_says_no_results_rather_than_show_zero(self):
        # On a phone the open panel ends with "Show N results": "Show 0 results" led to
        # nothing to see.
        for lang, none in (("en", "No results found"), ("fr", "Aucun résultat")):
            with self.subTest(lang=lang):
                response = self.client.get(self.url(lang, "?q=zzyzxq&literal=1"))
                actions = BeautifulSoup(response.content.decode(), "html.parser").select_one(
                    ".filter-panel .filter-actions"
                )
                self.assertIsNone(actions.select_one("a.filter-show"))
                self.assertEqual(actions.select_one(".filter-none").get_text(), none)
        response = self.client.get(self.url("en", "?q=repair"))
        actions = BeautifulSoup(response.content.decode(), "html.parser").select_one(
            ".filter-panel .filter-actions"
        )
        self.assertEqual(actions.select_one("a.filter-show").get_text(), "Show 1 result")
        self.assertIsNone(actions.select_one(".filter-none"))

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
