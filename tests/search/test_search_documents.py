"""A rebuild indexes the documents that updating each page alone would index."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from catalogue import registry
from core.i18n import LANGUAGE_CODES
from practices.models import PracticePage
from search.documents import documents_for, iter_documents, visibility_filter
from tests.factories.practices import PracticePageFactory, ThemeFactory
from tests.factories.projects import ProjectPageFactory
from tests.search.search_fixtures import CatalogueTestCase, page


def alone(pk):
    """The page's document built from the page by itself: its relations read through its
    own managers, nothing fetched ahead for a batch."""
    specific = type(page_by_pk(pk)).objects.get(pk=pk)
    return registry.for_model(type(specific)).document(specific, visibility_filter())


def page_by_pk(pk):
    from wagtail.models import Page

    return Page.objects.get(pk=pk).specific


class RebuildDocumentsTests(CatalogueTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Related objects given out of their order (themes by id, pages by their place in
        # the tree), one of them hidden from the public.
        themes = [ThemeFactory(slug=f"order-{n}") for n in range(3)]
        hidden = page("p-es")
        cls.sheet = PracticePageFactory(
            ref="pr-many",
            themes=list(reversed(themes)),
            partners=[page("p-ca"), hidden, page("p-fr")],
            projects=[page("pj-future"), page("pj-past")],
            context_fr='<p data-block-key="a1">Caf&eacute; &amp; <a href="/x?a=1&amp;b=2">vélo'
            "</a></p><ul><li>un</li><li>deux</li></ul><!-- note --><p>3 &lt; 4</p>",
        )
        ProjectPageFactory(ref="pj-coordinated", coordinator=page("p-ca"), partners=[hidden])
        hidden.unpublish()

    def test_every_document_is_the_one_built_for_its_page_alone(self):
        docs = {doc["id"]: doc for doc in iter_documents()}
        self.assertIn(self.sheet.pk, docs)
        self.assertEqual(len(docs), 12)  # 6 sheets, 2 public partners, 4 projects
        for pk, doc in docs.items():
            with self.subTest(page=doc["title"]):
                self.assertEqual(doc, alone(pk))
        # The same again when a few pages are updated.
        self.assertEqual(documents_for(list(docs)), docs)

    def test_related_names_come_in_their_order_and_only_when_public(self):
        doc = documents_for([self.sheet.pk])[self.sheet.pk]
        body = doc["body"]["fr"]
        themes = [f"Thème order-{n}" for n in range(3)]
        self.assertLess(body.index(themes[0]), body.index(themes[1]))
        self.assertLess(body.index(themes[1]), body.index(themes[2]))
        self.assertLess(
            body.index(page("pj-past").title_fr), body.index(page("pj-future").title_fr)
        )
        self.assertNotIn("Huerta Común", doc["names"])  # unpublished partner
        self.assertIn("Réseau Boréal", doc["names"])
        self.assertIn("Café & vélo un deux 3 < 4", body)

    def test_urls_are_wagtails_in_each_language(self):
        for doc in iter_documents():
            target = page_by_pk(doc["id"])
            for code in LANGUAGE_CODES:
                with translation.override(code):
                    self.assertEqual(doc["url"][code], target.get_url_parts()[2])

    def test_a_rebuild_reads_the_database_a_fixed_number_of_times(self):
        def queries():
            # Publishing clears the cache, where Wagtail keeps the sites' root paths.
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                list(iter_documents())
            return len(captured)

        before = queries()
        for n in range(5):
            PracticePageFactory(
                ref=f"pr-more-{n}",
                themes=[ThemeFactory(slug=f"more-{n}")],
                partners=[page("p-fr")],
                projects=[page("pj-now")],
            )
        self.assertEqual(PracticePage.objects.live().count(), 12)
        self.assertEqual(queries(), before)
