"""Search that forgives, on both backends: plurals, accents, typing mistakes, corrections.

The database cases run on whatever DATABASE_URL names (SQLite's FTS5 with Snowball stems
made in Python, PostgreSQL's french/english/spanish text-search configurations); the
OpenSearch cases need OPENSEARCH_URL.
"""

from django.db import connection
from django.db.models import F
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import pytest

from search import catalogue, database_index, spelling
from search.models import SearchWord, SearchWordsVersion
from search.query import CatalogueQuery
from tests.factories.practices import PracticePageFactory
from tests.search.search_fixtures import (
    CatalogueTestCase,
    OpenSearchTestCase,
    build_catalogue,
    rebuild_index,
)

# Sheets whose words come in one number only (comedor, comedores, café, cafés).
SHEETS = [
    {
        "ref": "f-comedores",
        "title_fr": "Cantines solidaires",
        "title_en": "",
        "title_es": "Comedores populares en el barrio",
        "summary_fr": "Des repas partagés.",
        "summary_en": "",
        "summary_es": "Los vecinos cocinan juntos para el cooperativo del barrio.",
    },
    {
        "ref": "f-comedor",
        "title_fr": "Une cantine scolaire ouverte",
        "title_en": "",
        "title_es": "Un comedor escolar abierto",
        "summary_fr": "Les familles gèrent le déjeuner.",
        "summary_en": "",
        "summary_es": "Las familias gestionan el almuerzo.",
    },
    {
        "ref": "f-cafe",
        "title_fr": "Un café associatif au village",
        "title_en": "",
        "title_es": "",
        "summary_fr": "Le café tient lieu de salle commune.",
        "summary_en": "",
        "summary_es": "",
    },
    {
        "ref": "f-cafes",
        "title_fr": "Des bistrots qui réparent",
        "title_en": "Cafés that repair things",
        "title_es": "",
        "summary_fr": "Les bistrots du quartier accueillent des soirées de réparation.",
        "summary_en": "Neighbourhood cafes host repair evenings.",
        "summary_es": "",
    },
]


def build_forgiving_catalogue():
    build_catalogue()
    for spec in SHEETS:
        PracticePageFactory(**spec, summary=spec["summary_fr"])
    database_index.rebuild()


class Searching:
    def search(self, q, lang="en", **kwargs):
        return catalogue.search(CatalogueQuery(q=q, lang=lang, page_size=50, **kwargs))

    def titles(self, q, lang="en"):
        return {hit.title for hit in self.search(q, lang).hits}


class ForgivingBehaviour(Searching):
    """Run against the database backend and against OpenSearch."""

    def test_singular_and_plural_find_each_other(self):
        cases = [
            # (query, language, a title it must find)
            ("cooperative", "en", "Deciding by consent"),  # "cooperative" in the summary
            ("cooperatives", "en", "Deciding by consent"),
            ("coopérative", "fr", "L'économie des coopératives agricoles"),
            ("comedor", "es", "Comedores populares en el barrio"),
            ("comedores", "es", "Un comedor escolar abierto"),
            ("jardin", "fr", "L'économie des coopératives agricoles"),  # "jardins" in the text
            ("cafés", "fr", "Un café associatif au village"),
            ("café", "en", "Cafés that repair things"),
        ]
        for q, lang, title in cases:
            with self.subTest(q=q, lang=lang):
                self.assertIn(title, self.titles(q, lang))

    def test_accents_never_matter(self):
        for q in ("economie", "ÉCONOMIE", "économie", "Èconomie"):
            with self.subTest(q=q):
                self.assertIn("L'économie des coopératives agricoles", self.titles(q, "fr"))
        self.assertIn("Un café associatif au village", self.titles("cafe", "fr"))
        self.assertIn("Talleres de reparación en los pueblos", self.titles("reparacion", "es"))

    def test_a_typing_mistake_in_a_longer_word_is_forgiven(self):
        for q, lang, title in [
            ("gouvernence", "fr", "Ateliers de réparation au village"),  # theme name
            ("cooperatve", "en", "Deciding by consent"),
            ("biodiversty", "en", "Urban biodiversity on rooftops"),
        ]:
            with self.subTest(q=q):
                self.assertIn(title, self.titles(q, lang))

    def test_nothing_found_shows_the_correction_in_the_visitors_language(self):
        # The first letter is wrong: the correction still finds the word.
        for lang, expected in [("en", "cooperative"), ("es", "cooperativa")]:
            with self.subTest(lang=lang):
                result = self.search("kooperativ", lang)
                self.assertEqual(result.corrected_query, expected)
                self.assertGreater(result.count, 0)
                payload = result.as_json()
                self.assertEqual(payload["query"], "kooperativ")
                self.assertEqual(payload["corrected_query"], expected)

    def test_a_mistyped_word_beside_a_correct_one_still_finds_the_sheet_with_both(self):
        # Without the correction the database would show partial matches of "rooftops".
        result = self.search("biodiversty rooftops", "en")
        complete = [hit.title for hit in result.hits if hit.match == "all"]
        self.assertIn("Urban biodiversity on rooftops", complete)

    def test_literal_searches_the_words_as_typed(self):
        result = self.search("kooperativ", "en", literal=True)
        self.assertEqual(result.count, 0)
        self.assertIsNone(result.as_json()["corrected_query"])

    def test_no_correction_when_the_words_find_something(self):
        result = self.search("consent", "en")
        self.assertGreater(result.count, 0)
        self.assertEqual(result.corrected_query, "")

    def test_no_correction_when_no_word_is_close(self):
        result = self.search("zzyzzyqx", "en")
        self.assertEqual((result.count, result.corrected_query), (0, ""))


@override_settings(OPENSEARCH_URL="")
class DatabaseForgivingTests(ForgivingBehaviour, CatalogueTestCase):
    @classmethod
    def setUpTestData(cls):
        build_forgiving_catalogue()

    def test_cooperativ_on_the_english_page_is_english(self):
        # The case: a Spanish "cooperativo" exists, the English word wins.
        result = self.search("cooperativ", "en")
        self.assertEqual(result.corrected_query, "cooperative")
        self.assertEqual(self.search("cooperativ", "es").corrected_query, "cooperativa")

    def test_a_correction_replaces_results_that_have_only_some_of_the_words(self):
        result = self.search("biodiversty rooftops", "en")
        self.assertEqual(result.corrected_query, "biodiversity rooftops")
        literal = self.search("biodiversty rooftops", "en", literal=True)
        self.assertEqual(literal.complete_count, 0)
        self.assertTrue(literal.partial)

    def test_the_typing_mistake_is_shown_as_a_correction(self):
        # (PostgreSQL's french stemmer already reads "gouvernence" as "gouvernance".)
        self.assertEqual(self.search("cooperatve", "en").corrected_query, "cooperative")

    def test_the_search_page_shows_the_correction_and_offers_the_words_as_typed(self):
        for url, showing in [
            ("/en/search/", "Showing results for <strong>cooperative</strong>"),
            ("/es/buscar/", "Se muestran resultados de <strong>cooperativa</strong>"),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url, {"q": "kooperativ"})
                self.assertContains(response, showing)
                self.assertContains(response, "?q=kooperativ&amp;literal=1")
        literal = self.client.get("/en/search/", {"q": "kooperativ", "literal": "1"})
        self.assertContains(literal, "Nothing matches this search.")
        self.assertNotContains(literal, "Showing results for")

    def test_the_help_says_what_the_database_search_works_with(self):
        for url, text in [
            ("/en/search/", "Singular and plural forms find each other"),
            ("/fr/recherche/", "singulier et pluriel se trouvent"),
            ("/es/buscar/", "singular y plural se encuentran"),
        ]:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), text)

    def test_facets_are_counted_by_the_database_whatever_the_catalogue_size(self):
        def queries():
            query = CatalogueQuery(q="repair", lang="en", themes=("t-eco",), countries=("FR",))
            # The words for spelling corrections are read once after they change.
            catalogue.search(query)
            with CaptureQueriesContext(connection) as captured:
                catalogue.search(query)
            return len(captured)

        before = queries()
        for number in range(15):
            PracticePageFactory(
                summary_en=f"Repair café number {number}.", countries=["FR"], status="ongoing"
            )
        database_index.rebuild()
        self.assertEqual(queries(), before)
        self.assertLessEqual(before, 15)


@pytest.mark.opensearch
class OpenSearchForgivingTests(ForgivingBehaviour, OpenSearchTestCase):
    @classmethod
    def setUpTestData(cls):
        build_forgiving_catalogue()
        rebuild_index()

    def test_answers_come_from_opensearch(self):
        self.assertEqual(self.search("comedores", "es").backend, "opensearch")

    def test_the_help_says_what_opensearch_works_with(self):
        response = self.client.get("/en/search/")
        self.assertContains(response, "Words are matched by their root in each language")


# Hyphenated words written joined, or hyphenated (apart from SHEETS: a page saying "coop"
# names the glossary's cooperative concept, and would be found for "cooperativ").
HYPHENATED_SHEETS = [
    {
        "ref": "f-coop",
        "title_fr": "Une coop d'habitants",
        "title_en": "A housing coop run by its residents",
        "title_es": "",
        "summary_fr": "Les habitants partagent une laverie.",
        "summary_en": "The residents share a laundry and a coop garden.",
        "summary_es": "",
    },
    {
        "ref": "f-ecommerce",
        "title_fr": "Vendre ensemble en ligne",
        "title_en": "Ecommerce for village shops",
        "title_es": "",
        "summary_fr": "Des boutiques vendent ensemble.",
        "summary_en": "Shops sell together online.",
        "summary_es": "",
    },
    {
        "ref": "f-e-commerce",
        "title_fr": "Une vitrine des artisans",
        "title_en": "A shop window for craftsmen",
        "title_es": "",
        "summary_fr": "Un site de vente partagé.",
        "summary_en": "An e-commerce site the craftsmen share.",
        "summary_es": "",
    },
]


def build_hyphenated_catalogue():
    build_catalogue()
    for spec in HYPHENATED_SHEETS:
        PracticePageFactory(**spec, summary=spec["summary_fr"])
    database_index.rebuild()


class HyphenatedBehaviour(Searching):
    """A hyphenated word (co-op) is found joined ("coop") and hyphenated, on both backends."""

    def test_a_hyphenated_word_finds_it_joined_and_hyphenated(self):
        for q, lang, title in [
            ("co-op", "en", "A housing coop run by its residents"),
            ("housing co-op", "en", "A housing coop run by its residents"),
            ("co-operative", "en", "Deciding by consent"),  # "cooperative" in the summary
            ("e-commerce", "en", "Ecommerce for village shops"),
            ("e-commerce", "en", "A shop window for craftsmen"),  # "e-commerce"
            ("E-Commerce,", "en", "Ecommerce for village shops"),
            # An elided article is still read with its word.
            ("l'économie", "fr", "L'économie des coopératives agricoles"),
        ]:
            with self.subTest(q=q, title=title):
                self.assertIn(title, self.titles(q, lang))

    def test_an_elided_article_or_a_possessive_is_left_out_of_the_words(self):
        # Read as a phrase with its word ("l habitant", "resident s"), each found this
        # sheet only as a partial match: its text has the word, not the article.
        for q, lang, title in [
            ("coop l'habitant", "fr", "Une coop d'habitants"),
            ("coop l’habitant", "fr", "Une coop d'habitants"),
            ("resident's coop", "en", "A housing coop run by its residents"),
        ]:
            with self.subTest(q=q):
                hits = self.search(q, lang).hits
                self.assertIn((title, "all"), [(hit.title, hit.match) for hit in hits])

    def test_a_hyphenated_word_is_one_word_of_a_partial_match(self):
        # Not a phrase, which is never relaxed: the sheet has one of the two words.
        hits = self.search("co-op zzyzzyqx").hits
        self.assertIn(
            ("A housing coop run by its residents", "partial"), [(h.title, h.match) for h in hits]
        )

    def test_excluding_a_hyphenated_word_excludes_it_joined(self):
        self.assertIn("A housing coop run by its residents", self.titles("housing"))
        self.assertNotIn("A housing coop run by its residents", self.titles("housing -co-op"))

    def test_a_hyphenated_word_is_marked_joined(self):
        (hit,) = [h for h in self.search("co-op").hits if h.title.startswith("A housing coop")]
        self.assertIn("a <mark>coop</mark> garden", hit.highlight)


@override_settings(OPENSEARCH_URL="")
class DatabaseHyphenatedTests(HyphenatedBehaviour, CatalogueTestCase):
    @classmethod
    def setUpTestData(cls):
        build_hyphenated_catalogue()


@pytest.mark.opensearch
class OpenSearchHyphenatedTests(HyphenatedBehaviour, OpenSearchTestCase):
    @classmethod
    def setUpTestData(cls):
        build_hyphenated_catalogue()
        rebuild_index()


class SpellingTests(CatalogueTestCase):
    @classmethod
    def setUpTestData(cls):
        build_forgiving_catalogue()

    def test_quotes_and_exclusions_are_kept_and_excluded_words_left_alone(self):
        self.assertEqual(
            spelling.correct('"gouvernence partagée" -cooperatve', "fr"),
            '"gouvernance partagée" -cooperatve',
        )

    def test_known_short_and_numeric_words_are_never_corrected(self):
        for q in ("consent", "toit", "2019", "coopératives"):
            with self.subTest(q=q):
                self.assertEqual(spelling.correct(q, "fr"), "")

    def test_accented_words_are_offered_as_written(self):
        self.assertEqual(spelling.correct("economei", "fr"), "économie")

    def test_a_word_published_since_the_last_correction_is_offered(self):
        self.assertEqual(spelling.correct("xylophonne", "fr"), "")
        page = PracticePageFactory(title_fr="Un xylophone partagé", summary="Musique.")
        database_index.update([page.pk])
        self.assertEqual(spelling.correct("xylophonne", "fr"), "xylophone")

    def test_words_another_process_indexed_are_offered(self):
        self.assertEqual(spelling.correct("marimbba", "fr"), "")
        # As a worker process would write it: this process's copy is not told.
        SearchWord.objects.create(word="marimba", folded="marimba", length=7, lang="fr", count=1)
        SearchWordsVersion.objects.update(number=F("number") + 1)
        self.assertEqual(spelling.correct("marimbba", "fr"), "marimba")
