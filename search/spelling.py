"""Spelling corrections for a search that found nothing, in the visitor's language first.

Both backends use it (search.catalogue): the words of the catalogue's text, by language,
are in the database (search.models.SearchWord, kept by search.database_index). A word
is corrected when the catalogue does not have it, it has five letters or more, and a
catalogue word is one edit away (two for words of eight letters or more, as OpenSearch's
fuzziness "AUTO:5,8"); an edit is a letter added, removed, changed or two swapped, the
first letter included.
Among the closest words, one of the visitor's language wins, then one of the language
the site falls back to, then the one sharing most letters with the typed word, then the
one most pages use in its language; on the English page, "cooperativ" becomes
"cooperative", not the Spanish "cooperativo" nor the French "coopératif", nor the
"cooperativa" of a Spanish name quoted in English text.
"""

import re
from collections import defaultdict

from django.db import connection

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from core.i18n import fallback_chain

from .models import SearchWord, SearchWordsVersion
from .query import WORD
from .text import fold

MIN_LENGTH = 5
TWO_EDITS_LENGTH = 8
# A term as parse_words reads it: an optional minus, then a quoted phrase or a word.
CHUNK = re.compile(r'(-?)("[^"]*"|\S+)')


def max_edits(word):
    return 2 if len(word) >= TWO_EDITS_LENGTH else 1


class Vocabulary:
    """The catalogue's words, by length, and the set of their folded forms."""

    def __init__(self, version, rows):
        self.version = version
        by_length = defaultdict(list)
        for word, folded, lang, length, count in rows:
            by_length[length].append((word, folded, lang, count))
        self.by_length = dict(by_length)
        self.folded = {row[1] for row in rows}

    def near(self, length, edits):
        """(word, folded, lang, count) of the words `edits` letters longer or shorter at
        most."""
        return [
            row
            for n in range(length - edits, length + edits + 1)
            for row in self.by_length.get(n, ())
        ]


# Kept by each process: reading the words for each correction cost a query per unknown
# word, each returning every word of a similar length (most of the vocabulary). Every
# change of the words or of their counts raises the version (`changed`), so another
# version says to read them again; the largest id would not tell, as counts change with
# no word added and words leave. The process that writes drops its copy at once: a write
# rolled back raised a number that another write raises again.
_vocabulary = None


def changed():
    """Say, in the current transaction, that the words or their counts have changed."""
    global _vocabulary
    _vocabulary = None
    table = SearchWordsVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, number) VALUES (1, 1)"
            f" ON CONFLICT (id) DO UPDATE SET number = {table}.number + 1"
        )


def vocabulary():
    global _vocabulary
    version = SearchWordsVersion.objects.values_list("number", flat=True).first()
    kept = _vocabulary
    if kept is None or kept.version != version:
        rows = list(SearchWord.objects.values_list("word", "folded", "lang", "length", "count"))
        kept = _vocabulary = Vocabulary(version, rows)
    return kept


def correct(q, lang):
    """`q` with its unknown words corrected, or "" when there is nothing to correct.

    Quotes and exclusions are kept; excluded words are left as typed.
    """
    words = {fold(word) for word in WORD.findall(q) if len(word) >= MIN_LENGTH}
    words = {word for word in words if not word.isdigit()}
    if not words:
        return ""
    known = vocabulary()
    corrections = {}
    for word in words - known.folded:
        found = closest(word, lang, known)
        if found:
            corrections[word] = found
    if not corrections:
        return ""

    def fix_word(match):
        return corrections.get(fold(match.group()), match.group())

    def fix_chunk(match):
        minus, text = match.groups()
        return match.group() if minus else WORD.sub(fix_word, text)

    corrected = CHUNK.sub(fix_chunk, q)
    return corrected if corrected != q else ""


def closest(word, lang, known):
    """The word of the vocabulary `known` nearest to a folded `word`, preferring the
    visitor's language."""
    edits = max_edits(word)
    candidates = known.near(len(word), edits)
    order = {code: position for position, code in enumerate(fallback_chain(lang))}
    # rapidfuzz measures every candidate at C speed; a wrong first letter is a mistake
    # like any other (OpenSearch's fuzzy matching does not forgive it: this does).
    found = process.extract(
        word,
        [candidate[1] for candidate in candidates],
        scorer=OSA.distance,
        score_cutoff=edits,
        limit=None,
    )
    # The fewest edits first, then the visitor's language, then the word sharing most
    # letters with the typed one ("cooperativ": "cooperative" before "coopératif"), then
    # the word more pages use in its language ("cooperative" before the "cooperativa" an
    # English text quotes), alphabetical order last so that the answer never varies.
    best = min(
        (
            (
                distance,
                order.get(candidates[i][2], len(order)),
                -Indel.normalized_similarity(word, folded),
                -candidates[i][3],
                folded,
                candidates[i][0],
            )
            for folded, distance, i in found
        ),
        default=None,
    )
    return best[-1] if best else ""
