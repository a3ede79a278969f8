"""The OpenSearch index follows every change to what the public can see."""

import io

from django.core.management import call_command
from django.test import override_settings

from wagtail.models import PageViewRestriction

import pytest
from opensearchpy import Index

from partners.models import PartnerPage
from practices.models import PracticeIndexPage, PracticePage, Theme
from search.backends import opensearch
from search.documents import count_documents, iter_documents
from search.models import PendingUpdate
from search.query import CatalogueQuery
from tests.search.search_fixtures import VISIBLE, OpenSearchTestCase, page, rebuild_index

pytestmark = pytest.mark.opensearch

CLOSED_PORT = "http://127.0.0.1:9"


class IndexLifecycleTests(OpenSearchTestCase):
    def setUp(self):
        # Each test changes pages inside its own transaction: start from a fresh index.
        rebuild_index()

    def found(self, q="", lang="fr", **filters):
        opensearch.refresh()
        result = opensearch.search(CatalogueQuery(q=q, lang=lang, page_size=50, **filters))
        return {hit.page_id: hit for hit in result.hits}

    def publish(self, target):
        with self.captureOnCommitCallbacks(execute=True):
            target.save_revision().publish()

    def test_publish_adds_and_updates_the_document(self):
        sheet = page("pr-gov")
        sheet.title_en = "Deciding by consent in assemblies"
        self.publish(sheet)
        self.assertEqual(
            self.found("assemblies", lang="en")[sheet.pk].title, "Deciding by consent in assemblies"
        )

    def test_unpublish_and_republish(self):
        sheet = page("pr-repair")
        with self.captureOnCommitCallbacks(execute=True):
            sheet.unpublish()
        self.assertNotIn(sheet.pk, self.found())
        self.publish(PracticePage.objects.get(pk=sheet.pk))
        self.assertIn(sheet.pk, self.found())

    def test_a_draft_never_published_is_not_searchable(self):
        draft = page("pr-draft")
        with self.captureOnCommitCallbacks(execute=True):
            draft.title_fr = "Brouillon modifié"
            draft.save_revision()
        self.assertNotIn(draft.pk, self.found())

    def test_delete_removes_the_document(self):
        sheet = page("pr-bio-body")
        with self.captureOnCommitCallbacks(execute=True):
            sheet.delete()
        self.assertNotIn(sheet.pk, self.found())

    def test_view_restriction_hides_then_shows(self):
        sheet = page("pr-repair")
        with self.captureOnCommitCallbacks(execute=True):
            restriction = PageViewRestriction.objects.create(
                page=sheet, restriction_type=PageViewRestriction.LOGIN
            )
        self.assertNotIn(sheet.pk, self.found())
        with self.captureOnCommitCallbacks(execute=True):
            restriction.delete()
        self.assertIn(sheet.pk, self.found())

    def test_slug_change_gives_the_page_and_its_descendants_new_urls(self):
        index = PracticeIndexPage.objects.get()
        index.slug_en = "good-practices"
        self.publish(index)
        sheet = page("pr-repair")
        self.assertEqual(
            self.found(lang="en")[sheet.pk].url, "/en/good-practices/repair-workshops-in-villages/"
        )

    def test_move_updates_urls(self):
        sheet = page("pr-gov")
        target = PartnerPage.objects.get(ref="p-ca").get_parent()
        with self.captureOnCommitCallbacks(execute=True):
            sheet.move(target, pos="last-child")
        self.assertEqual(self.found(lang="en")[sheet.pk].url, "/en/partners/deciding-by-consent/")

    def test_renaming_a_theme_reaches_the_sheets_that_carry_it(self):
        theme = Theme.objects.get(slug="t-gov")
        with self.captureOnCommitCallbacks(execute=True):
            theme.name_fr = "Sociocratie vivante"
            theme.save()
        self.assertIn(page("pr-gov").pk, self.found("sociocratie"))

    def test_renaming_a_partner_reaches_its_sheets_and_projects(self):
        partner = page("p-es")
        partner.title_fr = "Huerta Solidaria del Turia"
        self.publish(partner)
        found = self.found("Turia")
        self.assertIn(page("pr-repair").pk, found)
        self.assertIn(page("pj-past").pk, found)

    def test_publishing_while_opensearch_is_down_is_kept_then_synced(self):
        sheet = page("pr-gov")
        sheet.title_fr = "Décider par consentement éclairé"
        with override_settings(OPENSEARCH_URL=CLOSED_PORT):
            self.publish(sheet)  # the publish itself succeeds
        self.assertEqual(list(PendingUpdate.objects.values_list("page_id", flat=True)), [sheet.pk])
        self.assertNotIn(sheet.pk, self.found("éclairé"))
        out = io.StringIO()
        call_command("catalogue_index", "sync", stdout=out, stderr=io.StringIO())
        self.assertIn("1 pending applied", out.getvalue())
        self.assertFalse(PendingUpdate.objects.exists())
        self.assertIn(sheet.pk, self.found("éclairé"))

    def test_without_an_index_updates_wait_for_sync_which_creates_it(self):
        opensearch.get_client().indices.delete(index=opensearch.current_index())
        sheet = page("pr-gov")
        self.publish(sheet)
        self.assertIsNone(opensearch.current_index(), "one page must not become the index")
        self.assertEqual(list(PendingUpdate.objects.values_list("page_id", flat=True)), [sheet.pk])
        call_command("catalogue_index", "sync", stdout=io.StringIO(), stderr=io.StringIO())
        self.assertFalse(PendingUpdate.objects.exists())
        self.assertEqual(len(self.found()), sum(VISIBLE.values()))

    def test_the_next_successful_update_applies_pending_ones(self):
        missed, other = page("pr-gov"), page("pr-repair")
        missed.title_fr = "Décider ensemble"
        with override_settings(OPENSEARCH_URL=CLOSED_PORT):
            self.publish(missed)
        self.publish(other)
        self.assertFalse(PendingUpdate.objects.exists())
        self.assertIn(missed.pk, self.found("ensemble"))

    def test_searches_keep_answering_during_a_rebuild(self):
        expected = sum(VISIBLE.values())
        seen = []

        def documents():
            for position, doc in enumerate(iter_documents()):
                if position == 3:
                    seen.append(opensearch.search(CatalogueQuery(q="", lang="fr")).count)
                yield doc

        opensearch.rebuild(documents(), total=expected)
        self.assertEqual(seen, [expected])
        self.assertEqual(opensearch.search(CatalogueQuery(q="", lang="fr")).count, expected)

    def test_sync_repairs_a_stale_index(self):
        client, index = opensearch.get_client(), opensearch.current_index()
        stale_id = page("pr-repair").pk
        client.delete(index=index, id=stale_id, refresh=True)
        client.index(
            index=index,
            id=999999,
            body={"type": "practice", "title": {"fr": "Fantôme"}},
            refresh=True,
        )
        client.update(
            index=index, id=page("pr-gov").pk, body={"doc": {"checksum": "old"}}, refresh=True
        )
        out = io.StringIO()
        call_command("catalogue_index", "sync", stdout=out, stderr=io.StringIO())
        self.assertIn("1 added, 1 updated, 1 removed", out.getvalue())
        found = self.found()
        self.assertIn(stale_id, found)
        self.assertNotIn(999999, found)

    def test_an_index_from_before_concept_tags_and_facet_values_gets_them_at_its_next_sync(self):
        # An index created before the `concepts` and `facets` fields: its strict mapping
        # refuses a document that has them, until the fields are added.
        client = opensearch.get_indexing_client()
        index = Index(f"{opensearch.alias_name()}-old")
        index.settings(number_of_shards=1, number_of_replicas=0)
        index.document(opensearch.CatalogueDocument)
        body = index.to_dict()
        del body["mappings"]["properties"]["concepts"]
        del body["mappings"]["properties"]["facets"]
        client.indices.create(index=index._name, body=body)
        self.addCleanup(client.indices.delete, index=index._name, ignore_unavailable=True)
        previous = opensearch.current_index()
        self.addCleanup(client.indices.delete, index=previous, ignore_unavailable=True)
        client.indices.update_aliases(
            body={
                "actions": [
                    {"remove": {"index": previous, "alias": opensearch.alias_name()}},
                    {"add": {"index": index._name, "alias": opensearch.alias_name()}},
                ]
            }
        )
        call_command("catalogue_index", "sync", stdout=io.StringIO(), stderr=io.StringIO())
        facets = opensearch.search(CatalogueQuery(lang="en")).facets
        self.assertEqual(facets["type"], count_documents())
        # "coop" names the cooperative concept: pages saying "coopérative" are found.
        found = self.found("coop", lang="en")
        self.assertIn(page("pr-gov").pk, found)
        sheet = page("pr-repair")
        self.assertNotIn(sheet.pk, found)
        sheet.title_fr = "Un atelier de réparation partagé entre coopératives"
        self.publish(sheet)
        self.assertIn(sheet.pk, self.found("coop", lang="en"))

    def test_status_compares_index_and_database(self):
        out = io.StringIO()
        call_command("catalogue_index", "status", stdout=out)
        text = out.getvalue()
        self.assertIn(opensearch.current_index(), text)
        for name, count in count_documents().items():
            self.assertRegex(text, rf"{name}\s+{count}\s+{count}")
        self.assertRegex(text, r"Cluster: \S+, (green|yellow), \d+ node\(s\)")
        self.assertIn("Shards:  1 primary, 0 replica(s) each, each search in 2 slice(s)", text)
        self.assertIn("Index updates: 0 queued, 0 failed (task queue); 0 pending", text)
