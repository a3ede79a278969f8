"""The API's HTTP contract: methods, JSON errors, CORS headers and the rate limit."""

import time

from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

from search.query import SearchForm
from tests.search.search_fixtures import CatalogueTestCase

ORIGIN = {"Origin": "https://reuser.example"}


@override_settings(OPENSEARCH_URL="")
class ApiProtocolTests(CatalogueTestCase):
    def assertJsonWithCors(self, response, status):
        self.assertEqual(response.status_code, status)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        return response.json()

    def test_head_is_answered_like_get(self):
        for url in ("/api/search/?q=x", "/api/search/suggest/?q=xy", "/en/search/?q=x"):
            with self.subTest(url=url):
                response = self.client.head(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.content, b"")

    def test_a_200_carries_cors_headers(self):
        response = self.client.get("/api/search/", {"q": "repair"}, headers=ORIGIN)
        self.assertJsonWithCors(response, 200)
        # Same-origin calls (the site's own suggestions) need no CORS headers.
        self.assertNotIn("Access-Control-Allow-Origin", self.client.get("/api/search/"))

    def test_other_methods_get_a_json_405_even_without_a_csrf_token(self):
        for method in ("post", "put", "patch", "delete"):
            with self.subTest(method=method):
                response = getattr(self.client, method)("/api/search/", headers=ORIGIN)
                self.assertIn("error", self.assertJsonWithCors(response, 405))
                self.assertEqual(response["Allow"], "GET, HEAD, OPTIONS")

    def test_bad_parameters_get_a_json_400(self):
        response = self.client.get("/api/search/suggest/", {"lang": "xx"}, headers=ORIGIN)
        self.assertIn("lang", self.assertJsonWithCors(response, 400)["reasons"])

    def test_reasons_speak_lang_else_accept_language_else_english(self):
        def reasons(language, **params):
            with translation.override(language):
                form = SearchForm(params, default_lang="fr")
                form.is_valid()
                return form.error_reasons()

        cases = [
            ({"sort": "zzz"}, {}, "en"),
            ({"sort": "zzz"}, {"Accept-Language": "fr-FR,fr;q=0.9"}, "fr"),
            ({"sort": "zzz", "lang": "es"}, {"Accept-Language": "fr"}, "es"),
            ({"lang": "xx"}, {}, "en"),
        ]
        for params, headers, lang in cases:
            with self.subTest(params=params, headers=headers):
                response = self.client.get("/api/search/", params, headers=headers)
                self.assertEqual(response.json()["reasons"], reasons(lang, **params))
                # The header names the language the reasons are in, not the site's.
                self.assertEqual(response["Content-Language"], lang)
        # An answer's results are in the language asked for (French by default).
        for params, lang in (({"q": "coop", "lang": "es"}, "es"), ({"q": "coop"}, "fr")):
            response = self.client.get("/api/search/", params)
            self.assertEqual(response["Content-Language"], lang)
        # The three languages do say it differently.
        self.assertEqual(len({str(reasons(code, sort="zzz")) for code in ("fr", "en", "es")}), 3)

    def test_a_language_code_in_capitals_is_that_language(self):
        response = self.client.get("/api/search/?lang=EN", headers=ORIGIN)
        data = self.assertJsonWithCors(response, 200)
        self.assertEqual(data["lang"], "en")

    @override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
    def test_too_many_parameters_get_a_json_400(self):
        query = "&".join(f"type=practice&n{number}=1" for number in range(6))
        for url in ("/api/search/", "/api/search/suggest/"):
            with self.subTest(url=url):
                response = self.client.get(f"{url}?{query}", headers=ORIGIN)
                data = self.assertJsonWithCors(response, 400)
                self.assertEqual(data["max_parameters"], 10)

    @override_settings(API_RATE_LIMIT="3/m")
    def test_over_the_limit_a_json_429_with_retry_after(self):
        for _ in range(3):
            self.assertEqual(self.client.get("/api/search/suggest/?q=x").status_code, 200)
        response = self.client.get("/api/search/suggest/?q=x", headers=ORIGIN)
        data = self.assertJsonWithCors(response, 429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 60)
        self.assertEqual(data["retry_after"], int(response["Retry-After"]))
        # Each endpoint counts on its own.
        self.assertEqual(self.client.get("/api/search/?q=x").status_code, 200)

    @override_settings(API_RATE_LIMIT=None)
    def test_the_limit_can_be_turned_off(self):
        statuses = {self.client.get("/api/search/suggest/?q=x").status_code for _ in range(125)}
        self.assertEqual(statuses, {200})

    @override_settings(API_RATE_LIMIT="2/m")
    def test_the_search_page_over_the_limit(self):
        for _ in range(2):
            self.assertEqual(self.client.get("/en/search/?q=x").status_code, 200)
        response = self.client.get("/en/search/?q=x")
        self.assertContains(response, "Too many searches", status_code=429)
        self.assertContains(response, '<html lang="en">', status_code=429)
        self.assertIn("Retry-After", response)
        french = self.client.get("/fr/recherche/?q=x")
        self.assertContains(french, "Trop de recherches", status_code=429)


@override_settings(OPENSEARCH_URL="")
class DefaultRateLimitTests(CatalogueTestCase):
    def setUp(self):
        # The real limiter, with the default setting, counting in the default cache.
        cache.clear()

    def test_300_calls_in_20_seconds_from_one_address_are_refused_before_the_end(self):
        start = time.monotonic()
        statuses = []
        for _ in range(300):
            response = self.client.get("/api/search/suggest/?q=x", headers=ORIGIN)
            statuses.append(response.status_code)
            if response.status_code == 429:
                self.assertEqual(response.json()["error"], "too many requests")
                self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertLess(time.monotonic() - start, 20)
        # 120 a minute: the first 120 pass; the count restarts at most once in 20 s.
        self.assertEqual(set(statuses[:120]), {200})
        self.assertIn(429, statuses)
        self.assertGreaterEqual(statuses.count(429), 300 - 2 * 120)

    def test_x_forwarded_for_does_not_make_a_new_bucket_without_trusted_proxies(self):
        with override_settings(API_RATE_LIMIT="2/m"):
            for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
                response = self.client.get(
                    "/api/search/suggest/?q=x", headers={"X-Forwarded-For": address}
                )
            self.assertEqual(response.status_code, 429)

    @override_settings(API_RATE_LIMIT="2/m", TRUSTED_PROXY_COUNT=1)
    def test_behind_a_trusted_proxy_each_visitor_has_a_bucket(self):
        def call(forwarded):
            return self.client.get(
                "/api/search/suggest/?q=x",
                headers={"X-Forwarded-For": forwarded},
                REMOTE_ADDR="10.0.0.2",
            ).status_code

        self.assertEqual([call("198.51.100.1") for _ in range(3)], [200, 200, 429])
        self.assertEqual(call("198.51.100.2"), 200)
        # What the visitor writes before the proxy's own entry changes nothing.
        self.assertEqual(call("203.0.113.9, 198.51.100.1"), 429)
