"""The database search backend's index: entries, facet values, text and vocabulary.

Built from the same search documents as the OpenSearch index and updated with it
(search.indexing.apply), whichever backend answers searches: the database backend is
also the fallback when OpenSearch fails. `catalogue_db_index rebuild` fills it anew.
"""

from collections import Counter
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Count

from core.i18n import LANGUAGE_CODES

from . import fulltext, spelling
from .documents import documents_for, facet_values, iter_documents, searchable_ids
from .models import SearchEntry, SearchFacet, SearchFacetCount, SearchWord
from .text import WORD

# Shorter words are never corrected, so never offered as corrections.
MIN_WORD_LENGTH = 4
CHUNK = 500


def _date(value):
    return date.fromisoformat(value) if value else None


def _datetime(value):
    return datetime.fromisoformat(value) if value else None


def vocabulary(docs):
    """{(word, lang)} of the documents' titles, summaries and bodies."""
    words = set()
    for doc in docs:
        for code in LANGUAGE_CODES:
            for field in fulltext.FIELDS:
                text = doc.get(field, {}).get(code) or ""
                words.update(
                    (word, code)
                    for word in WORD.findall(text.lower())
                    if len(word) >= MIN_WORD_LENGTH and len(word) <= 100 and not word.isdigit()
                )
    return words


def _add_counts(counts):
    """Add {(facet, value): n} to the facet counts (n negative to subtract); values no
    entry has any more are removed.

    In one order (facet, value), so that two updates at once wait for each other rather
    than lock each other's counts.
    """
    table = SearchFacetCount._meta.db_table
    added = [(name, value, n) for (name, value), n in sorted(counts.items()) if n > 0]
    taken = [(-n, name, value) for (name, value), n in sorted(counts.items()) if n < 0]
    with connection.cursor() as cursor:
        for start in range(0, len(added), CHUNK):
            chunk = added[start : start + CHUNK]
            cursor.execute(
                f"INSERT INTO {table} (name, value, count) VALUES "
                + ", ".join(["(%s, %s, %s)"] * len(chunk))
                + f" ON CONFLICT (name, value) DO UPDATE SET count = {table}.count"
                " + excluded.count",
                [item for row in chunk for item in row],
            )
        if taken:
            cursor.executemany(
                f"UPDATE {table} SET count = count - %s WHERE name = %s AND value = %s", taken
            )
    if taken:
        SearchFacetCount.objects.filter(count=0).delete()


def _write(docs):
    SearchEntry.objects.bulk_create(
        SearchEntry(
            page_id=doc["id"],
            type=doc["type"],
            published_at=_datetime(doc.get("published_at")),
            start_date=_date(doc.get("start_date")),
            end_date=_date(doc.get("end_date")),
            document=doc,
        )
        for doc in docs
    )
    facets = [(doc["id"], name, value) for doc in docs for name, value in facet_values(doc)]
    SearchFacet.objects.bulk_create(
        (SearchFacet(entry_id=pk, name=name, value=value) for pk, name, value in facets),
        batch_size=CHUNK * 4,
    )
    _add_counts(Counter((name, value) for _pk, name, value in facets))
    fulltext.write(docs)
    SearchWord.objects.bulk_create(
        (
            SearchWord(word=word, folded=fulltext.fold(word), length=len(word), lang=lang)
            for word, lang in vocabulary(docs)
        ),
        batch_size=CHUNK * 4,
        ignore_conflicts=True,
    )
    spelling.forget()


def remove(page_ids):
    """Take these pages' entries out, in the current transaction. A deleted page leaves
    the index with its row (search.signals), not when the task updating the indexes
    runs, so that searches need not look for entries whose page is gone."""
    page_ids = list(page_ids)
    for start in range(0, len(page_ids), CHUNK):
        chunk = page_ids[start : start + CHUNK]
        facets = SearchFacet.objects.filter(entry_id__in=chunk)
        counts = facets.values_list("name", "value").annotate(n=Count("id")).order_by()
        _add_counts({(name, value): -n for name, value, n in counts})
        facets.delete()
        SearchEntry.objects.filter(page_id__in=chunk).delete()
        fulltext.delete(chunk)


def update(page_ids):
    """Rewrite the entries of these pages; pages no longer public leave the index.

    Words stay in the vocabulary until the next rebuild: a correction is only ever
    shown when it finds public pages.
    """
    page_ids = set(page_ids)
    if not page_ids:
        return
    docs = documents_for(page_ids)
    with transaction.atomic():
        remove(page_ids)
        _write([docs[pk] for pk in sorted(docs)])


def rebuild(progress=None):
    """Every searchable page's entry, anew; returns the number of entries."""
    total = 0
    with transaction.atomic():
        SearchFacet.objects.all().delete()
        SearchFacetCount.objects.all().delete()
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        fulltext.clear()
        chunk = []
        for doc in iter_documents():
            chunk.append(doc)
            if len(chunk) == CHUNK:
                _write(chunk)
                total += len(chunk)
                chunk = []
            if progress:
                progress.advance()
        _write(chunk)
        total += len(chunk)
    return total


def vacuum():
    """PostgreSQL, after a rebuild: VACUUM ANALYZE the index's tables.

    A rebuild rewrites every row; until autovacuum comes by, the facet counts' index-only
    scans visit the table for every row and the planner's statistics describe the rows
    deleted. VACUUM cannot run inside a transaction, so this does nothing in one.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    models = (SearchEntry, SearchFacet, SearchFacetCount, SearchWord)
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        for table in [*tables, fulltext.TABLE]:
            cursor.execute(f"VACUUM ANALYZE {table}")


def sync():
    """Add the searchable pages missing from the index and remove those no longer
    searchable; returns (added, removed)."""
    expected = searchable_ids()
    present = set(SearchEntry.objects.values_list("page_id", flat=True))
    missing, stale = expected - present, present - expected
    update(missing | stale)
    return len(missing), len(stale)
