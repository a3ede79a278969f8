"""Keep the search index in step with the pages: after commit, never losing an update."""

import logging

from django.conf import settings
from django.db import transaction

from wagtail.models import Page
from wagtail.search import index as wagtail_index

from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError

from . import database_index
from .documents import document_for
from .models import PendingUpdate

logger = logging.getLogger(__name__)


def schedule(page_ids):
    """Update these pages' documents once the current transaction commits."""
    ids = sorted({int(pk) for pk in page_ids if pk})
    if not ids:
        return

    def enqueue():
        from .tasks import update_documents

        update_documents.enqueue(ids)

    transaction.on_commit(enqueue)


def apply(page_ids):
    """Write or delete the documents of `page_ids` (and of any pending update)."""
    page_ids = set(page_ids)
    _refresh_database_index(page_ids)
    if not settings.OPENSEARCH_URL:
        return
    from .backends import opensearch

    pending = set(PendingUpdate.objects.values_list("page_id", flat=True))
    try:
        # Asking first keeps an outage or a missing index from costing any document work.
        index = opensearch.current_index()
        if index is None:
            raise opensearch.IndexMissing(f"no index behind the alias {opensearch.alias_name()}")
        docs, deletions = [], []
        for pk in sorted(page_ids | pending):
            doc = document_for(pk)
            if doc is None:
                deletions.append(pk)
            else:
                docs.append(doc)
        opensearch.write(docs, deletions, index=index)
    except (OpenSearchConnectionError, opensearch.IndexMissing) as exc:
        # OpenSearch down or slow (ConnectionTimeout is a ConnectionError), or no index
        # yet: the edit stands, and the page waits for the next update or
        # `catalogue_index sync` (which creates a missing index). Anything else, such as
        # a document that cannot be built, is a bug: it propagates and is seen.
        log = logger.info if isinstance(exc, opensearch.IndexMissing) else logger.warning
        log("Search index update deferred, %d page(s) kept for later: %s", len(page_ids), exc)
        PendingUpdate.objects.bulk_create(
            [PendingUpdate(page_id=pk) for pk in page_ids - pending], ignore_conflicts=True
        )
        return
    if pending:
        PendingUpdate.objects.filter(page_id__in=pending).delete()


def _refresh_database_index(page_ids):
    # Wagtail re-indexes a page it saves; related pages whose indexed text carries a
    # renamed theme, partner or project are refreshed here. Unpublished pages stay in
    # it: the admin's page search needs them, and the public search filters on live.
    for page in Page.objects.filter(pk__in=page_ids).specific():
        wagtail_index.insert_or_update_object(page)
    # The catalogue's own database index, which the database backend searches.
    database_index.update(page_ids)
