"""The relevance test set (tests/search/relevance_set.py) on the demo catalogue: every
everyday phrasing finds its sheet in the top 3, on the database backend (SQLite or
PostgreSQL, whichever DATABASE_URL names) and on OpenSearch. The README gives the score."""

from django.test import TestCase

import pytest

from search import database_index
from search.backends import database, opensearch
from tests.factories.home import build_site
from tests.factories.rows import load_demo
from tests.search.relevance_set import QUERIES, TOP, misses
from tests.search.search_fixtures import OpenSearchTestCase, rebuild_index


class RelevanceChecks:
    backend = None

    @classmethod
    def setUpTestData(cls):
        build_site()
        load_demo()
        # The pages' index updates run after commit, which a TestCase never reaches.
        database_index.rebuild()

    def test_every_query_finds_its_sheet_in_the_top_3(self):
        failed = misses(self.backend.search)
        score = f"{len(QUERIES) - len(failed)}/{len(QUERIES)} in the top {TOP}"
        print(f"\nrelevance ({self.backend.__name__.rsplit('.', 1)[-1]}): {score}")
        self.assertEqual(failed, [], score)


class DatabaseRelevanceTests(RelevanceChecks, TestCase):
    backend = database


@pytest.mark.opensearch
class OpenSearchRelevanceTests(RelevanceChecks, OpenSearchTestCase):
    backend = opensearch

    @classmethod
    def setUpTestData(cls):
        RelevanceChecks.setUpTestData.__func__(cls)
        rebuild_index()
