"""Small text helpers for matching and highlighting without a search engine."""

import re
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
    prefixes = _prefixes(tuple(words))
    if not prefixes:
        return escape(text)
    out, last = [], 0
    for match in WORD.finditer(text):
        if _folded_word(match.group()).startswith(prefixes):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


@lru_cache(maxsize=256)
def _prefixes(words):
    # The same words are marked in every result of a search.
    return tuple({stem_prefix(word) for word in words if WORD.search(word)})


@lru_cache(maxsize=50_000)
def _folded_word(word):
    # The words of the summaries on a page of results come back search after search.
    return word.lower() if word.isascii() else fold(word)
