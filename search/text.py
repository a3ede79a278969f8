"""Small text helpers for matching and highlighting without a search engine."""

import re
import unicodedata
from functools import lru_cache
from html import escape

from core.words import fold, stem, stems

WORD = re.compile(r"\w+", re.UNICODE)


def highlight(text, words, lang):
    """Escaped `text` (in `lang`) with the words matching any of `words` wrapped in
    <mark>, as a plain string (safe HTML: the templates mark it so). The standard
    library's escape, which Django's wraps for lazy strings: summaries are plain text.

    A word matches as the backends match it: its stem in the text's language is a stem
    of a searched word in one of the languages ("coopératives" for "cooperative",
    "jóvenes" for "joven"). Marking the words that began with a searched word's first
    letters also marked words the search did not match ("comparée" for "company",
    "programme" for "programas")."""
    searched, whole = _marked(tuple(words))
    if not searched and not whole:
        return escape(text)
    text, by_stem, by_word, beside = _words(text, lang)
    marked = {span for key in searched & by_stem.keys() for span in by_stem[key]}
    short = {span for key in whole & by_word.keys() for span in by_word[key]}
    if short:
        # A word of a letter or two is marked beside another marked word only: the "co"
        # of "co-op" (a glossary term for "cooperative"), not the "Co" of "Co-actions".
        near = marked | short
        marked |= {span for span in short if not near.isdisjoint(beside[span])}
    out, last = [], 0
    for start, end in sorted(marked):
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


# Words this short are marked only as they are: "l" (of "l'économie") or "co" (of
# "co-op") would otherwise mark the words with that stem.
WHOLE_ONLY = 2


@lru_cache(maxsize=256)
def _marked(words):
    """(the stems, in every language, of the words of a search, its words marked only
    as they are): the same in every result."""
    folded = {fold(word) for word in words if WORD.search(word)}
    whole = frozenset(word for word in folded if len(word) <= WHOLE_ONLY)
    return frozenset(s for word in folded - whole for s in stems(word)), whole


@lru_cache(maxsize=2048)
def _words(text, lang):
    """(`text` in NFC, {stem: [(start, end) of the words with that stem in `lang`]} for
    the words longer than WHOLE_ONLY, {folded word: [(start, end)]} for the others,
    {(start, end) of each of those others: the spans of the words before and after it}):
    the summaries on a page of results come back search after search, and reading their
    words again for each was most of the time spent marking them."""
    # Decomposed accents are not word characters: "e\u0301conomie" would be two words.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    by_stem, by_word, spans, short = {}, {}, [], []
    for match in WORD.finditer(text):
        word, span = match.group(), match.span()
        folded = word.lower() if word.isascii() else fold(word)
        if len(folded) > WHOLE_ONLY:
            by_stem.setdefault(stem(folded, lang), []).append(span)
        else:
            by_word.setdefault(folded, []).append(span)
            short.append(len(spans))
        spans.append(span)
    beside = {spans[i]: spans[max(i - 1, 0) : i] + spans[i + 1 : i + 2] for i in short}
    return text, by_stem, by_word, beside
