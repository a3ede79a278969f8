"""The query parser: what a visitor types becomes terms, "phrases" and -exclusions
(OpenSearch simple_query_string semantics, which the database backend copies)."""

from django.test import SimpleTestCase

from search.query import parse_words, word_forms


class TestParseWords(SimpleTestCase):
    def parsed(self, q):
        p = parse_words(q)
        return {
            "terms": p.terms,
            "phrases": p.phrases,
            "excluded": p.excluded,
            "excluded_phrases": p.excluded_phrases,
        }

    def assertParses(self, q, terms=(), phrases=(), excluded=(), excluded_phrases=()):
        self.assertEqual(
            self.parsed(q),
            {
                "terms": list(terms),
                "phrases": list(phrases),
                "excluded": list(excluded),
                "excluded_phrases": list(excluded_phrases),
            },
            q,
        )

    def test_words_are_terms_accents_kept(self):
        self.assertParses("jardin partagé", terms=["jardin", "partagé"])

    def test_empty_and_blank_queries_have_no_words(self):
        for q in ("", "   ", None):
            with self.subTest(q=q):
                self.assertParses(q)

    def test_quotes_make_a_phrase_with_its_spaces_normalised(self):
        self.assertParses('"jardin partagé"', phrases=["jardin partagé"])
        self.assertParses('"  espaces   multiples "', phrases=["espaces multiples"])

    def test_guillemets_and_curly_quotes_make_a_phrase_too(self):
        # What French keyboards and phones' auto-correct type, and what the help shows.
        for q in ("« gouvernance partagée »", "«gouvernance partagée»", "“gouvernance partagée”"):
            self.assertParses(q, phrases=["gouvernance partagée"])
        self.assertParses(
            "„gouvernance partagée“ -«béton armé»",
            phrases=["gouvernance partagée"],
            excluded_phrases=["béton armé"],
        )

    def test_minus_excludes_a_word_or_a_phrase(self):
        self.assertParses(
            'jardin -béton -"parking souterrain"',
            terms=["jardin"],
            excluded=["béton"],
            excluded_phrases=["parking souterrain"],
        )

    def test_a_minus_inside_a_word_is_not_an_exclusion(self):
        # A hyphenated word is one term, searched joined or as the phrase of its parts.
        self.assertParses("porte-monnaie -co-op", terms=["porte-monnaie"], excluded=["co-op"])
        self.assertEqual(word_forms("porte-monnaie"), [("portemonnaie",), ("porte", "monnaie")])
        self.assertEqual(word_forms("peer-to-peer"), [("peertopeer",), ("peer", "to", "peer")])
        self.assertEqual(word_forms("a-b"), [("ab",), ("a", "b")])
        self.assertEqual(word_forms("coop"), [("coop",)])

    def test_other_words_joined_by_punctuation_are_phrases(self):
        # Digits, apostrophes, quotes, several hyphens in a row: as the engines split them.
        for q, phrase in [
            ("covid-19", "covid 19"),
            ("aujourd'hui", "aujourd hui"),
            ("co--op", "co op"),
            ('"co-op housing"', "co op housing"),
        ]:
            with self.subTest(q=q):
                self.assertParses(q, phrases=[phrase])

    def test_punctuation_around_a_hyphenated_word_is_left_out(self):
        self.assertParses("(co-op), e-commerce.", terms=["co-op", "e-commerce"])

    def test_operators_and_punctuation_alone_are_not_words(self):
        self.assertParses('- -- ! ? "" -"" ...')

    def test_punctuation_never_reaches_an_engine(self):
        # Only letters and digits are searched.
        self.assertParses("économie, coopératives.", terms=["économie", "coopératives"])

    def test_elided_articles_and_possessives_are_left_out(self):
        # As the engines' French analysis leaves them out of the pages.
        self.assertParses("économie d'énergie", terms=["économie", "énergie"])
        self.assertParses("L’économie -qu'elle", terms=["économie"], excluded=["elle"])
        self.assertParses('"l\'économie sociale"', phrases=["économie sociale"])
        self.assertParses("dell'economia", terms=["economia"])
        self.assertParses("women's cooperatives", terms=["women", "cooperatives"])

    def test_an_unclosed_quote_is_ignored(self):
        self.assertParses('"unterminated phrase', terms=["unterminated", "phrase"])

    def test_positive_words_are_the_terms_then_the_phrase_words(self):
        parsed = parse_words('jardin "économie sociale" -béton')
        self.assertEqual(parsed.positive_words, ["jardin", "économie", "sociale"])
