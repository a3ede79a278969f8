"""Where each page type may be created in the admin: the parent/child rules of the tree.

Editors see only the allowed types under a page ("Add child page"); these rules keep the
catalogue pages under their one index, which the importer, the listings and the URLs
rely on."""

from itertools import product

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import ContentPage, HomePage
from partners.models import PartnerIndexPage, PartnerPage
from practices.models import PracticeIndexPage, PracticePage
from projects.models import ProjectIndexPage, ProjectPage
from tests.factories.home import build_site

INDEXES = {PracticeIndexPage, PartnerIndexPage, ProjectIndexPage}
PAGE_TYPES = [
    HomePage,
    ContentPage,
    PracticeIndexPage,
    PartnerIndexPage,
    ProjectIndexPage,
    PracticePage,
    PartnerPage,
    ProjectPage,
]
# (parent, child) pairs an editor may create; every other pair is refused.
ALLOWED = {
    (Page, HomePage),
    (HomePage, ContentPage),
    (ContentPage, ContentPage),
    *((HomePage, index) for index in INDEXES),
    (PracticeIndexPage, PracticePage),
    (PartnerIndexPage, PartnerPage),
    (ProjectIndexPage, ProjectPage),
}


class TestPageTree(WagtailPageTestCase):
    def test_every_parent_child_pair(self):
        for parent, child in product([Page, *PAGE_TYPES], PAGE_TYPES):
            with self.subTest(parent=parent.__name__, child=child.__name__):
                if (parent, child) in ALLOWED:
                    self.assertCanCreateAt(parent, child)
                else:
                    self.assertCanNotCreateAt(parent, child)

    def test_allowed_parent_page_types(self):
        expected = {
            HomePage: {Page},
            ContentPage: {HomePage, ContentPage},
            PracticeIndexPage: {HomePage},
            PartnerIndexPage: {HomePage},
            ProjectIndexPage: {HomePage},
            PracticePage: {PracticeIndexPage},
            PartnerPage: {PartnerIndexPage},
            ProjectPage: {ProjectIndexPage},
        }
        for child, parents in expected.items():
            with self.subTest(child=child.__name__):
                self.assertAllowedParentPageTypes(child, parents)

    def test_allowed_subpage_types(self):
        expected = {
            HomePage: {ContentPage, *INDEXES},
            ContentPage: {ContentPage},
            PracticeIndexPage: {PracticePage},
            PartnerIndexPage: {PartnerPage},
            ProjectIndexPage: {ProjectPage},
            PracticePage: set(),
            PartnerPage: set(),
            ProjectPage: set(),
        }
        for parent, children in expected.items():
            with self.subTest(parent=parent.__name__):
                self.assertAllowedSubpageTypes(parent, children)

    def test_one_home_page_and_one_index_of_each_type(self):
        home = build_site()
        root = Page.get_first_root_node()
        self.assertFalse(HomePage.can_create_at(root))
        for index in INDEXES:
            with self.subTest(index=index.__name__):
                self.assertFalse(index.can_create_at(home))
        # Content pages are not limited.
        self.assertTrue(ContentPage.can_create_at(home))
