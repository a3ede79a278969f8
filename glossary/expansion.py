"""Query expansion: the words of a query that name a glossary concept, and the concept's
other terms in every language. The one expansion both search backends use.

The glossary is read once per process and kept until it changes: each call compares a
cheap stamp (number of concepts, last change) with the one it was built from, so an
edit in the admin or an import changes results at the next query, in every process.
"""

from dataclasses import dataclass
from functools import cached_property
from threading import Lock

from django.db import connection

from core.i18n import LANGUAGE_CODES
from core.words import TOKEN as WORD
from core.words import fold, is_meaningful, same_word, tokens

from .models import GlossaryTerm
from .tagging import Tagger


@dataclass(frozen=True)
class Expansion:
    """Typed words start..end (end excluded) name concepts; `alternatives` are the
    concepts' other terms as (language, meaningful words joined by spaces, accents kept),
    preferred terms first, each language in turn, at most MAX_ALTERNATIVES."""

    start: int
    end: int
    concepts: tuple
    alternatives: tuple


# Enough for a concept's main terms in the three languages; every alternative costs the
# database backend a phrase in its full-text query (OpenSearch looks up the concept).
MAX_ALTERNATIVES = 12


@dataclass(frozen=True)
class _Term:
    concept: str
    lang: str
    rank: int  # 0 for the preferred term, then the synonyms in order
    words: tuple  # folded meaningful words
    text: str  # meaningful words as written


class _Glossary:
    def __init__(self, concepts):
        self.terms = {}  # concept key -> [_Term]
        self.by_prefix = {}  # first letters of a term's first word -> [_Term]
        # concept key -> [_Term], every language's terms even when another language
        # writes them the same ("cooperative" in French and English): what pages are
        # tagged with (glossary.tagging), in the language of their text.
        self.written = {}
        for concept in concepts:
            seen = set()
            for code in LANGUAGE_CODES:
                for rank, written in enumerate(concept.terms(code)):
                    # Letters and digits only, as parse_words gives typed words: an
                    # alternative reaches the search engines as plain words.
                    kept = [w for w in WORD.findall(written) if is_meaningful(w)]
                    words = tuple(fold(w) for w in kept)
                    if not words:
                        continue
                    term = _Term(concept.key, code, rank, words, " ".join(kept))
                    self.written.setdefault(concept.key, []).append(term)
                    if words in seen:
                        continue
                    seen.add(words)
                    self.terms.setdefault(concept.key, []).append(term)
                    self.by_prefix.setdefault(words[0][:3], []).append(term)

    @cached_property
    def tagger(self):
        """Finds the concepts a page's text names (glossary.tagging)."""
        return Tagger(self.written)

    def matches_at(self, folded, position):
        """The terms whose words are the query's meaningful words from `position` on."""
        found = []
        for term in self.by_prefix.get(folded[position][:3], ()):
            end = position + len(term.words)
            if end <= len(folded) and all(
                same_word(a, b) for a, b in zip(term.words, folded[position:end], strict=True)
            ):
                found.append(term)
        return found


_lock = Lock()
_loaded = {"stamp": None, "glossary": None}


def _stamp():
    # Read on every search: plain SQL, which costs a fifth of what the ORM's aggregate did.
    table = connection.ops.quote_name(GlossaryTerm._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(updated_at) FROM {table}")
        return tuple(cursor.fetchone())


def glossary():
    stamp = _stamp()
    with _lock:
        if _loaded["stamp"] != stamp:
            _loaded["glossary"] = _Glossary(GlossaryTerm.objects.all())
            _loaded["stamp"] = stamp
        return _loaded["glossary"]


def tagger():
    """The glossary.tagging.Tagger of the glossary as it is now."""
    return glossary().tagger


def forget():
    """Drop the glossary read by this process (after an edit, before the next query)."""
    with _lock:
        _loaded["stamp"] = _loaded["glossary"] = None


def expand(words):
    """[Expansion] for a list of typed words, left to right, longest term first.

    Stop words are skipped when matching ("reprise par les salariés" is matched by
    "reprise salariés" and the other way round); an expansion spans the typed words it
    covers. Alternatives leave out the terms the visitor typed.
    """
    meaningful = [(i, tokens(word)) for i, word in enumerate(words) if is_meaningful(word)]
    # A typed word is one token: parse_words keeps letters and digits only.
    positions = [i for i, folded in meaningful if folded]
    folded = [folded[0] for _i, folded in meaningful if folded]
    if not folded:
        return []
    index = glossary()
    expansions, position = [], 0
    while position < len(folded):
        found = index.matches_at(folded, position)
        if not found:
            position += 1
            continue
        length = max(len(term.words) for term in found)
        concepts = tuple(dict.fromkeys(t.concept for t in found if len(t.words) == length))
        typed = tuple(folded[position : position + length])
        others = sorted(
            (
                term
                for concept in concepts
                for term in index.terms[concept]
                if not (
                    len(term.words) == len(typed)
                    and all(same_word(a, b) for a, b in zip(term.words, typed, strict=True))
                )
            ),
            key=lambda term: (term.rank, LANGUAGE_CODES.index(term.lang)),
        )
        alternatives = tuple(dict.fromkeys((t.lang, t.text) for t in others))[:MAX_ALTERNATIVES]
        expansions.append(
            Expansion(
                start=positions[position],
                end=positions[position + length - 1] + 1,
                concepts=concepts,
                alternatives=alternatives,
            )
        )
        position += length
    return expansions
