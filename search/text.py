"""Small text helpers for matching and highlighting without a search engine."""

import re
import unicodedata
from functools import lru_cache
from html import escape

from core.words import fold

WORD = re.compile(r"\w+", re.UNICODE)


def stem_prefix(word):
    """A crude language-neutral stem: enough to mark "coopératives" for "cooperative"."""
    folded = fold(word)
    return folded if len(folded) <= 4 else folded[: max(4, len(folded) - 2)]


def highlight(text, words):
    """Escaped `text` with the words matching any of `words` wrapped in <mark>, as a
    plain string (safe HTML: the templates mark it so). The standard library's escape,
    which Django's wraps for lazy strings: summaries are plain text."""
    prefixes, whole = _prefixes(tuple(words))
    if not prefixes and not whole:
        return escape(text)
    # Decomposed accents are not word characters: "e\u0301conomie" would be two words.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    out, last = [], 0
    for match in WORD.finditer(text):
        folded = _folded_word(match.group())
        if folded in whole or (prefixes and folded.startswith(prefixes)):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


# Words this short are marked only as they are: as prefixes, "l" (of "l'économie") or
# "co" (of "co-op") would mark half the words of a summary.
WHOLE_ONLY = 2


@lru_cache(maxsize=256)
def _prefixes(words):
    """(prefixes marking the words that start with them, words marked only whole) for
    the words of a search: the same in every result."""
    folded = {fold(word) for word in words if WORD.search(word)}
    whole = frozenset(word for word in folded if len(word) <= WHOLE_ONLY)
    prefixes = tuple({stem_prefix(word) for word in folded - whole})
    return prefixes, whole


@lru_cache(maxsize=50_000)
def _folded_word(word):
    # The words of the summaries on a page of results come back search after search.
    return word.lower() if word.isascii() else fold(word)
