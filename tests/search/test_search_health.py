"""What /readyz says of the catalogue search: degraded, never unready."""

from django.test import TestCase, override_settings

import pytest

from search.models import PendingUpdate
from tests.factories.home import build_site
from tests.search.search_fixtures import require_opensearch

UNREACHABLE = "http://user:hunter2@127.0.0.1:9"


class TestSearchReadiness(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    @override_settings(OPENSEARCH_URL=UNREACHABLE)
    def test_opensearch_down_is_degraded_and_names_no_url(self):
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["status"], "degraded")
        self.assertEqual(body["checks"]["opensearch"]["status"], "error")
        self.assertEqual(body["checks"]["database"]["status"], "ok")
        text = response.content.decode()
        for secret in ("127.0.0.1", "hunter2", ":9"):
            self.assertNotIn(secret, text)

    def test_pending_index_updates_are_counted(self):
        self.assertEqual(
            self.client.get("/readyz").json()["checks"]["search_pending_updates"]["count"], 0
        )
        PendingUpdate.objects.create(page_id=3)
        PendingUpdate.objects.create(page_id=4)
        body = self.client.get("/readyz").json()
        pending = body["checks"]["search_pending_updates"]
        self.assertEqual((pending["status"], pending["count"]), ("degraded", 2))
        self.assertEqual(body["status"], "degraded")

    @pytest.mark.opensearch
    def test_a_running_node_is_reported_with_its_cluster_health(self):
        require_opensearch()
        check = self.client.get("/readyz").json()["checks"]["opensearch"]
        self.assertEqual(check["configured"], True)
        self.assertIn(check["cluster"], ("green", "yellow"))
        self.assertEqual(check["status"], "ok")
        self.assertGreaterEqual(check["nodes"], 1)
