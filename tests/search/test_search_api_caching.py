"""The API's HTTP caching: Cache-Control, an ETag of the content, 304 on a match."""

from unittest import mock

from django.test import override_settings

from search.results import CatalogueResult
from tests.search.search_fixtures import CatalogueTestCase


@override_settings(API_CACHE_SECONDS=60)
class TestApiCaching(CatalogueTestCase):
    def test_answers_carry_cache_control_and_an_etag(self):
        for path in ("/api/search/?q=cooperative", "/api/search/suggest/?q=coop&lang=fr"):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assertIn("max-age=60", response["Cache-Control"])
                self.assertIn("public", response["Cache-Control"])
                self.assertRegex(response["ETag"], r'^W/"[0-9a-f]{32}"$')
                again = self.client.get(path)
                self.assertEqual(again["ETag"], response["ETag"])

    def test_a_matching_if_none_match_gets_304_and_no_body(self):
        path = "/api/search/?q=cooperative&lang=en"
        etag = self.client.get(path)["ETag"]
        for sent in (etag, f'"other", {etag}', etag.removeprefix("W/")):
            with self.subTest(sent=sent):
                response = self.client.get(path, HTTP_IF_NONE_MATCH=sent)
                self.assertEqual(response.status_code, 304)
                self.assertEqual(response.content, b"")
                self.assertEqual(response["ETag"], etag)
                self.assertIn("max-age", response["Cache-Control"])
        stale = self.client.get(path, HTTP_IF_NONE_MATCH='W/"0123456789abcdef0123456789abcdef"')
        self.assertEqual(stale.status_code, 200)

    def test_different_results_have_different_tags(self):
        tags = {
            self.client.get(path)["ETag"]
            for path in (
                "/api/search/?q=cooperative",
                "/api/search/?q=cooperative&lang=en",
                "/api/search/?q=garden",
                "/api/search/?q=cooperative&page=2",
            )
        }
        self.assertEqual(len(tags), 4)

    def test_timing_fields_do_not_change_the_tag(self):
        as_json = CatalogueResult.as_json
        tags = []
        for took in (3, 250):
            with mock.patch.object(
                CatalogueResult, "as_json", lambda self, took=took: {**as_json(self), "took": took}
            ):
                response = self.client.get("/api/search/?q=cooperative")
            self.assertEqual(response.json()["took"], took)
            tags.append(response["ETag"])
        self.assertEqual(tags[0], tags[1])

    def test_refusals_are_not_cached(self):
        response = self.client.get("/api/search/?page=0")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("ETag", response)
        with override_settings(API_RATE_LIMIT="1/m"):
            self.client.get("/api/search/?q=a")
            limited = self.client.get("/api/search/?q=b")
        self.assertEqual(limited.status_code, 429)
        self.assertIn("no-store", limited["Cache-Control"])


# The database backend: answers that fell back from OpenSearch are never kept, and this
# test has no OpenSearch index.
@override_settings(PAGE_CACHE_SECONDS=600, OPENSEARCH_URL="")
class TestSearchResultsCache(CatalogueTestCase):
    def test_a_repeated_search_is_computed_once_and_still_rate_limited(self):
        from search import catalogue

        path = "/api/search/?q=cooperative"
        with mock.patch.object(catalogue, "search", wraps=catalogue.search) as engine:
            first = self.client.get(path)
            second = self.client.get(path)
            self.client.get(path + "&lang=en")
        self.assertEqual(first.json(), second.json())
        self.assertEqual(engine.call_count, 2)
        with override_settings(API_RATE_LIMIT="1/m"):
            self.assertEqual(self.client.get(path).status_code, 200)
            self.assertEqual(self.client.get(path).status_code, 429)

    def test_publishing_clears_the_kept_results(self):
        before = self.client.get("/api/search/?q=Zanzibar").json()["count"]
        self.assertEqual(before, 0)
        from practices.models import PracticePage

        target = PracticePage.objects.live().first()
        with self.captureOnCommitCallbacks(execute=True):
            target.title_en = "Zanzibar kitchen"
            target.save_revision().publish()
        self.assertEqual(self.client.get("/api/search/?q=Zanzibar").json()["count"], 1)

    def test_results_that_fell_back_to_the_database_are_not_kept(self):
        from search import catalogue

        with override_settings(OPENSEARCH_URL="http://127.0.0.1:9"):
            fallback = self.client.get("/api/search/?q=cooperative").json()
        self.assertEqual(fallback["backend"], "database")
        with mock.patch.object(catalogue, "search", wraps=catalogue.search) as engine:
            self.client.get("/api/search/?q=cooperative")
        self.assertEqual(engine.call_count, 1)
