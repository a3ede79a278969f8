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


def words(doc):
    """{(word, lang)} of a document's title, summary and body."""
    found = set()
    for code in LANGUAGE_CODES:
        for field in fulltext.FIELDS:
            text = doc.get(field, {}).get(code) or ""
            found.update(
                (word, code)
                for word in WORD.findall(text.lower())
                if len(word) >= MIN_WORD_LENGTH and len(word) <= 100 and not word.isdigit()
            )
    return found


def word_counts(docs):
    """{(word, lang): how many of the documents use the word in that language}."""
    counts = Counter()
    for doc in docs:
        counts.update(words(doc))
    return counts


def _add_counts(counts):
    """Add {(facet, value): n} to the facet counts (n negative to subtract); values no
    entry has any more are removed.

    In one order (facet, value), so that two updates at once wait for each other rather
    than lock each other's counts.
    """
    added = [(name, value, n) for (name, value), n in sorted(counts.items()) if n > 0]
    taken = [(name, value, -n) for (name, value), n in sorted(counts.items()) if n < 0]
    _upsert_counts(SearchFacetCount._meta.db_table, ("name", "value"), (), added, taken)


def _add_words(counts):
    """Add {(word, lang): n} to the words' counts (n negative to subtract); words no entry
    uses any more are removed. In one order (word, lang), as the facet counts."""
    items = sorted(counts.items())
    added = [(word, lang, fulltext.fold(word), len(word), n) for (word, lang), n in items if n > 0]
    taken = [(word, lang, -n) for (word, lang), n in items if n < 0]
    if not added and not taken:
        return
    _upsert_counts(SearchWord._meta.db_table, ("word", "lang"), ("folded", "length"), added, taken)
    spelling.changed()


def _upsert_counts(table, key, extra, added, taken):
    """Add to the `count` column of `table`, whose rows are unique by the columns `key`:
    `added` [(*key, *extra, n)] inserts the rows it lacks (with the columns `extra`);
    `taken` [(*key, n)] subtracts, and rows left at 0 are deleted."""
    columns = (*key, *extra, "count")
    matches = " AND ".join(f"{name} = %s" for name in key)
    with connection.cursor() as cursor:
        for start in range(0, len(added), CHUNK):
            chunk = added[start : start + CHUNK]
            row = "(" + ", ".join(["%s"] * len(columns)) + ")"
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                + ", ".join([row] * len(chunk))
                + f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET count = {table}.count"
                " + excluded.count",
                [item for values in chunk for item in values],
            )
        if taken:
            cursor.executemany(
                f"UPDATE {table} SET count = count - %s WHERE {matches}",
                [(n, *values) for *values, n in taken],
            )
            # By the unique index, not Django's delete, which would read each row first.
            cursor.executemany(
                f"DELETE FROM {table} WHERE {matches} AND count = 0",
                [tuple(values) for *values, _n in taken],
            )


def _write(docs):
    """Write the documents' entries; returns the counts of their words."""
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
    return word_counts(docs)


def _remove(page_ids):
    """Take these pages' entries out; returns the counts of their words."""
    page_ids = list(page_ids)
    removed = Counter()
    for start in range(0, len(page_ids), CHUNK):
        chunk = page_ids[start : start + CHUNK]
        entries = SearchEntry.objects.filter(page_id__in=chunk)
        removed += word_counts(entries.values_list("document", flat=True))
        facets = SearchFacet.objects.filter(entry_id__in=chunk)
        counts = facets.values_list("name", "value").annotate(n=Count("id")).order_by()
        _add_counts({(name, value): -n for name, value, n in counts})
        facets.delete()
        entries.delete()
        fulltext.delete(chunk)
    return removed


def remove(page_ids):
    """Take these pages' entries out, in the current transaction. A deleted page leaves
    the index with its row (search.signals), not when the task updating the indexes
    runs, so that searches need not look for entries whose page is gone."""
    _add_words({key: -n for key, n in _remove(page_ids).items()})


def update(page_ids):
    """Rewrite the entries of these pages; pages no longer public leave the index."""
    page_ids = set(page_ids)
    if not page_ids:
        return
    docs = documents_for(page_ids)
    with transaction.atomic():
        removed = _remove(page_ids)
        counts = _write([docs[pk] for pk in sorted(docs)])
        # Only the words whose counts differ: a page saved with the same text changes
        # none, and the processes keep the words they read (search.spelling).
        counts.subtract(removed)
        _add_words(counts)


def rebuild(progress=None):
    """Every searchable page's entry, anew; returns the number of entries."""
    total = 0
    with transaction.atomic():
        SearchFacet.objects.all().delete()
        SearchFacetCount.objects.all().delete()
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        # Said here too: a catalogue with no page left adds no word below.
        spelling.changed()
        fulltext.clear()
        chunk = []
        for doc in iter_documents():
            chunk.append(doc)
            if len(chunk) == CHUNK:
                _add_words(_write(chunk))
                total += len(chunk)
                chunk = []
            if progress:
                progress.advance()
        _add_words(_write(chunk))
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
