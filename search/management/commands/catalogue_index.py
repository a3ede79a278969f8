from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from django_tasks_db.models import DBTaskResult

from catalogue.progress import ProgressBar
from core.batch import fewer_collections
from search.backends import opensearch
from search.documents import changed_since, count_documents, iter_documents, searchable_ids
from search.indexing import apply, reconcile
from search.models import PendingUpdate
from search.tasks import reconcile_index, update_documents


class Command(BaseCommand):
    help = (
        "Manage the catalogue's OpenSearch index. rebuild: fill a new index and swap the alias; "
        "sync: apply pending updates and reconcile with the database; status: what is indexed."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "sync", "status"])

    def handle(self, *args, action, **options):
        if not settings.OPENSEARCH_URL:
            raise CommandError(
                "OPENSEARCH_URL is not set: the catalogue is searched in the database."
            )
        try:
            getattr(self, action)()
        except opensearch.Unavailable as exc:
            raise CommandError(f"OpenSearch at {settings.OPENSEARCH_URL} failed: {exc}") from exc

    def rebuild(self):
        started = timezone.now()
        total = sum(count_documents().values())
        progress = ProgressBar(total, "indexing", self.stderr._out)
        with fewer_collections():
            outcome = opensearch.rebuild(iter_documents(), total, progress)
        # Older misses are covered by the new index. Edits made while it was filled went
        # to the old one: apply them again, with pages deleted or hidden meanwhile.
        PendingUpdate.objects.filter(created_at__lt=started).delete()
        apply(changed_since(started) | (outcome["indexed_ids"] - searchable_ids()))
        rate = outcome["documents"] / outcome["seconds"] if outcome["seconds"] else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt {outcome['index']}: {outcome['documents']} documents in "
                f"{outcome['seconds']:.1f} s ({rate:.0f} documents/s)"
                + (f"; removed {outcome['replaced']}." if outcome["replaced"] else ".")
            )
        )

    def sync(self):
        opensearch.ensure_index()
        pending = list(PendingUpdate.objects.values_list("page_id", flat=True))
        if pending:
            apply(pending)
            if PendingUpdate.objects.exists():
                raise CommandError("Pending updates could not be applied; OpenSearch is failing.")
            opensearch.refresh()  # so the reconciliation below sees what was just written
        total = sum(count_documents().values())
        progress = ProgressBar(total, "checking", self.stderr._out)
        added, updated, removed = reconcile(progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Index in sync: {len(pending)} pending applied, {added} added, "
                f"{updated} updated, {removed} removed."
            )
        )

    def status(self):
        cluster = opensearch.cluster_status()
        health = cluster["health"]
        index = cluster["index"]
        indexed = opensearch.counts_by_type() or {}
        expected = count_documents()
        self.stdout.write(
            f"Cluster: {health['cluster_name']}, {health['status']}, "
            f"{health['number_of_nodes']} node(s), "
            f"{health['active_shards']} active shard(s), "
            f"{health['unassigned_shards']} unassigned"
        )
        for node in cluster["nodes"]:
            manager = " (cluster manager)" if node.get("cluster_manager") == "*" else ""
            self.stdout.write(f"  node {node['name']} {node.get('http_address', '')}{manager}")
        self.stdout.write(f"Alias:   {opensearch.alias_name()}")
        self.stdout.write(f"Index:   {index or '(none: run catalogue_index rebuild or sync)'}")
        if index:
            self.stdout.write(
                f"Shards:  {cluster['shards']} primary, {cluster['replicas']} replica(s) each, "
                f"each search in {cluster['slices']} slice(s) "
                f"(settings: OPENSEARCH_SHARDS={settings.OPENSEARCH_SHARDS}, "
                f"OPENSEARCH_REPLICAS={settings.OPENSEARCH_REPLICAS}, "
                f"OPENSEARCH_SEARCH_SLICES={settings.OPENSEARCH_SEARCH_SLICES}; "
                "applied by rebuild)"
            )
        self.stdout.write(f"{'type':<10} {'indexed':>8} {'database':>9}")
        for name, count in expected.items():
            self.stdout.write(f"{name:<10} {indexed.get(name, 0):>8} {count:>9}")
        work = index_work()
        self.stdout.write(
            f"Index updates: {work['queued']} queued, {work['failed']} failed (task queue); "
            f"{work['pending']} pending (kept for the next update or sync)"
        )


def index_work():
    """Index updates waiting in the task queue, failed there, and kept as pending."""
    paths = [update_documents.module_path, reconcile_index.module_path]
    results = DBTaskResult.objects.filter(task_path__in=paths)
    return {
        "queued": results.filter(status__in=["READY", "RUNNING"]).count(),
        "failed": results.filter(status="FAILED").count(),
        "pending": PendingUpdate.objects.count(),
    }
