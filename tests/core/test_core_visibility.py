"""core.visibility: `hidden_ids()` is exactly the pages `public_ids()` leaves out.

The database search subtracts `hidden_ids()` from its thousands of matches instead of
keeping only `public_ids()`; the two must agree on every kind of hidden page, or a
restricted or unpublished page would show in search results and their counts.
"""

from django.test import TestCase

from wagtail.models import Page, PageViewRestriction

from core.visibility import hidden_ids, public_ids
from tests.factories.home import ContentPageFactory, build_site
from tests.factories.practices import PracticePageFactory


class HiddenIdsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = build_site()
        cls.public = PracticePageFactory()
        cls.draft = PracticePageFactory(live=False)
        cls.unpublished = PracticePageFactory()
        cls.unpublished.unpublish()
        restricted = ContentPageFactory(parent=home)
        PageViewRestriction.objects.create(
            page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        cls.restricted = restricted
        cls.under_restricted = ContentPageFactory(parent=restricted)
        # Wagtail's unpublish leaves the children live: they are hidden all the same.
        branch = ContentPageFactory(parent=home)
        cls.under_unpublished = ContentPageFactory(parent=branch)
        branch.unpublish()
        cls.branch = branch
        deleted = PracticePageFactory()
        cls.deleted_id = deleted.pk
        deleted.delete()

    def test_hidden_ids_are_every_page_but_the_public_ones(self):
        every_page = set(Page.objects.values_list("pk", flat=True))
        self.assertEqual(hidden_ids(), every_page - public_ids())

    def test_restricted_unpublished_and_draft_pages_are_hidden(self):
        hidden = hidden_ids()
        for page in (
            self.draft,
            self.unpublished,
            self.restricted,
            self.under_restricted,
            self.branch,
            self.under_unpublished,
        ):
            with self.subTest(page=page.title):
                self.assertIn(page.pk, hidden)
                self.assertNotIn(page.pk, public_ids())
        self.assertIn(self.public.pk, public_ids())
        self.assertNotIn(self.public.pk, hidden)

    def test_deleted_pages_are_neither_hidden_nor_public(self):
        self.assertNotIn(self.deleted_id, hidden_ids())
        self.assertNotIn(self.deleted_id, public_ids())
