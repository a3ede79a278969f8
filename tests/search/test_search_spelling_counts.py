"""Among equally close corrections, the word more pages use in the visitor's language wins.

English text quoting a Spanish name ("the Cooperativa Entrepatios") makes "cooperativa"
an English word, as close to "cooperativ" as "cooperative": the English pages saying
"cooperative" outnumber it. The counts follow the pages as they are published,
unpublished and deleted, and a rebuild gives the same.
"""

import io

from django.core.management import call_command
from django.db.models import F
from django.test import override_settings

import pytest

from practices.models import PracticePage
from search import catalogue, database_index
from search.models import SearchWord, SearchWordsVersion
from search.query import CatalogueQuery
from tests.factories.practices import PracticePageFactory
from tests.search.search_fixtures import (
    CatalogueTestCase,
    OpenSearchTestCase,
    build_catalogue,
    rebuild_index,
)

# With the fixtures' "A Quebec cooperative ..." / "Una cooperativa de Quebec ...": in
# English, "cooperative" on three pages and "cooperativa" on one; in Spanish,
# "cooperativa" on two and "cooperativo" on one.
SHEETS = [
    {
        "ref": "c-tenants",
        "title_fr": "Une coopérative d'habitants",
        "title_en": "A housing cooperative run by its tenants",
        "title_es": "Una cooperativa de vivienda gestionada por sus inquilinos",
        "summary_fr": "Les locataires partagent une laverie.",
        "summary_en": "The tenants share a laundry.",
        "summary_es": "Los inquilinos comparten una lavandería.",
    },
    {
        "ref": "c-elders",
        "title_fr": "Un habitat coopératif pour les aînés",
        "title_en": "Cooperative housing for older people",
        "title_es": "Un modelo cooperativo de vivienda para mayores",
        "summary_fr": "Des retraités construisent ensemble.",
        "summary_en": "Retired people build together.",
        "summary_es": "Unos jubilados construyen juntos.",
    },
    {
        "ref": "c-madrid",
        "title_fr": "Ce que Madrid apprend du logement",
        "title_en": "What Madrid teaches about housing",
        "title_es": "Lo que Madrid enseña sobre la vivienda",
        "summary_fr": "Les habitants d'Entrepatios racontent leur expérience.",
        "summary_en": "Residents of the Cooperativa Entrepatios tell their housing story.",
        "summary_es": "Los vecinos de Entrepatios cuentan su experiencia.",
    },
]


def build_counted_catalogue():
    build_catalogue()
    for spec in SHEETS:
        PracticePageFactory(**spec, summary=spec["summary_fr"])
    database_index.rebuild()


def spanish_sheet(ref):
    """A sheet saying "cooperativo" in Spanish, published as the admin publishes it."""
    sheet = PracticePageFactory(
        ref=ref,
        title_fr=f"Logement {ref}",
        title_en=f"Housing {ref}",
        title_es=f"Un proyecto cooperativo de vivienda {ref}",
        summary_fr="Des voisins.",
        summary_en="Neighbours.",
        summary_es="Unos vecinos.",
        summary="Des voisins.",
    )
    sheet.save_revision().publish()
    return sheet


class CountedBehaviour:
    """Run against the database backend and against OpenSearch."""

    def search(self, q, lang):
        return catalogue.search(CatalogueQuery(q=q, lang=lang, page_size=50))

    def correction(self, q, lang):
        return self.search(q, lang).corrected_query

    # OpenSearch's Spanish stemmer makes "cooperativa" and "cooperative" "cooperativ", so
    # finds that word as typed; a wrong first letter neither backend forgives.
    def test_english_gets_the_english_word_more_pages_use(self):
        result = self.search("kooperativ housing", "en")
        self.assertEqual(result.corrected_query, "cooperative housing")
        titles = {hit.title for hit in result.hits if hit.match == "all"}
        self.assertIn("A housing cooperative run by its tenants", titles)
        response = self.client.get("/en/search/", {"q": "kooperativ housing"})
        self.assertContains(response, "Showing results for <strong>cooperative housing</strong>")

    def test_spanish_gets_the_spanish_word_more_pages_use(self):
        self.assertEqual(self.correction("kooperativ vivienda", "es"), "cooperativa vivienda")


@override_settings(OPENSEARCH_URL="")
class DatabaseCountedTests(CountedBehaviour, CatalogueTestCase):
    @classmethod
    def setUpTestData(cls):
        build_counted_catalogue()

    def test_cooperativ_on_the_english_page_is_english(self):
        # The query was "cooperativ housing", which the glossary now reads as
        # cohousing ("cooperative housing"): with another word, the database finds
        # neither form of the first as typed.
        self.assertEqual(self.correction("cooperativ tenants", "en"), "cooperative tenants")
        self.assertEqual(self.correction("cooperativ vecinos", "es"), "cooperativa vecinos")

    def counts(self, word):
        return dict(SearchWord.objects.filter(word=word).values_list("lang", "count"))

    def test_the_counts_follow_publishing_unpublishing_and_deleting(self):
        self.assertEqual(self.counts("cooperativo"), {"es": 1})
        with self.captureOnCommitCallbacks(execute=True):
            first, second = spanish_sheet("c-first"), spanish_sheet("c-second")
        self.assertEqual(self.counts("cooperativo"), {"es": 3})
        self.assertEqual(self.correction("cooperativ vecinos", "es"), "cooperativo vecinos")

        with self.captureOnCommitCallbacks(execute=True):
            first.unpublish()
        self.assertEqual(self.counts("cooperativo"), {"es": 2})
        self.assertEqual(self.counts("first"), {})  # no other page uses it
        with self.captureOnCommitCallbacks(execute=True):
            PracticePage.objects.get(pk=second.pk).delete()
        self.assertEqual(self.counts("cooperativo"), {"es": 1})
        self.assertEqual(self.correction("cooperativ vecinos", "es"), "cooperativa vecinos")

    def test_publishing_a_page_again_counts_it_once(self):
        sheet = PracticePage.objects.get(ref="c-tenants")
        before = self.counts("cooperative")
        with self.captureOnCommitCallbacks(execute=True):
            sheet.save_revision().publish()
        self.assertEqual(self.counts("cooperative"), before)

    def test_a_rebuild_counts_as_the_updates_did(self):
        with self.captureOnCommitCallbacks(execute=True):
            spanish_sheet("c-first")
        with self.captureOnCommitCallbacks(execute=True):
            PracticePage.objects.get(ref="c-madrid").unpublish()
        kept = set(SearchWord.objects.values_list("word", "lang", "count"))
        self.assertIn(("cooperative", "en", 3), kept)
        self.assertNotIn("entrepatios", {word for word, _lang, _count in kept})
        call_command("catalogue_db_index", "rebuild", stdout=io.StringIO(), stderr=io.StringIO())
        self.assertEqual(set(SearchWord.objects.values_list("word", "lang", "count")), kept)

    def test_counts_another_process_changed_are_used(self):
        self.assertEqual(self.correction("cooperativ tenants", "en"), "cooperative tenants")
        # As a worker process would write them: this process's copy is not told.
        SearchWord.objects.filter(word="cooperativa", lang="en").update(count=F("count") + 5)
        SearchWordsVersion.objects.update(number=F("number") + 1)
        self.assertEqual(self.correction("cooperativ tenants", "en"), "cooperativa tenants")


@pytest.mark.opensearch
class OpenSearchCountedTests(CountedBehaviour, OpenSearchTestCase):
    @classmethod
    def setUpTestData(cls):
        build_counted_catalogue()
        rebuild_index()
