"""A query's words read for meaning, the same way by both backends.

Each typed word, or run of words naming a glossary concept, becomes a clause: the words
as typed, or any other term of the concept (glossary.expansion), which weighs less. A
page matches completely when it matches every clause; when fewer than MIN_COMPLETE pages
do, pages matching most of the meaningful clauses (stop words of French, English and
Spanish ignored) are shown after them, marked partial. Phrases and exclusions are never
relaxed.
"""

import math
from dataclasses import dataclass

from core.words import is_meaningful
from glossary.expansion import expand

from .query import word_forms

# Glossary terms count for this much of a typed word, in ranking and scores.
EXPANSION_WEIGHT = 0.4
# Fewer complete matches than this and partial matches are added. At 3, "huerto
# compartido" showed three pages that mention both words in passing, and not the sheet
# about gardens that lacks "compartido".
MIN_COMPLETE = 5


@dataclass(frozen=True)
class Clause:
    words: tuple  # typed words (hyphenated ones as search.query.word_forms reads), all required
    # Other terms of the concept they name, ((language, words), ...): all words of one.
    alternatives: tuple = ()
    meaningful: bool = True  # counts towards a partial match
    concepts: tuple = ()  # keys of the concepts the words name


def query_clauses(parsed):
    """[Clause] for the typed terms of a ParsedQuery (phrases and exclusions stay apart).

    Stop words are left out when other words carry the meaning, so "the boss retires"
    does not need a page containing "the"; a query of stop words alone keeps them.
    """
    terms = parsed.terms
    if not terms:
        return []
    # The glossary reads a hyphenated word joined: "co-op" names a concept as "coop".
    expansions = {e.start: e for e in expand([word_forms(term)[0][0] for term in terms])}
    clauses, position = [], 0
    while position < len(terms):
        expansion = expansions.get(position)
        if expansion is not None:
            words = tuple(w for w in terms[expansion.start : expansion.end] if is_meaningful(w))
            clauses.append(Clause(words, expansion.alternatives, concepts=expansion.concepts))
            position = expansion.end
            continue
        word = terms[position]
        clauses.append(Clause((word,), meaningful=is_meaningful(word)))
        position += 1
    if any(clause.meaningful for clause in clauses):
        return [clause for clause in clauses if clause.meaningful]
    return [Clause(clause.words, meaningful=False) for clause in clauses]


def partial_threshold(clauses):
    """How many meaningful clauses a partial match needs (half, rounded up), or None
    when a query has too few meaningful words to be matched in part."""
    count = sum(1 for clause in clauses if clause.meaningful)
    return math.ceil(count / 2) if count >= 2 else None


def highlighted_words(parsed, clauses):
    """The words marked in a result's summary, by both backends: the typed ones that
    count (a hyphenated word joined and in its parts), the phrases', the glossary
    terms'."""
    typed = [
        word
        for clause in clauses
        for term in clause.words
        for form in word_forms(term)
        for word in form
    ]
    typed += [word for phrase in parsed.phrases for word in phrase.split() if is_meaningful(word)]
    return (typed or parsed.positive_words) + expansion_words(clauses)


def expansion_words(clauses):
    """Every word of the alternatives, for highlighting."""
    return [
        word for clause in clauses for _lang, alt in clause.alternatives for word in alt.split()
    ]
