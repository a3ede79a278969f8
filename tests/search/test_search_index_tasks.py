"""Index updates off the request path: queued tasks, retried with backoff, then pending."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError

from catalogue.batch import deferred_indexing
from glossary.models import GlossaryTerm
from search import tasks
from search.management.commands.catalogue_index import index_work
from search.models import PendingUpdate
from tests.search.search_fixtures import CatalogueTestCase, page

CLOSED_PORT = "http://127.0.0.1:9"
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(OPENSEARCH_URL=CLOSED_PORT)
class RetryTests(CatalogueTestCase):
    """With a queue that can defer work (the database one in production), a task that
    cannot reach OpenSearch enqueues itself again later instead of giving up."""

    @override_settings(TASKS=DUMMY)
    def test_an_unreachable_cluster_retries_later_with_growing_delays(self):
        sheet = page("pr-gov")
        backend = task_backends["default"]
        for attempt, seconds in zip(range(1, tasks.ATTEMPTS), [10, 20, 40, 80], strict=True):
            delay = timedelta(seconds=seconds)
            before = timezone.now()
            with self.assertLogs("search.indexing", level="WARNING") as logs:
                tasks.update_documents.call([sheet.pk], attempt)
            after = timezone.now()
            retry = backend.results[-1]
            self.assertEqual(retry.args, [[sheet.pk], attempt + 1])
            # The delay counts from the failure, some time after the task started.
            self.assertTrue(before + delay <= retry.task.run_after <= after + delay)
            self.assertIn(f"attempt {attempt} of {tasks.ATTEMPTS}", logs.output[0])
            self.assertFalse(PendingUpdate.objects.exists())
        self.assertEqual(len(backend.results), tasks.ATTEMPTS - 1)

    @override_settings(TASKS=DUMMY)
    def test_after_the_last_attempt_the_pages_wait_in_the_pending_table(self):
        sheet = page("pr-gov")
        with self.assertLogs("search.indexing", level="WARNING") as logs:
            tasks.update_documents.call([sheet.pk], tasks.ATTEMPTS)
        self.assertIn("deferred", logs.output[0])
        self.assertEqual(task_backends["default"].results, [])
        self.assertEqual(list(PendingUpdate.objects.values_list("page_id", flat=True)), [sheet.pk])

    @override_settings(TASKS=DATABASE)
    def test_publishing_only_queues_the_update_and_status_shows_it(self):
        sheet = page("pr-gov")
        publishing = self.captureOnCommitCallbacks(execute=True)
        with publishing, self.assertNoLogs("search.indexing", level="WARNING"):
            sheet.save_revision().publish()
        # Wagtail queues its own tasks (reference and search index) beside ours.
        queued = DBTaskResult.objects.filter(task_path="search.tasks.update_documents")
        self.assertEqual({task.status for task in queued}, {"READY"})
        self.assertIn([[sheet.pk]], [task.args_kwargs["args"] for task in queued])
        self.assertFalse(PendingUpdate.objects.exists())
        self.assertEqual(index_work(), {"queued": len(queued), "failed": 0, "pending": 0})

    @override_settings(TASKS=DUMMY)
    def test_a_glossary_edit_queues_one_reconciliation_and_an_import_one_in_all(self):
        backend = task_backends["default"]
        with self.captureOnCommitCallbacks(execute=True):
            GlossaryTerm.objects.create(key="test-repair-cafe", term_fr="café réparation")
        self.assertEqual([r.task.name for r in backend.results], ["reconcile_index"])
        with self.captureOnCommitCallbacks(execute=True), deferred_indexing():
            for key in ("test-tool-sharing", "test-seed-library"):
                GlossaryTerm.objects.create(key=key, term_fr=key)
            GlossaryTerm.objects.get(key="test-repair-cafe").delete()
        self.assertEqual([r.task.name for r in backend.results], ["reconcile_index"] * 2)

    @override_settings(TASKS=DATABASE)
    def test_edits_while_a_reconciliation_waits_in_the_queue_add_none(self):
        for term in ("café réparation", "atelier vélo"):
            with self.captureOnCommitCallbacks(execute=True):
                GlossaryTerm.objects.create(key=f"test-{len(term)}", term_fr=term)
        queued = DBTaskResult.objects.filter(task_path=tasks.reconcile_index.module_path)
        self.assertEqual(queued.count(), 1)

    @override_settings(TASKS=DUMMY)
    def test_an_unreachable_cluster_retries_the_reconciliation_then_names_the_command(self):
        backend = task_backends["default"]
        with self.assertLogs("search.indexing", level="WARNING") as logs:
            tasks.reconcile_index.call(1)
        self.assertEqual(backend.results[-1].args, [2])
        self.assertIn("(attempt 1 of 5), retried in 0:00:10", logs.output[0])
        # The last attempt fails the task, which the queue's status then counts.
        with (
            self.assertLogs("search.indexing", level="WARNING") as logs,
            self.assertRaises(OpenSearchConnectionError),
        ):
            tasks.reconcile_index.call(tasks.ATTEMPTS)
        self.assertEqual(len(backend.results), 1)
        self.assertIn("run `catalogue_index sync` once OpenSearch is back", logs.output[0])


class StatusWithoutClusterTests(CatalogueTestCase):
    @override_settings(OPENSEARCH_URL=CLOSED_PORT)
    def test_status_names_the_unreachable_cluster(self):
        with self.assertRaisesMessage(Exception, "OpenSearch at http://127.0.0.1:9 failed"):
            call_command("catalogue_index", "status", stdout=io.StringIO())
