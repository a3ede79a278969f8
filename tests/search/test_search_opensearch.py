"""What only the OpenSearch backend offers: language analysis, cross-language matching,
query syntax, highlights, relevance, suggestions, and its searches corrected."""

import pytest

from search import catalogue
from search.backends import opensearch
from search.query import CatalogueQuery
from tests.search.search_fixtures import OpenSearchTestCase, page

pytestmark = pytest.mark.opensearch


class OpenSearchQueryTests(OpenSearchTestCase):
    def titles(self, q, lang="fr", **kwargs):
        result = opensearch.search(CatalogueQuery(q=q, lang=lang, page_size=50, **kwargs))
        return [hit.title for hit in result.hits]

    def analyze(self, analyzer, text):
        response = opensearch.get_client().indices.analyze(
            index=opensearch.alias_name(), body={"analyzer": analyzer, "text": text}
        )
        return [token["token"] for token in response["tokens"]]

    def test_french_analysis_handles_elision_accents_and_plurals(self):
        self.assertEqual(
            self.analyze("catalogue_french", "l'économie"),
            self.analyze("catalogue_french", "economie"),
        )
        self.assertEqual(
            self.analyze("catalogue_french", "coopératives"),
            self.analyze("catalogue_french", "cooperative"),
        )
        for q in ("economie", "l'économie", "l'economie", "ÉCONOMIE"):
            self.assertIn("L'économie des coopératives agricoles", self.titles(q), q)

    def test_english_and_spanish_analysis(self):
        self.assertEqual(
            self.analyze("catalogue_english", "workshops"),
            self.analyze("catalogue_english", "workshop"),
        )
        self.assertEqual(
            self.analyze("catalogue_spanish", "reparación"),
            self.analyze("catalogue_spanish", "reparacion"),
        )
        self.assertIn("Repair workshops in villages", self.titles("workshop", lang="en"))

    def test_a_spanish_or_english_query_finds_a_sheet_written_only_in_french(self):
        for q, lang in (("cooperativas agrícolas", "es"), ("cooperative machines", "en")):
            titles = self.titles(q, lang=lang)
            self.assertIn("L'économie des coopératives agricoles", titles, q)

    def test_a_languages_field_holds_only_text_in_that_language(self):

        from search.documents import document_for

        doc = document_for(page("pr-fr-only").pk)
        self.assertEqual(set(doc["title"]), {"fr"})
        self.assertEqual(set(doc["summary"]), {"fr"})
        self.assertEqual(set(doc["url"]), {"fr", "en", "es"})

    def test_typos_in_longer_words_are_corrected_but_not_in_short_ones(self):
        for q, lang, title in [
            ("biodiversty", "en", "Urban biodiversity on rooftops"),
            ("réparaton", "fr", "Ateliers de réparation au village"),
        ]:
            with self.subTest(q=q):
                result = catalogue.search(CatalogueQuery(q=q, lang=lang))
                self.assertEqual(result.backend, "opensearch")
                self.assertIn(title, [hit.title for hit in result.hits])
        result = catalogue.search(CatalogueQuery(q="lto", lang="fr"))
        self.assertEqual(result.hits, [], "a three-letter word must match exactly")

    def test_exact_phrase(self):
        self.assertEqual(
            self.titles('"jardins partagés"'), ["L'économie des coopératives agricoles"]
        )
        self.assertEqual(self.titles('"partagés jardins"'), [])

    def test_excluded_word(self):
        with_word = self.titles("coopérative")
        without = self.titles("coopérative -agricoles")
        self.assertIn("L'économie des coopératives agricoles", with_word)
        self.assertNotIn("L'économie des coopératives agricoles", without)
        self.assertTrue(without, "excluding one word keeps the other matches")

    def test_raw_query_syntax_is_not_interpreted(self):
        for q in ("title.fr:*", "a AND (b", "coop~ ^2 /regex/", '"unclosed'):
            result = opensearch.search(CatalogueQuery(q=q, lang="fr"))
            self.assertEqual(result.backend, "opensearch", q)

    def test_title_weighs_more_than_body(self):
        titles = self.titles("biodiversité")
        self.assertEqual(titles[:2], ["Biodiversité urbaine sur les toits", "Potagers scolaires"])

    def test_visitors_language_is_boosted(self):
        result = opensearch.search(CatalogueQuery(q="cooperative", lang="es"))
        self.assertEqual(result.hits[0].lang, "es")

    def test_highlights_mark_the_words_in_the_visitors_language(self):
        hit = next(
            h
            for h in opensearch.search(CatalogueQuery(q="volunteers", lang="en")).hits
            if h.type == "practice"
        )
        self.assertIn("<mark>Volunteers</mark>", hit.highlight)
        hit_es = next(
            h
            for h in opensearch.search(CatalogueQuery(q="volunteers", lang="es")).hits
            if h.type == "practice"
        )
        self.assertEqual(hit_es.lang, "es")
        self.assertNotIn("<script", hit_es.highlight)

    def test_highlight_escapes_html(self):
        result = opensearch.search(CatalogueQuery(q="<b>biodiversité</b>", lang="fr"))
        for hit in result.hits:
            self.assertNotIn("<b>", hit.highlight)

    def test_suggestions_while_typing(self):
        suggestions = opensearch.suggest("repai", "en")
        self.assertEqual(suggestions[0]["title"], "Repair workshops in villages")
        self.assertTrue(suggestions[0]["url"].startswith("/en/"))
        spanish = opensearch.suggest("repai", "es")
        self.assertEqual(spanish[0]["title"], "Talleres de reparación en los pueblos")
        self.assertLessEqual(len(opensearch.suggest("o", "en")), 8)

    def test_a_search_that_finds_nothing_shows_the_correction_as_written(self):
        # The first letter may be the mistake.
        self.assertEqual(opensearch.search(CatalogueQuery(q="viodiversité", lang="fr")).count, 0)
        result = catalogue.search(CatalogueQuery(q="viodiversité", lang="fr"))
        self.assertEqual((result.backend, result.corrected_query), ("opensearch", "biodiversité"))
        self.assertGreater(result.count, 0)

    def test_relevance_ties_and_pagination_limits(self):
        result = opensearch.search(CatalogueQuery(q="", lang="fr", page=50))
        self.assertEqual(result.hits, [])
        self.assertGreater(result.count, 0)
