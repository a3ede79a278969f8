"""Whatever is typed, the search answers: quotes and every engine's operators are words."""

from django.test import SimpleTestCase, override_settings

import pytest

from search.query import WORD, parse_words, word_forms
from tests.search.search_fixtures import CatalogueTestCase, OpenSearchTestCase

# Quotes, unbalanced or inside words; FTS5 (AND OR NOT NEAR * ^ : ( ) + -), PostgreSQL
# tsquery (& | ! <-> :*) and OpenSearch query-string syntax.
HOSTILE = [
    'a"b',
    'co"op',
    '"',
    '""',
    '"""',
    '"unbalanced phrase',
    'phrase" closed',
    '-"',
    "-",
    "--coop",
    "AND",
    "coop OR repair",
    "NOT repair",
    "NEAR(repair village)",
    "NEAR(repair village, 2)",
    "repair*",
    "*",
    "^repair",
    "title:repair",
    "title_fr : repair",
    "(repair",
    "repair)",
    "+repair -village",
    "repair & village",
    "repair | village",
    "!repair",
    "repair <-> village",
    "repair <2> village",
    "repai:*",
    "repair:AB",
    "'repair'",
    "l'économie",
    "\\",
    '\\"',
    "repair~2",
    "repair^3",
    "[a TO z]",
    "{}",
    "/regex/",
    "a&&b||c",
    "_",
    "%",
    "%_",
    "😀 coop",
    "ﬁ coöp ǅ",
    "co-op -e-commerce (peer-to-peer) a-b- -x-y",
]


class ParseWordsTests(SimpleTestCase):
    def test_every_term_and_phrase_is_plain_words(self):
        for q in HOSTILE:
            with self.subTest(q=q):
                parsed = parse_words(q)
                for term in parsed.terms + parsed.excluded:
                    for word in (word for form in word_forms(term) for word in form):
                        self.assertRegex(word, rf"^{WORD.pattern}$")
                for phrase in parsed.phrases + parsed.excluded_phrases:
                    self.assertTrue(all(WORD.fullmatch(word) for word in phrase.split(" ")))

    def test_a_word_with_quotes_is_a_phrase_and_a_hyphenated_one_a_word(self):
        self.assertEqual(parse_words('co"op').phrases, ["co op"])
        # Searched as "coop" or "co op" (search.query.word_forms), letters only.
        self.assertEqual(parse_words("-co-op").excluded, ["co-op"])
        parsed = parse_words('"shared governance')
        self.assertEqual((parsed.terms, parsed.phrases), (["shared", "governance"], []))


class HostileQueryChecks:
    """Every hostile query gets a 200 from the API, the suggestions and the search page."""

    def test_hostile_queries_are_answered(self):
        for q in HOSTILE:
            with self.subTest(q=q):
                for url in ("/api/search/", "/api/search/suggest/", "/fr/recherche/"):
                    response = self.client.get(url, {"q": q})
                    self.assertEqual(response.status_code, 200, (url, q))

    def test_a_quote_inside_a_word(self):
        self.assertEqual(self.client.get("/api/search/?q=a%22b").status_code, 200)
        self.assertEqual(self.client.get("/fr/recherche/?q=co%22op").status_code, 200)

    def test_operators_are_searched_as_words(self):
        plain = self.client.get("/api/search/", {"q": "repair"}).json()["count"]
        for q in ("repair*", "(repair", "^repair", "repair:*", "+repair", '"repair'):
            with self.subTest(q=q):
                self.assertEqual(self.client.get("/api/search/", {"q": q}).json()["count"], plain)


@override_settings(OPENSEARCH_URL="")
class DatabaseHostileQueryTests(HostileQueryChecks, CatalogueTestCase):
    pass


@pytest.mark.opensearch
class OpenSearchHostileQueryTests(HostileQueryChecks, OpenSearchTestCase):
    pass
