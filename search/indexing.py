"""Keep the search index in step with the pages: after commit, never losing an update."""

import logging

from django.conf import settings
from django.db import transaction

from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError

from catalogue import batch as catalogue_batch
from core.cache import clear_page_cache

from . import breaker, database_index
from .documents import documents_for, iter_documents
from .models import PendingUpdate

logger = logging.getLogger(__name__)


def schedule(page_ids):
    """Update these pages' documents once the current transaction commits."""
    ids = sorted({int(pk) for pk in page_ids if pk})
    if not ids:
        return
    batch = catalogue_batch.current()
    if batch is not None:
        # An import: every page it touches is updated by one task after commit, and the
        # pages it saved are already in Wagtail's index (written in bulk by the batch).
        batch.search_page_ids.update(ids)
        if not batch.search_scheduled:
            batch.search_scheduled = True
            transaction.on_commit(
                lambda: _enqueue(
                    sorted(batch.search_page_ids),
                    sorted(batch.search_page_ids & batch.indexed_page_ids),
                )
            )
        return
    transaction.on_commit(lambda: _enqueue(ids))


def _enqueue(ids, database_indexed=()):
    from .tasks import update_documents

    # With the database backend this only writes the task (a row in the site's
    # database): publishing does not wait for OpenSearch.
    if database_indexed:
        update_documents.enqueue(ids, 1, list(database_indexed))
    else:
        update_documents.enqueue(ids)


def schedule_reconcile():
    """Compare every document with the index once the current transaction commits (once
    per import), and write those that differ: after a glossary edit, which changes the
    concepts pages are tagged with (glossary.tagging)."""
    if not settings.OPENSEARCH_URL:
        return
    batch = catalogue_batch.current()
    if batch is not None:
        if batch.search_reconcile:
            return
        batch.search_reconcile = True
    transaction.on_commit(_enqueue_reconcile)


def _enqueue_reconcile():
    from django_tasks_db.models import DBTaskResult

    from .tasks import reconcile_index

    # A comparison still waiting in the queue will see this edit too: editing ten
    # concepts in a row queues one, not ten scans of the whole catalogue.
    waiting = DBTaskResult.objects.filter(task_path=reconcile_index.module_path, status="READY")
    if not waiting.exists():
        reconcile_index.enqueue()


def reconcile(progress=None, index=None):
    """Write the documents whose checksum differs from the indexed one, add the missing
    ones and remove those of pages no longer searchable; (added, updated, removed).
    `progress` (a catalogue.progress.ProgressBar) advances with each page checked;
    `index`: the one behind the alias, when the caller has asked already."""
    from glossary.expansion import tagger

    from .backends import opensearch

    indexed = opensearch.indexed_checksums()
    concepts = tagger()
    changed, seen = [], set()
    for doc in iter_documents():
        seen.add(doc["id"])
        if indexed.get(doc["id"]) != opensearch.checksum(doc, concepts):
            changed.append(doc)
        if progress:
            progress.advance()
    # Built again now: a page published, hidden or edited during the scan (a minute at
    # 10,000 sheets) is written as it is, not as it was.
    current = documents_for([doc["id"] for doc in changed])
    gone = {doc["id"] for doc in changed} - current.keys()
    stale = sorted((indexed.keys() - seen) | (gone & indexed.keys()))
    changed = list(current.values())
    added = sum(1 for doc in changed if doc["id"] not in indexed)
    opensearch.write(changed, stale, index=index, refresh=True)
    if changed or stale:
        # Searches kept in the page cache were answered by the index as it was.
        clear_page_cache()
    return added, len(changed) - added, len(stale)


def apply(page_ids, database_indexed=()):
    """Write or delete the documents of `page_ids` now, or keep them as pending.

    `database_indexed`: pages already up to date in Wagtail's own index.
    """
    refresh_database_indexes(page_ids, database_indexed)
    failure = write_documents(page_ids)
    if failure is not None:
        defer(page_ids, failure)


def write_documents(page_ids):
    """Write or delete the documents of `page_ids` (and of any pending update).

    Returns None when done (or when there is no OpenSearch), else the error that stopped
    it: OpenSearch down, slow, set aside by the circuit breaker, or without an index.
    """
    if not settings.OPENSEARCH_URL:
        return None
    from .backends import opensearch

    page_ids = set(page_ids)
    pending = set(PendingUpdate.objects.values_list("page_id", flat=True))
    try:
        # Asking first keeps an outage or a missing index from costing any document work.
        index = live_index()
        docs, deletions = [], []
        for pk, doc in documents_for_ids(page_ids | pending):
            if doc is None:
                deletions.append(pk)
            else:
                docs.append(doc)
        opensearch.write(docs, deletions, index=index)
    except (OpenSearchConnectionError, opensearch.IndexMissing) as exc:
        # OpenSearch down or slow (ConnectionTimeout is a ConnectionError), or no index
        # yet: the edit stands, and the page waits for a retry, the next update or
        # `catalogue_index sync` (which creates a missing index). Anything else, such as
        # a document that cannot be built, is a bug: it propagates and is seen.
        return exc
    if pending:
        PendingUpdate.objects.filter(page_id__in=pending).delete()
    return None


def live_index():
    """The index behind the alias. Raises OpenSearch's ConnectionError while the circuit
    breaker is open (or the cluster is down), IndexMissing when there is no index."""
    from .backends import opensearch

    if breaker.is_open():
        raise OpenSearchConnectionError("N/A", "the circuit breaker is open", None)
    index = opensearch.current_index()
    if index is None:
        raise opensearch.IndexMissing(f"no index behind the alias {opensearch.alias_name()}")
    return index


def documents_for_ids(page_ids):
    found = documents_for(page_ids)
    for pk in sorted(page_ids):
        yield pk, found.get(pk)


def defer(page_ids, exc):
    """Keep the pages in the pending table, the last resort."""
    from .backends import opensearch

    page_ids = set(page_ids)
    log = logger.info if isinstance(exc, opensearch.IndexMissing) else logger.warning
    log("Search index update deferred, %d page(s) kept for later: %s", len(page_ids), exc)
    PendingUpdate.objects.bulk_create(
        [PendingUpdate(page_id=pk) for pk in page_ids], ignore_conflicts=True
    )


def refresh_database_indexes(page_ids, wagtail_indexed=()):
    """Update the two indexes kept in the database for these pages: Wagtail's own (but
    for the pages an import already wrote to it) and the catalogue's."""
    _refresh_wagtail_index(set(page_ids) - set(wagtail_indexed))
    # The catalogue's database index, which the database backend searches (and falls
    # back on when OpenSearch fails): every page, whoever saved it.
    database_index.update(page_ids)


def _refresh_wagtail_index(page_ids):
    # Wagtail re-indexes a page it saves; related pages whose indexed text carries a
    # renamed theme, partner or project are refreshed here. Unpublished pages stay in
    # it: the admin's page search needs them, and the public search filters on live.
    by_model = {}
    for page in Page.objects.filter(pk__in=page_ids).specific():
        by_model.setdefault(type(page), []).append(page)
    for model, pages in by_model.items():
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, pages)
