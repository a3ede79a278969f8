import time

from django.core.management.base import BaseCommand
from django.db.models import Count

from catalogue.progress import ProgressBar
from core.batch import fewer_collections
from search import database_index
from search.documents import count_documents
from search.models import SearchEntry, SearchWord


class Command(BaseCommand):
    help = (
        "Manage the database search backend's index (used without OpenSearch and when it "
        "fails). rebuild: fill it anew; sync: add missing pages and remove those no longer "
        "public; status: what is indexed."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "sync", "status"])

    def handle(self, *args, action, **options):
        getattr(self, action)()

    def rebuild(self):
        total = sum(count_documents().values())
        progress = ProgressBar(total, "indexing", self.stderr._out)
        started = time.monotonic()
        with fewer_collections():
            count = database_index.rebuild(progress)
        database_index.vacuum()
        seconds = time.monotonic() - started
        rate = count / seconds if seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Database search index rebuilt: {count} entries in {seconds:.1f} s "
                f"({rate:.0f} documents/s)."
            )
        )

    def sync(self):
        added, removed = database_index.sync()
        self.stdout.write(
            self.style.SUCCESS(f"Database search index in sync: {added} added, {removed} removed.")
        )

    def status(self):
        expected = count_documents()
        indexed = dict(
            SearchEntry.objects.values_list("type").annotate(n=Count("page_id")).order_by()
        )
        self.stdout.write(f"{'type':<10} {'indexed':>8} {'database':>9}")
        for name, count in expected.items():
            self.stdout.write(f"{name:<10} {indexed.get(name, 0):>8} {count:>9}")
        self.stdout.write(f"Words for spelling corrections: {SearchWord.objects.count()}")
