"""/healthz and /readyz: what a load balancer and a monitoring probe read."""

import json
from datetime import timedelta
from unittest import mock

from django.db import OperationalError, connection
from django.test import TestCase, override_settings
from django.utils import timezone

from core import health
from tests.factories.home import build_site

SECRET_HOST = "db-primary.internal.example"


class TestHealth(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def assert_probe_answer(self, response):
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertFalse(response.cookies)
        self.assertNotIn("X-Page-Cache", response)

    def test_healthz_answers_without_touching_the_database(self):
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok"})
        self.assert_probe_answer(response)

    def test_readyz_reports_each_dependency(self):
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["status"], "ok", body)
        for name in ("database", "cache", "tasks", "opensearch", "search_pending_updates"):
            self.assertIn(name, body["checks"])
        self.assertEqual(body["checks"]["database"]["status"], "ok")
        self.assert_probe_answer(response)

    @override_settings(
        ALLOWED_HOSTS=["coactions.example.org"], SECURE_SSL_REDIRECT=True, API_RATE_LIMIT="1/m"
    )
    def test_probes_by_address_over_http_are_answered_and_never_limited(self):
        # A load balancer calls the process's own address over plain HTTP, again and again.
        for path in ("/healthz", "/readyz", "/healthz/", "/readyz/"):
            for _ in range(3):
                response = self.client.get(path, HTTP_HOST="10.0.0.7:8000")
                self.assertEqual(response.status_code, 200, path)
        self.assertEqual(self.client.head("/readyz").status_code, 200)
        self.assertEqual(self.client.post("/readyz").status_code, 405)

    def test_without_the_database_the_site_is_unready_and_says_no_more(self):
        refused = OperationalError(f'connection to server at "{SECRET_HOST}" failed')
        with mock.patch.object(connection, "cursor", side_effect=refused):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        body = response.json()
        self.assertEqual(body["status"], "unavailable")
        self.assertEqual(
            body["checks"]["database"],
            {**body["checks"]["database"], "status": "error", "error": "OperationalError"},
        )
        self.assertNotIn(SECRET_HOST, response.content.decode())
        # /healthz does not depend on it.
        with mock.patch.object(connection, "cursor", side_effect=refused):
            self.assertEqual(self.client.get("/healthz").status_code, 200)

    @override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
    def test_an_old_waiting_task_makes_it_degraded_not_unready(self):
        from django_tasks_db.models import DBTaskResult

        from search.tasks import update_documents

        body = self.client.get("/readyz").json()
        self.assertEqual(body["checks"]["tasks"]["ready"], 0)
        result = update_documents.using(backend="default").enqueue([1])
        old = timezone.now() - timedelta(seconds=health.TASK_QUEUE_MAX_AGE + 60)
        DBTaskResult.objects.filter(id=result.id).update(enqueued_at=old)
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["status"], "degraded")
        tasks = body["checks"]["tasks"]
        self.assertEqual((tasks["status"], tasks["ready"]), ("degraded", 1))
        self.assertGreater(tasks["oldest_ready_seconds"], health.TASK_QUEUE_MAX_AGE)

    def test_health_probes_are_not_in_the_sitemap(self):
        sitemap = self.client.get("/sitemap.xml").content.decode()
        self.assertIn("<loc>", sitemap)
        self.assertNotIn("healthz", sitemap)
        self.assertNotIn("readyz", sitemap)

    def test_the_json_is_what_monitoring_reads(self):
        body = json.loads(self.client.get("/readyz").content)
        for check in body["checks"].values():
            self.assertIn(check["status"], ("ok", "degraded", "error"))
            self.assertIsInstance(check["ms"], float)
