"""The circuit breaker: after a few failures the database answers at once, for a while."""

from unittest import mock

from django.test import override_settings

from search import breaker
from search.backends import database, opensearch
from tests.search.search_fixtures import CatalogueTestCase

CLOSED_PORT = "http://127.0.0.1:9"


@override_settings(
    OPENSEARCH_URL=CLOSED_PORT, OPENSEARCH_BREAKER_FAILURES=3, OPENSEARCH_BREAKER_COOLDOWN=30
)
class BreakerTests(CatalogueTestCase):
    def search(self):
        response = self.client.get("/api/search/", {"q": "coopérative"})
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertGreater(data["count"], 0)
        return data["backend"]

    def test_it_opens_after_the_failures_then_spares_opensearch_until_the_cool_down(self):
        asked = mock.patch.object(opensearch, "search", wraps=opensearch.search)
        clock = mock.patch.object(breaker.time, "monotonic", return_value=1000.0)
        with asked as engine, clock as now, self.assertLogs("search.breaker") as logs:
            self.assertEqual([self.search() for _ in range(3)], ["database"] * 3)
            self.assertTrue(breaker.is_open())
            self.assertIn("circuit breaker open after 3 failure(s)", logs.output[0])
            self.assertEqual(self.search(), "database")
            self.assertEqual(engine.call_count, 3, "an open breaker does not ask OpenSearch")

            now.return_value = 1029.0
            self.search()
            self.assertEqual(engine.call_count, 3)

            # After the cool-down one search tries again; still failing, it stays open.
            now.return_value = 1031.0
            self.assertEqual(self.search(), "database")
            self.assertEqual(engine.call_count, 4)
            self.assertTrue(breaker.is_open())
            self.assertEqual(len(logs.output), 2)

            # Another cool-down later, OpenSearch answers: closed, and said so.
            now.return_value = 1062.0
            engine.side_effect = database.search
            self.search()
            self.assertFalse(breaker.is_open())
            self.assertIn("circuit breaker closed", logs.output[-1])
            self.search()
            self.assertEqual(engine.call_count, 6)

    def test_suggestions_share_the_breaker(self):
        with self.assertLogs("search.breaker"):
            for _ in range(3):
                self.client.get("/api/search/", {"q": "coopérative"})
        with mock.patch.object(opensearch, "suggest") as engine:
            response = self.client.get("/api/search/suggest/", {"q": "coop"})
        self.assertEqual(response.status_code, 200)
        engine.assert_not_called()
