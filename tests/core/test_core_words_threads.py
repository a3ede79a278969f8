"""Stemming from several threads at once, as a threaded server does."""

from concurrent.futures import ThreadPoolExecutor

import snowballstemmer

from core.words import STEMMERS, stem

WORDS = [
    f"{root}{suffix}"
    for root in ("cooperativ", "gouvernanc", "econom", "solidar")
    for suffix in ("ement", "ation", "ites", "euses", "ismes", "es", "e")
]


def test_threads_stemming_at_once_get_the_stems_one_thread_gets():
    # Words stem() has not cached yet, so that every call reaches a stemmer.
    work = [(f"{word}{n}x", lang) for n in range(150) for word in WORDS for lang in STEMMERS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda item: stem(*item), work))
    for (word, lang), result in zip(work, found, strict=True):
        assert result == snowballstemmer.stemmer(STEMMERS[lang]).stemWord(word)
