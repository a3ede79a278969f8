"""An imported page is a Wagtail page like one made in the admin, however it was written.

The importer writes new pages in bulk (catalogue.io.write, catalogue.batch); what an
editor or a visitor then meets must be what Wagtail's own saves give: one revision
holding the page's relations, its history, its usage, a slug unique among its siblings,
and the search finding it by the names of its partners.
"""

from django.test import TestCase

from wagtail.models import PageLogEntry, ReferenceIndex

from partners.models import PartnerPage
from practices.models import PracticePage
from projects.models import ProjectPage
from tests.factories.home import build_site
from tests.factories.rows import import_rows, partner_row, practice_row, project_row, theme_row

SAME_TITLE = {"fr": "Jardin partagé", "en": "Shared garden", "es": "Huerto compartido"}


class TestImportedPages(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        import_rows(
            themes=[theme_row("garden"), theme_row("energy")],
            partners=[partner_row("zeta", name="Zeta Coop"), partner_row("alpha")],
            projects=[project_row("proj", coordinator="alpha", partners=["zeta"])],
            practices=[practice_row("first", title=SAME_TITLE)],
        )
        import_rows(
            practices=[
                practice_row(
                    "p1",
                    title=SAME_TITLE,
                    themes=["energy", "garden"],
                    partners=["zeta", "alpha"],
                    projects=["proj"],
                ),
                practice_row("p2", title=SAME_TITLE),
            ]
        )

    def test_one_revision_holds_the_relations_in_the_order_the_site_reads_them(self):
        page = PracticePage.objects.get(ref="p1")
        self.assertEqual(page.revisions.count(), 1)
        self.assertEqual(page.live_revision, page.latest_revision)
        saved = page.latest_revision.content
        self.assertEqual(saved["themes"], [t.pk for t in page.themes.all()])
        self.assertEqual(saved["partners"], [p.pk for p in page.partners.all()])
        self.assertEqual(saved["projects"], [p.pk for p in page.projects.all()])
        self.assertEqual(len(saved["partners"]), 2)
        draft = page.latest_revision.as_object()
        self.assertEqual(sorted(p.ref for p in draft.partners.all()), ["alpha", "zeta"])

    def test_the_history_says_created_published_and_imported(self):
        page = PracticePage.objects.get(ref="p1")
        entries = PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
        self.assertEqual(
            [entry.action for entry in entries],
            ["wagtail.create", "wagtail.publish", "catalogue.import"],
        )
        self.assertEqual(entries[1].revision, page.live_revision)
        self.assertEqual(entries[0].label, page.get_admin_display_title())

    def test_the_usage_of_a_partner_lists_the_project_naming_it(self):
        # Wagtail's reference index ("usage") records foreign keys and the child
        # objects' ones (a project's partner links) under their page.
        project = ProjectPage.objects.get(ref="proj")
        for ref in ("alpha", "zeta"):
            partner = PartnerPage.objects.get(ref=ref)
            users = {reference.object_id for reference in ReferenceIndex.get_references_to(partner)}
            self.assertEqual(users, {str(project.pk)}, ref)

    def test_slugs_stay_unique_among_siblings_old_and_new(self):
        slugs = {ref: PracticePage.objects.get(ref=ref).slug_en for ref in ("first", "p1", "p2")}
        self.assertEqual(
            slugs, {"first": "shared-garden", "p1": "shared-garden-2", "p2": "shared-garden-3"}
        )

    def test_the_search_finds_a_page_by_its_partner_name(self):
        found = PracticePage.objects.live().search("Zeta")
        self.assertEqual([page.ref for page in found], ["p1"])
