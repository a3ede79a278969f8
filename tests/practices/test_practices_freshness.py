"""Freshness: the "Sheets to check" report, "Mark as checked today", the dashboard panel."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.models import Revision
from wagtail.users.models import UserProfile

from bs4 import BeautifulSoup

from catalogue.roles import PARTNER_CONTRIBUTORS, ensure_roles
from practices.freshness import months_before, sheets_to_check
from practices.models import PracticeIndexPage, PracticePage
from tests.factories.home import build_site
from tests.factories.rows import import_rows, practice_row


def ago(months):
    return months_before(timezone.localdate(), months).isoformat()


def test_months_before():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


class TestFreshness(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.editor = get_user_model().objects.create_superuser("editor", "", "pw")
        # The admin in English (it follows the user's preference, else French).
        UserProfile.objects.update_or_create(user=cls.editor, defaults={"preferred_language": "en"})
        import_rows(
            practices=[
                practice_row("fresh", title={"fr": "Fraîche"}, last_reviewed=ago(1)),
                practice_row("year", title={"fr": "Un an pile"}, last_reviewed=ago(12)),
                practice_row("old", title={"fr": "Ancienne"}, last_reviewed=ago(13)),
                practice_row("older", title={"fr": "Très ancienne"}, last_reviewed=ago(30)),
                practice_row("never", title={"fr": "Jamais vérifiée"}),
                practice_row("draft", title={"fr": "Brouillon"}),
            ]
        )
        PracticePage.objects.get(ref="draft").unpublish()

    def setUp(self):
        self.client.force_login(self.editor)

    def refs(self, queryset):
        return [page.ref for page in queryset]

    def test_who_is_due_and_in_what_order(self):
        # Never checked first (the draft too), then the oldest check first; a sheet
        # checked exactly 12 months ago is due, one checked last month is not.
        self.assertEqual(self.refs(sheets_to_check()), ["draft", "never", "older", "old", "year"])
        with override_settings(CATALOGUE_REVIEW_MONTHS=24):
            self.assertEqual(self.refs(sheets_to_check()), ["draft", "never", "older"])

    def test_report_page_and_export(self):
        response = self.client.get("/admin/reports/sheets-to-check/")
        self.assertEqual(response.status_code, 200)
        html = BeautifulSoup(response.content.decode(), "html.parser")
        titles = [a.get_text(strip=True) for a in html.select("table tbody td.title a")]
        self.assertEqual(
            titles[:5], ["Brouillon", "Jamais vérifiée", "Très ancienne", "Ancienne", "Un an pile"]
        )
        self.assertNotIn("Fraîche", html.get_text())
        # The day each was checked, as a date (the report is read in months), or never.
        headings = [th.get_text(strip=True) for th in html.select("table thead th")]
        column = headings.index("Content last checked")
        checked = {
            row.select_one("td.title a").get_text(strip=True): row.select("td")[column]
            for row in html.select("table tbody tr")
        }
        self.assertEqual(checked["Jamais vérifiée"].get_text(strip=True), "Never")
        self.assertEqual(checked["Très ancienne"].time["datetime"], ago(30))
        # In the Reports menu.
        self.assertIn("/admin/reports/sheets-to-check/", response.content.decode())

        csv = self.client.get("/admin/reports/sheets-to-check/?export=csv")
        self.assertEqual(csv.status_code, 200)
        text = csv.content.decode()
        lines = text.strip().splitlines()
        self.assertIn("Content last checked", lines[0])
        self.assertTrue(lines[1].startswith("Brouillon,draft,"))
        self.assertIn(ago(30), lines[3])
        xlsx = self.client.get("/admin/reports/sheets-to-check/?export=xlsx")
        self.assertEqual(xlsx.status_code, 200)

    def mark(self, *pages):
        query = "&".join(f"id={page.pk}" for page in pages)
        url = f"/admin/bulk/wagtailcore/page/mark-checked/?{query}"
        confirm = self.client.get(url)
        self.assertEqual(confirm.status_code, 200)
        # The day as the action saw it, even when a run crosses midnight.
        before = timezone.localdate()
        response = self.client.post(url, {})
        self.checked_on = {before, timezone.localdate()}
        self.assertEqual(response.status_code, 302)
        return confirm

    def test_live_sheet_is_republished_with_the_date(self):
        page = PracticePage.objects.get(ref="old")
        revisions = Revision.objects.filter(object_id=str(page.pk)).count()
        self.mark(page)
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertFalse(page.has_unpublished_changes)
        self.assertIn(page.last_reviewed, self.checked_on)
        self.assertEqual(Revision.objects.filter(object_id=str(page.pk)).count(), revisions + 1)
        self.assertEqual(page.live_revision_id, page.latest_revision_id)
        self.assertNotIn("old", self.refs(sheets_to_check()))

    def test_pending_draft_gets_the_date_without_being_published(self):
        page = PracticePage.objects.get(ref="older")
        page.title_fr = "Titre en cours de relecture"
        page.save_revision(user=self.editor)
        live_revision = page.live_revision_id
        self.mark(page)
        page = PracticePage.objects.get(pk=page.pk)
        # Still live, the visitor still sees the published sheet; the draft holds the
        # date and the pending title.
        self.assertTrue(page.live)
        self.assertTrue(page.has_unpublished_changes)
        self.assertEqual(page.live_revision_id, live_revision)
        self.assertEqual(page.title_fr, "Très ancienne")
        self.assertEqual(str(page.last_reviewed), ago(30))
        draft = page.get_latest_revision_as_object()
        self.assertIn(draft.last_reviewed, self.checked_on)
        self.assertEqual(draft.title_fr, "Titre en cours de relecture")
        # The report reads the latest revision: checked today, no longer due.
        self.assertNotIn("older", self.refs(sheets_to_check()))

    def test_unpublished_draft_stays_unpublished(self):
        page = PracticePage.objects.get(ref="draft")
        revisions = Revision.objects.filter(object_id=str(page.pk)).count()
        index = PracticeIndexPage.objects.get()
        confirm = self.mark(page, index)
        self.assertIn("not practice sheets", confirm.content.decode())
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(Revision.objects.filter(object_id=str(page.pk)).count(), revisions + 1)
        self.assertIn(page.get_latest_revision_as_object().last_reviewed, self.checked_on)
        self.assertNotIn("draft", self.refs(sheets_to_check()))

    def test_action_is_offered_in_page_listings(self):
        index = PracticeIndexPage.objects.get()
        response = self.client.get(f"/admin/pages/{index.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/admin/bulk/wagtailcore/page/mark-checked/", response.content.decode())

    def test_dashboard_panel(self):
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        html = BeautifulSoup(response.content.decode(), "html.parser")
        panel = html.select_one("#sheets-to-check-section")
        self.assertIsNotNone(panel)
        self.assertIn("5", panel.get_text())
        self.assertEqual(panel.select_one("a.button")["href"], "/admin/reports/sheets-to-check/")

    def test_a_partner_contributor_sees_neither_the_report_nor_the_panel(self):
        # The report lists every contributor's drafts: only publishers may read it.
        ensure_roles()
        contributor = get_user_model().objects.create_user("partner", "p@example.org", "pw")
        contributor.groups.add(Group.objects.get(name=PARTNER_CONTRIBUTORS))
        self.client.force_login(contributor)
        dashboard = self.client.get("/admin/")
        self.assertEqual(dashboard.status_code, 200)
        self.assertNotContains(dashboard, "sheets-to-check")
        report = self.client.get("/admin/reports/sheets-to-check/")
        self.assertNotContains(report, "Brouillon", status_code=report.status_code)
        self.assertNotEqual(report.status_code, 200)
