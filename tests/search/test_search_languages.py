"""Each API result says how far its page is translated, whichever backend answers."""

from django.test import override_settings

import pytest

from tests.search.search_fixtures import CatalogueTestCase, OpenSearchTestCase

FR_ONLY = {"fr": "complete", "en": "missing", "es": "missing"}
ALL = {"fr": "complete", "en": "complete", "es": "complete"}


class LanguagesInResults:
    def languages(self, q):
        data = self.client.get("/api/search/", {"q": q}).json()
        return {result["title"]: result["languages"] for result in data["results"]}, data

    def test_results_carry_the_translation_status(self):
        found, _data = self.languages("coopératives agricoles")
        self.assertEqual(found["L'économie des coopératives agricoles"], FR_ONLY)
        found, data = self.languages("réparation")
        self.assertEqual(found["Ateliers de réparation au village"], ALL)
        self.assertEqual(data["backend"], self.backend)


@override_settings(OPENSEARCH_URL="")
class DatabaseLanguagesTests(LanguagesInResults, CatalogueTestCase):
    backend = "database"


@pytest.mark.opensearch
class OpenSearchLanguagesTests(LanguagesInResults, OpenSearchTestCase):
    backend = "opensearch"
