"""The glossary concepts a text names, found when a page is indexed.

OpenSearch stores them with each page (search.backends.opensearch), so that a search
naming a concept asks for a tag instead of matching every term of the concept in every
language: those phrase queries were most of a search's time in the engine.

A text names a concept when it holds one of the concept's terms written in the text's
language: the term's meaningful words in order, each compared by its stem in that
language (the Snowball stemmers PostgreSQL uses; OpenSearch's French and Spanish
analyzers stem more lightly), with at most MAX_GAP other meaningful words between them
in all ("reprise d'une petite entreprise
par ses salariés" names "reprise entreprise salariés"). Stop words do not count.
"""

import unicodedata

from core.words import STOP_WORDS, TOKEN, fold, stem

# Other meaningful words allowed between a term's words: the slop of the phrase queries
# it replaces, which also counted the stop words' positions (and allowed reordering).
MAX_GAP = 3
# Words whose stems a tagger keeps, per language.
MAX_KNOWN_WORDS = 100_000


class Tagger:
    def __init__(self, terms_by_concept):
        # language -> {stem of a term's first word: [(concept, stems of its other words)]}
        # for the terms of several words, and {stem: {concepts}} for those of one word,
        # found without a loop (a rebuild tags tens of thousands of texts).
        self.starts, self.single = {}, {}
        for concept, terms in terms_by_concept.items():
            for term in terms:
                stems = tuple(stem(word, term.lang) for word in term.words)
                if len(stems) == 1:
                    self.single.setdefault(term.lang, {}).setdefault(stems[0], set()).add(concept)
                    continue
                starts = self.starts.setdefault(term.lang, {})
                starts.setdefault(stems[0], []).append((concept, stems[1:]))
        # language -> {word: its folded stem, or "" for a stop word}: a rebuild reads the
        # same words in thousands of pages.
        self.stems = {}

    def concepts(self, text, lang):
        """The keys of the concepts `text`, written in `lang`, names."""
        starts, single = self.starts.get(lang, {}), self.single.get(lang, {})
        if not starts and not single:
            return set()
        known = self.stems.setdefault(lang, {})
        if len(known) > MAX_KNOWN_WORDS:
            known.clear()
        # Folded once per distinct word (in _learn) rather than the whole text each time.
        text = text.lower()
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        tokens = TOKEN.findall(text)
        # Looked up by map and filter, which loop in C: a rebuild reads millions of words.
        words = list(map(known.get, tokens))
        if None in words:
            words = [
                _learn(known, token, lang) if word is None else word
                for word, token in zip(words, tokens, strict=True)
            ]
        words = list(filter(None, words))
        present = set(words)
        found = set()
        # The views' intersections loop over the fewer: the text's words, not every
        # first word of the glossary's terms.
        for word in single.keys() & present:
            found |= single[word]
        for first in starts.keys() & present:
            places = None
            for concept, rest in starts[first]:
                if concept in found or not present.issuperset(rest):
                    continue
                if places is None:
                    places = _after(words, first)
                if any(_follows(words, place, rest) for place in places):
                    found.add(concept)
        return found


def _learn(known, word, lang):
    """The stem of a word of a text, folded, kept in `known`: "" for a stop word; a number
    is its own stem (the Snowball stemmers, in Python, are the dear part of a first
    reading)."""
    folded = fold(word)
    if folded in STOP_WORDS:
        stemmed = ""
    elif folded.isdigit():
        stemmed = folded
    else:
        stemmed = stem(folded, lang)
    known[word] = stemmed
    return stemmed


def _after(words, word):
    """The positions just after each occurrence of `word`, found by list.index (a scan
    in C) rather than by testing every word in Python."""
    places, position = [], 0
    try:
        while True:
            position = words.index(word, position) + 1
            places.append(position)
    except ValueError:
        return places


def _follows(words, position, rest):
    """Whether the stems `rest` come in order from `position` on, MAX_GAP others at most
    between them. The earliest place of each is the best: it leaves the most room."""
    gaps = 0
    for wanted in rest:
        window = words[position : position + MAX_GAP - gaps + 1]
        if wanted not in window:
            return False
        place = window.index(wanted)
        gaps += place
        position += place + 1
    return True
