"""Index updates as django-tasks tasks: off the request path with the database backend.

django-tasks has no retry of its own: a task that cannot reach OpenSearch enqueues itself
again with a growing delay (`run_after`), a bounded number of times; after the last
attempt, or with a backend that cannot defer (the immediate one of development and
tests), the pages go to the pending table, which the next successful update or
`catalogue_index sync` applies. The comparison of the whole index after a glossary edit
(`reconcile_index`) is retried the same way.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from django_tasks import task
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError

from . import indexing

ATTEMPTS = 5
FIRST_DELAY = 10  # seconds; doubled at each attempt: 10, 20, 40, 80 s


def retry_delay(attempt):
    return timedelta(seconds=FIRST_DELAY * 2 ** (attempt - 1))


def retry_later(task, attempt, *args):
    """Enqueue `task` again with `args` and the next attempt after retry_delay(attempt),
    when attempts remain and its queue can defer work; whether it did."""
    if attempt >= ATTEMPTS or not task.get_backend().supports_defer:
        return False
    task.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(*args, attempt + 1)
    return True


@task()
def update_documents(page_ids, attempt=1, database_indexed=()):
    """`database_indexed`: pages an import already wrote to Wagtail's own index."""
    if attempt == 1:
        indexing.refresh_database_indexes(page_ids, database_indexed)
    failure = indexing.write_documents(page_ids)
    if failure is None:
        return
    if retry_later(update_documents, attempt, page_ids):
        indexing.logger.warning(
            "Search index update of %d page(s) failed (attempt %d of %d), retried in %s: %s",
            len(page_ids),
            attempt,
            ATTEMPTS,
            retry_delay(attempt),
            failure,
        )
    else:
        indexing.defer(page_ids, failure)


@task()
def reconcile_index(attempt=1):
    """Every document compared with the index, those that differ written: after a
    glossary change. Retried like an update. After the last attempt of a queue that
    retries, the task fails (`catalogue_index status` and /readyz count it); the next
    `catalogue_index sync` does the same work."""
    from .backends import opensearch

    if not settings.OPENSEARCH_URL:
        return
    try:
        indexing.reconcile(index=indexing.live_index())
    except opensearch.IndexMissing:
        return  # the next rebuild or sync tags every page
    except OpenSearchConnectionError as exc:
        retried = retry_later(reconcile_index, attempt)
        indexing.logger.warning(
            "Search index reconciliation failed (attempt %d of %d), %s: %s",
            attempt,
            ATTEMPTS,
            f"retried in {retry_delay(attempt)}"
            if retried
            else "run `catalogue_index sync` once OpenSearch is back",
            exc,
        )
        if not retried and reconcile_index.get_backend().supports_defer:
            raise
