"""The demo catalogue reads like real content: long enough, not repetitive, right languages."""

import itertools
import json
import re
from importlib import import_module

import pytest

from tests.factories.rows import DEMO_CATALOGUE

LANGS = ("fr", "en", "es")
SECTIONS = (
    "context",
    "actions",
    "results",
    "resources",
    "difficulties",
    "transferability",
    "further_info",
)
MIN_WORDS = 25
MAX_SHARED_TRIGRAMS = 0.2

# Frequent words of one language that are rare in the other two.
STOPWORDS = {
    "fr": {
        "le", "des", "du", "et", "est", "une", "dans", "pour", "qui", "sur", "au", "aux",
        "avec", "ce", "cette", "sont", "leur", "leurs", "ils", "elles", "ont", "été", "mais",
        "pas", "nous",
    },
    "en": {
        "the", "and", "of", "to", "is", "are", "was", "were", "for", "with", "that", "this",
        "by", "from", "their", "they", "it", "have", "has", "which", "be", "been", "not",
    },
    "es": {
        "el", "los", "las", "del", "es", "una", "por", "para", "con", "su", "sus", "al", "lo",
        "como", "más", "han", "fue", "pero", "está", "muy", "también",
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def demo():
    data = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    # The four themes are no longer in the demo file: a data migration adds them everywhere.
    data["themes"] = import_module("practices.migrations.0005_seed_themes").THEMES
    return data


def words(text):
    return re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text.lower())


def trigrams(text):
    tokens = words(text)
    return set(zip(tokens, tokens[1:], tokens[2:], strict=False))


def shared_ratio(a, b):
    return len(a & b) / min(len(a), len(b))


def language_of(text):
    tokens = words(text)
    scores = {lang: sum(token in stop for token in tokens) for lang, stop in STOPWORDS.items()}
    ranked = sorted(scores, key=scores.get, reverse=True)
    if scores[ranked[0]] == scores[ranked[1]]:
        return None
    return ranked[0]


def long_texts(data):
    """(where, language, text) for every filled long text of the file."""
    fields = {
        "themes": ("description",),
        "partners": ("description",),
        "projects": ("summary", "description"),
        "practices": ("summary", *SECTIONS),
    }
    for sheet, names in fields.items():
        for row in data[sheet]:
            key = row.get("ref") or row.get("slug")
            for name in names:
                for lang in LANGS:
                    text = (row.get(f"{name}_{lang}") or "").strip()
                    if text:
                        yield f"{sheet} {key} {name}_{lang}", lang, text


def practice_sections(data):
    for row in data["practices"]:
        for name in SECTIONS:
            for lang in LANGS:
                text = (row.get(f"{name}_{lang}") or "").strip()
                if text:
                    yield f"{row['ref']} {name}_{lang}", text


def test_enough_content(demo):
    assert len(demo["practices"]) >= 30
    assert len(demo["partners"]) >= 12
    assert len(demo["projects"]) >= 6
    assert len(demo["themes"]) == 4
    countries = {row["country"] for row in demo["partners"]}
    assert len(countries) >= 6
    assert {"FR", "ES", "BE", "IT", "PT", "CA"} <= countries


def test_every_filled_section_has_enough_words(demo):
    short = [
        (where, len(words(text)))
        for where, text in practice_sections(demo)
        if len(words(text)) < MIN_WORDS
    ]
    assert not short, short


def test_descriptions_have_enough_words(demo):
    short = [
        (where, len(words(text)))
        for where, _lang, text in long_texts(demo)
        if "summary" not in where and len(words(text)) < MIN_WORDS
    ]
    assert not short, short


def test_no_two_sections_repeat_each_other(demo):
    texts = [(where, trigrams(text)) for where, text in practice_sections(demo)]
    too_similar = [
        (a, b, round(shared_ratio(ta, tb), 2))
        for (a, ta), (b, tb) in itertools.combinations(texts, 2)
        if ta and tb and shared_ratio(ta, tb) > MAX_SHARED_TRIGRAMS
    ]
    assert not too_similar, too_similar


def test_each_language_column_reads_as_that_language(demo):
    wrong = [
        (where, language_of(text))
        for where, lang, text in long_texts(demo)
        if language_of(text) != lang
    ]
    assert not wrong, wrong


def test_every_practice_is_complete_in_french_and_english(demo):
    incomplete = []
    for row in demo["practices"]:
        for name in ("title", "summary", *SECTIONS[:-1]):
            for lang in ("fr", "en"):
                if not (row.get(f"{name}_{lang}") or "").strip():
                    incomplete.append(f"{row['ref']} {name}_{lang}")
        # Further information is optional, but then missing in both languages.
        has = [bool((row.get(f"further_info_{lang}") or "").strip()) for lang in ("fr", "en")]
        if has[0] != has[1]:
            incomplete.append(f"{row['ref']} further_info")
    assert not incomplete, incomplete


def test_a_few_sheets_are_deliberately_not_in_spanish(demo):
    spanish_fields = [f"{name}_es" for name in ("title", "summary", *SECTIONS)]
    untranslated = [
        row["ref"]
        for row in demo["practices"]
        if not any((row.get(field) or "").strip() for field in spanish_fields)
    ]
    assert len(untranslated) >= 3, untranslated
    assert len(untranslated) < len(demo["practices"]) / 2


def test_checks_catch_what_they_look_for(demo):
    """The measures above do tell languages and repeated text apart."""
    row = demo["practices"][0]
    for lang in LANGS:
        assert language_of(row[f"context_{lang}"]) == lang
    assert language_of(row["context_en"]) != "fr"
    text = row["context_fr"]
    assert shared_ratio(trigrams(text), trigrams(text + " Une phrase ajoutée.")) == 1
    assert shared_ratio(trigrams(row["context_fr"]), trigrams(row["actions_fr"])) <= 0.2
    assert len(words("L'économie sociale, c'est 3 mots-clés.")) == 5
