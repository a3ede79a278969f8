"""The one expansion both backends use: which typed words name a concept, and which
words in every language it adds; the glossary is re-read as soon as it changes."""

from django.test import SimpleTestCase, TestCase

from core.words import is_meaningful, same_word
from glossary.expansion import expand
from glossary.models import GlossaryTerm
from search.clauses import Clause, partial_threshold, query_clauses
from search.query import parse_words


class WordTests(SimpleTestCase):
    def test_inflections_are_one_word_but_neighbours_are_not(self):
        for a, b in [
            ("coops", "coop"),
            ("salaries", "salarie"),
            ("rachetent", "racheter"),
            ("jovenes", "joven"),
            ("companies", "company"),
        ]:
            self.assertTrue(same_word(a, b), (a, b))
        for a, b in [
            ("empresa", "empresario"),
            ("employees", "employers"),
            ("commune", "communication"),
            ("cae", "caen"),
        ]:
            self.assertFalse(same_word(a, b), (a, b))

    def test_stop_words_of_the_three_languages(self):
        for word in ("the", "les", "qui", "leur", "que", "una", "para", "à"):
            self.assertFalse(is_meaningful(word), word)
        for word in ("boîte", "company", "empresa", "verano"):
            self.assertTrue(is_meaningful(word), word)


class ExpansionTests(TestCase):
    """Against the concepts the site ships (the data migration ran)."""

    def alternatives(self, q):
        return {
            alt for clause in query_clauses(parse_words(q)) for _lang, alt in clause.alternatives
        }

    def test_an_everyday_word_finds_the_concept_in_every_language(self):
        words = self.alternatives("boîte")
        self.assertTrue({"entreprise", "company", "empresa"} <= words, words)

    def test_both_orders_of_a_common_phrase_find_the_concept(self):
        for q in ("vivienda cooperativa", "cooperativa de vivienda", "cooperative housing"):
            with self.subTest(q=q):
                self.assertIn(("en", "cohousing"), self.alternatives_with_language(q))

    def alternatives_with_language(self, q):
        return {alt for clause in query_clauses(parse_words(q)) for alt in clause.alternatives}

    def test_a_term_of_several_words_is_matched_without_its_stop_words(self):
        (expansion,) = expand(["reprise", "par", "les", "salariés"])
        self.assertEqual((expansion.start, expansion.end), (0, 4))
        self.assertIn("worker-buyout", expansion.concepts)
        self.assertIn(("en", "worker buyout"), expansion.alternatives)
        self.assertIn(("es", "recuperación trabajadores"), expansion.alternatives)

    def test_the_longest_term_wins_and_each_clause_keeps_its_typed_words(self):
        clauses = query_clauses(parse_words("salariés qui rachètent leur boîte"))
        self.assertEqual([c.words for c in clauses], [("salariés", "rachètent"), ("boîte",)])
        self.assertIn(("en", "employee buyout"), clauses[0].alternatives)

    def test_stop_words_leave_the_query_unless_they_are_all_of_it(self):
        self.assertEqual(
            [c.words for c in query_clauses(parse_words("the boss retires"))],
            [("boss",), ("retires",)],
        )
        self.assertEqual(
            query_clauses(parse_words("de la")),
            [Clause(("de",), meaningful=False), Clause(("la",), meaningful=False)],
        )

    def test_half_the_meaningful_words_make_a_partial_match(self):
        def threshold(q):
            return partial_threshold(query_clauses(parse_words(q)))

        self.assertIsNone(threshold("cooperative"))
        self.assertEqual(threshold("zzz yyy"), 1)
        self.assertEqual(threshold("aaa bbb ccc ddd eee"), 3)

    def test_an_edit_changes_the_expansion_at_once(self):
        self.assertNotIn("kombucha", self.alternatives("boîte"))
        concept = GlossaryTerm.objects.get(key="company")
        concept.term_es = "kombucha"
        concept.save()
        self.assertIn("kombucha", self.alternatives("boîte"))
        concept.delete()
        self.assertEqual(self.alternatives("boîte"), set())
