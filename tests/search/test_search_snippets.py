"""A result's snippet: its summary, escaped, with the words of the search marked, the same
way on both backends."""

from django.test import SimpleTestCase

from search.clauses import highlighted_words, query_clauses
from search.query import parse_words
from search.text import highlight


class SnippetTests(SimpleTestCase):
    def test_inflected_words_are_marked_and_the_text_escaped(self):
        self.assertEqual(
            highlight("Coopératives <b>& co</b>", ["cooperative"], "fr"),
            "<mark>Coopératives</mark> &lt;b&gt;&amp; co&lt;/b&gt;",
        )

    def test_very_short_words_are_marked_only_whole(self):
        marked = highlight("Le co-op, la coopération, community", ["co", "op"], "fr")
        self.assertEqual(marked, "Le <mark>co</mark>-<mark>op</mark>, la coopération, community")

    def test_very_short_words_are_marked_only_beside_another_marked_word(self):
        # "co-op" is one of the glossary's terms for "cooperative": its "co" is not the
        # "Co" of the cooperative's own name.
        words = ["cooperatives", "co", "op"]
        self.assertEqual(
            highlight("Co-actions, une coopérative, et un co-op", words, "fr"),
            "Co-actions, une <mark>coopérative</mark>, et un <mark>co</mark>-<mark>op</mark>",
        )

    def test_words_are_marked_as_the_search_matched_them(self):
        # Stemmed in the summary's language, the searched word in any language.
        self.assertEqual(
            highlight("Jóvenes y juventud", ["joven"], "es"), "<mark>Jóvenes</mark> y juventud"
        )
        # Not a word that merely begins like a searched one.
        self.assertEqual(
            highlight("Une méthode comparée, un programme", ["company", "programas"], "fr"),
            "Une méthode comparée, un programme",
        )

    def test_decomposed_accents_are_marked(self):
        self.assertEqual(
            highlight("l'e\u0301conomie", ["économie"], "fr"), "l&#x27;<mark>économie</mark>"
        )

    def test_stop_words_of_a_phrase_are_not_marked(self):
        parsed = parse_words('"la loi de l\'économie"')
        words = highlighted_words(parsed, query_clauses(parsed))
        self.assertEqual(
            highlight("La loi de l'économie locale", words, "fr"),
            "La <mark>loi</mark> de l&#x27;<mark>économie</mark> locale",
        )
