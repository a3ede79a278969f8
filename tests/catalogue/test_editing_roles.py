"""Partners contribute, the Co-actions team reviews (issue #8, part 6): the groups and the
workflow `setup_site` creates, the review cycle through the admin, its emails, and what a
partner contributor may not do."""

import html
import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from wagtail.forms import TaskStateCommentForm
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    PageLogEntry,
    Workflow,
    WorkflowPage,
)
from wagtail.users.models import UserProfile

from bs4 import BeautifulSoup

from catalogue.roles import (
    CO_ACTIONS_TEAM,
    PARTNER_CONTRIBUTORS,
    REVIEW_TASK,
    REVIEW_WORKFLOW,
    ensure_roles,
)
from catalogue.translation_status import translation_statuses
from partners.models import PartnerIndexPage, PartnerPage
from practices.models import PracticeIndexPage, PracticePage
from projects.models import ProjectIndexPage, ProjectPage
from tests.factories.admin_forms import edit_form, page_form, rich_text
from tests.factories.home import build_site
from tests.factories.rows import import_rows, partner_row, practice_row, project_row

User = get_user_model()


STATUSES_FR_ONLY = {"fr": "complete", "en": "missing", "es": "missing"}


def make_user(username, group, language, email=None):
    user = User.objects.create_user(username, email or f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


class RolesSetupTests(TestCase):
    def test_setup_site_creates_groups_and_workflow_once(self):
        build_site()
        out = StringIO()
        call_command("setup_site", "--no-demo", stdout=out)
        self.assertIn("Created 'Co-actions team'", out.getvalue())
        counts = (
            Group.objects.count(),
            GroupPagePermission.objects.count(),
            Workflow.objects.count(),
            WorkflowPage.objects.count(),
        )
        call_command("setup_site", "--no-demo", stdout=StringIO())
        ensure_roles()
        self.assertEqual(
            counts,
            (
                Group.objects.count(),
                GroupPagePermission.objects.count(),
                Workflow.objects.count(),
                WorkflowPage.objects.count(),
            ),
        )
        team = Group.objects.get(name=CO_ACTIONS_TEAM)
        contributors = Group.objects.get(name=PARTNER_CONTRIBUTORS)
        for index in (PracticeIndexPage, PartnerIndexPage, ProjectIndexPage):
            page = index.objects.get()
            kinds = set(
                GroupPagePermission.objects.filter(group=team, page=page).values_list(
                    "permission__codename", flat=True
                )
            )
            self.assertEqual(
                kinds, {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
            )
            self.assertEqual(WorkflowPage.objects.get(page=page).workflow.name, REVIEW_WORKFLOW)
        self.assertEqual(
            list(
                GroupPagePermission.objects.filter(group=contributors).values_list(
                    "page__content_type__model", "permission__codename"
                )
            ),
            [("practiceindexpage", "add_page")],
        )
        task = GroupApprovalTask.objects.get(name=REVIEW_TASK)
        self.assertEqual(list(task.groups.all()), [team])
        self.assertTrue(
            team.permissions.filter(codename__in=["import_catalogue", "change_theme"]).count(), 2
        )


@override_settings(OPENSEARCH_URL="", WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS=False)
class ReviewCycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        import_rows(
            partners=[partner_row("coop")],
            projects=[project_row("alpha")],
            practices=[practice_row("others-sheet")],
        )
        ensure_roles()
        cls.index = PracticeIndexPage.objects.get()
        # A partner in Spain writes in Spanish; the reviewer at Co-actions reads French.
        cls.contributor = make_user("lucia", PARTNER_CONTRIBUTORS, "es")
        cls.other = make_user("mario", PARTNER_CONTRIBUTORS, "en")
        cls.reviewer = make_user("rose", CO_ACTIONS_TEAM, "fr")
        others = PracticePage.objects.get(ref="others-sheet")
        others.owner = cls.other
        others.save()
        cls.others_sheet = others

    def create_sheet(self, title, word, action="action-submit"):
        self.client.force_login(self.contributor)
        slug = title.lower().replace(" ", "-")
        data = {
            "title_fr": title,
            "title_en": f"{title} (en)",
            "title_es": f"{title} (es)",
            "slug_fr": slug,
            "slug_en": f"{slug}-en",
            "slug_es": f"{slug}-es",
            "summary_fr": f"Une pratique sur le {word}.",
            "summary_en": f"A practice about {word}.",
            "summary_es": f"Una práctica sobre el {word}.",
            "context_fr": rich_text(f"<p>Le {word} au village.</p>"),
            "status": "ongoing",
            action: action,
        }
        response = self.client.post(
            f"/admin/pages/add/practices/practicepage/{self.index.pk}/",
            page_form(data, publish=False),
        )
        self.assertEqual(response.status_code, 302)
        return PracticePage.objects.get(slug_fr=slug)

    def test_a_title_left_empty_in_the_editors_language_stays_empty(self):
        # Mario's admin is in English, Lucia's in Spanish: each writes French only.
        for user, ref in ((self.other, "only-fr-en"), (self.contributor, "only-fr-es")):
            self.client.force_login(user)
            data = {
                "title_fr": f"Habitat partagé {ref}",
                "summary_fr": "Une pratique.",
                "status": "ongoing",
                "action-submit": "action-submit",
                **{f"{name}_{code}": "" for name in ("title", "slug") for code in ("en", "es")},
                "slug_fr": "",
                "summary_en": "",
                "summary_es": "",
            }
            response = self.client.post(
                f"/admin/pages/add/practices/practicepage/{self.index.pk}/",
                page_form(data, publish=False),
            )
            self.assertEqual(response.status_code, 302, ref)
            page = PracticePage.objects.get(title_fr=f"Habitat partagé {ref}")
            self.assertFalse(page.title_en or page.title_es, ref)
            self.assertFalse(page.get_latest_revision_as_object().title_en, ref)
            self.assertEqual(translation_statuses(page), STATUSES_FR_ONLY, ref)

    def post_sheet(self, user, action, **values):
        self.client.force_login(user)
        data = {
            "status": "ongoing",
            action: action,
            **{
                f"{name}_{code}": ""
                for name in ("title", "slug", "summary")
                for code in ["fr", "en", "es"]
            },
            **values,
        }
        return self.client.post(
            f"/admin/pages/add/practices/practicepage/{self.index.pk}/",
            page_form(data, publish=False),
        )

    def test_a_partner_writes_her_sheet_in_spanish_only(self):
        response = self.post_sheet(
            self.contributor,
            "action-submit",
            title_es="Huertos compartidos en Valencia",
            summary_es="Vecinos que cultivan juntos.",
        )
        self.assertEqual(response.status_code, 302)
        page = PracticePage.objects.get(title_es="Huertos compartidos en Valencia")
        # Nothing of hers is copied into French: the team translates it.
        self.assertEqual((page.title_fr or "", page.summary_fr or ""), ("", ""))
        self.assertEqual(page.get_latest_revision_as_object().title_fr or "", "")
        self.assertEqual(page.current_workflow_state.status, "in_progress")
        # The reviewer's admin names it by the title it has.
        self.assertEqual(page.draft_title, "Huertos compartidos en Valencia")
        # Every language has an address: French's serves those without a title.
        self.assertEqual(page.slug_fr, "huertos-compartidos-en-valencia")
        self.assertEqual(page.slug_es, "huertos-compartidos-en-valencia")
        self.assertEqual(
            translation_statuses(page), {"fr": "missing", "en": "missing", "es": "complete"}
        )
        # Published by the team, it is shown in French in Spanish, and says so.
        self.assertEqual(self.act(page, "approve").status_code, 302)
        page.refresh_from_db()
        self.assertTrue(page.live)
        with translation.override("fr"):
            url = page.get_url()
        shown = self.client.get(url)
        self.assertEqual(shown.status_code, 200)
        title = BeautifulSoup(shown.content.decode(), "html.parser").find("h1")
        self.assertIn("Huertos compartidos en Valencia", title.get_text())
        self.assertEqual(title.find_parent(attrs={"lang": True})["lang"], "es")

    def test_the_review_preview_shows_a_sheet_in_a_language_it_is_written_in(self):
        self.post_sheet(
            self.contributor,
            "action-submit",
            title_es="Huertos compartidos en Valencia",
            summary_es="Vecinos que cultivan juntos.",
        )
        spanish = PracticePage.objects.get(title_es="Huertos compartidos en Valencia")
        three = self.create_sheet("Jardins partagés", "jardin")
        self.client.force_login(self.reviewer)
        dashboard = BeautifulSoup(self.client.get("/admin/").content.decode(), "html.parser")
        english_reviewer = make_user("ed", CO_ACTIONS_TEAM, "en")
        # Rose reads French: Lucía's sheet in Spanish, as she wrote it, not a French page
        # saying it is in Spanish; Ed reads English, which the other sheet has.
        for reviewer, page, lang in (
            (self.reviewer, spanish, "es"),
            (self.reviewer, three, "fr"),
            (english_reviewer, three, "en"),
        ):
            task = page.current_workflow_state.current_task_state.task
            url = reverse("wagtailadmin_pages:workflow_preview", args=(page.pk, task.pk))
            self.assertIsNotNone(dashboard.find("a", href=url))
            self.client.force_login(reviewer)
            preview = BeautifulSoup(self.client.get(url).content.decode(), "html.parser")
            self.assertEqual(preview.html["lang"], lang)
            self.assertNotIn("does not exist in", preview.get_text(), lang)

    def test_a_draft_needs_a_title_in_one_language(self):
        response = self.post_sheet(self.contributor, "action-save", summary_es="Sin título.")
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        # Refused on her own language's tab, naming what the other tabs would need.
        self.assertIn("title_es", form.errors)
        self.assertNotIn("title_fr", form.errors)
        # In her language.
        self.assertIn("Obligatorio al menos en un idioma", form.errors["title_es"][0])
        self.assertFalse(PracticePage.objects.filter(summary_es="Sin título.").exists())
        response = self.post_sheet(self.contributor, "action-save", title_en="Shared gardens")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(PracticePage.objects.filter(title_en="Shared gardens").exists())

    def test_submitting_needs_a_summary_in_one_language(self):
        response = self.post_sheet(self.other, "action-submit", title_en="Repair café")
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        # Mario's admin is in English and he wrote English: that tab is marked.
        self.assertEqual(sorted(errors), ["summary_en"])
        self.assertFalse(PracticePage.objects.filter(title_en="Repair café").exists())
        # Any language will do, as in the import: French fills in with the fallback.
        response = self.post_sheet(
            self.other, "action-submit", title_en="Repair café", summary_fr="Un résumé."
        )
        self.assertEqual(response.status_code, 302)

    def act(self, page, action, comment=""):
        task_state = page.current_workflow_state.current_task_state
        self.client.force_login(self.reviewer)
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
        return self.client.post(url, {"comment": comment})

    def search(self, word):
        return self.client.get("/api/search/", {"q": word}).json()

    def test_submit_approve_publish_and_emails(self):
        page = self.create_sheet("Vélo partagé", "vélocargo")
        self.assertFalse(page.live)
        self.assertEqual(page.owner, self.contributor)
        self.assertEqual(page.current_workflow_state.status, "in_progress")
        self.assertEqual(self.search("vélocargo")["count"], 0)

        # The reviewer is told, in French.
        [submitted] = [m for m in mail.outbox if "rose@example.org" in m.to]
        self.assertEqual(submitted.to, ["rose@example.org"])
        self.assertIn("Vélo partagé", submitted.subject)
        self.assertIn("a été soumise", submitted.subject)
        self.assertIn("Validation par l'équipe Co-actions", submitted.body)
        self.assertNotIn("lucia@example.org", [to for m in mail.outbox for to in m.to])

        # ...and sees the sheet on the dashboard, waiting for review.
        self.client.force_login(self.reviewer)
        dashboard = self.client.get("/admin/")
        self.assertContains(dashboard, "Vélo partagé")
        self.assertContains(dashboard, reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        # The edit page's status panel names the workflow and its task in French.
        editing = self.client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        text = html.unescape(editing.content.decode())
        self.assertIn("Relecture par l'équipe Co-actions", text)
        self.assertIn("Validation par l'équipe Co-actions", text)
        self.assertNotIn(REVIEW_WORKFLOW, text)

        mail.outbox.clear()
        # Publishing updates the search indexes once the transaction commits.
        with self.captureOnCommitCallbacks(execute=True):
            response = self.act(page, "approve", comment="Merci !")
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.current_workflow_state, None)
        found = self.search("vélocargo")
        self.assertEqual([r["title"] for r in found["results"]], ["Vélo partagé"])

        # The contributor is told, in Spanish.
        [approved] = mail.outbox
        self.assertEqual(approved.to, ["lucia@example.org"])
        self.assertIn("aprobada", approved.subject)
        self.assertIn("Vélo partagé", approved.subject)
        self.assertIn("Revisión por el equipo Co-actions", approved.body)
        self.assertEqual(approved.from_email, "Co-actions <noreply@localhost>")

    def test_request_changes_tells_the_contributor(self):
        page = self.create_sheet("Atelier couture", "couture")
        mail.outbox.clear()
        response = self.act(page, "reject", comment="Ajoutez les résultats.")
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_state.status, "needs_changes")
        [rejected] = mail.outbox
        self.assertEqual(rejected.to, ["lucia@example.org"])
        self.assertIn("rechazada", rejected.subject)
        self.assertIn("Ajoutez les résultats.", rejected.body)
        # The contributor can still edit their sheet and submit it again.
        self.client.force_login(self.contributor)
        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        self.assertEqual(self.client.get(edit).status_code, 200)

    def changes_requested_panel(self, user):
        self.client.force_login(user)
        soup = BeautifulSoup(self.client.get("/admin/").content.decode(), "html.parser")
        return soup.select_one("#contribute-heading").find_parent("section")

    def test_the_contributors_dashboard_shows_the_reviewers_request_for_changes(self):
        self.reviewer.first_name, self.reviewer.last_name = "Rose", "Martin"
        self.reviewer.save()
        page = self.create_sheet("Atelier couture", "couture")
        self.create_sheet("Jardin partagé", "jardin", action="action-save")
        self.act(page, "reject", comment="Ajoutez les résultats.\n<script>alert(1)</script>")
        panel = self.changes_requested_panel(self.contributor)
        text = " ".join(panel.get_text(" ").split())
        # In the contributor's language (Spanish), with who asked and what they said.
        self.assertIn("Cambios solicitados por Rose Martin el", text)
        self.assertIn("Atelier couture", text)
        self.assertIn("Ajoutez les résultats.", text)
        # The comment is shown as text, never run as HTML.
        self.assertIn("<script>alert(1)</script>", text)
        self.assertIsNone(panel.select_one("script"))
        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        link = panel.select_one(f'a[href="{edit}"]')
        self.assertEqual(link.get_text(strip=True), "Editar y volver a enviar")
        # Counted apart: sent back for changes is not a draft never submitted.
        self.assertIn("1 ficha con cambios solicitados", text)
        self.assertIn("1 borrador aún sin enviar", text)
        self.assertIn("0 fichas en revisión", text)

    def test_the_edit_page_shows_the_request_for_changes_until_resubmitted(self):
        page = self.create_sheet("Atelier couture", "couture")
        self.act(page, "reject", comment="Ajoutez <b>les résultats</b>.")
        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        for user, phrase in (
            (self.contributor, "Cambios solicitados por rose el"),
            (self.reviewer, "Modifications demandées par rose le"),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                soup = BeautifulSoup(self.client.get(edit).content.decode(), "html.parser")
                banner = soup.select_one("[data-changes-requested-banner]")
                self.assertIsNotNone(banner)
                text = " ".join(banner.get_text(" ").split())
                self.assertIn(phrase, text)
                self.assertIn("Ajoutez <b>les résultats</b>.", text)
                self.assertIsNone(banner.select_one("blockquote b"))
        # Submitted again: the team has not answered yet, the banner is gone.
        self.client.force_login(self.contributor)
        page.refresh_from_db()
        response = self.client.post(
            edit, edit_form(page, publish=False, **{"action-submit": "action-submit"})
        )
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_state.status, "in_progress")
        self.assertNotContains(self.client.get(edit), "data-changes-requested-banner")
        panel = self.changes_requested_panel(self.contributor)
        self.assertIsNone(panel.select_one("[data-changes-requested]"))
        self.assertIn("1 ficha en revisión", " ".join(panel.get_text(" ").split()))

    def test_the_teams_dashboard_puts_awaiting_review_first(self):
        self.create_sheet("Atelier couture", "couture")
        self.client.force_login(self.reviewer)
        soup = BeautifulSoup(self.client.get("/admin/").content.decode(), "html.parser")
        headings = [s["aria-labelledby"] for s in soup.select("section[aria-labelledby]")]
        awaiting = headings.index("awaiting-review-heading")
        for ours in ("translations-to-do-heading", "sheets-to-check-heading"):
            if ours in headings:
                self.assertLess(awaiting, headings.index(ours), headings)
        self.assertIn("sheets-to-check-heading", headings)

    def assert_refused(self, url):
        response = self.client.get(url)
        # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with an
        # error message ("Sorry, you do not have permission to access this area.").
        self.assertEqual(response.status_code, 302, url)
        self.assertEqual(response["Location"], reverse("wagtailadmin_home"), url)

    def test_a_contributor_edits_only_their_own_sheets(self):
        self.client.force_login(self.contributor)
        for page in (
            self.others_sheet,
            PartnerPage.objects.get(ref="coop"),
            ProjectPage.objects.get(ref="alpha"),
            self.index,
        ):
            self.assert_refused(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        for model in ("partners/partnerpage", "projects/projectpage"):
            parent = Page.objects.type(
                PartnerIndexPage if "partner" in model else ProjectIndexPage
            ).get()
            self.assert_refused(f"/admin/pages/add/{model}/{parent.pk}/")
        self.assert_refused("/admin/settings/home/sitesettings/")
        self.assert_refused("/admin/groups/")
        self.assert_refused(reverse("catalogue_translations_report"))
        dashboard = self.client.get("/admin/")
        self.assertEqual(dashboard.status_code, 200)
        self.assertNotContains(dashboard, "translations-to-do-heading")
        # The add form is theirs.
        add = f"/admin/pages/add/practices/practicepage/{self.index.pk}/"
        self.assertEqual(self.client.get(add).status_code, 200)

    def test_the_catalogue_menu_lists_the_types_the_user_has_something_to_do_with(self):
        for user, shown in (
            (self.contributor, {"practices"}),
            (self.reviewer, {"practices", "partners", "projects"}),
        ):
            self.client.force_login(user)
            page = self.client.get("/admin/").content.decode()
            for sheet in ("practices", "partners", "projects"):
                with self.subTest(user=user.username, sheet=sheet):
                    link = f"/admin/catalogue/{sheet}/"
                    self.assertEqual(link in page, sheet in shown)

    def test_the_catalogue_listings_offer_to_add_only_what_the_user_may_add(self):
        for user, addable in (
            (self.contributor, {"practices"}),
            (self.reviewer, {"practices", "partners", "projects"}),
        ):
            self.client.force_login(user)
            for sheet in ("practices", "partners", "projects"):
                with self.subTest(user=user.username, sheet=sheet):
                    response = self.client.get(f"/admin/catalogue/{sheet}/")
                    self.assertEqual(response.status_code, 200)
                    choose = f"/admin/catalogue/{sheet}/choose_parent/"
                    if sheet in addable:
                        self.assertContains(response, f'href="{choose}"')
                    else:
                        self.assertNotContains(response, choose)

    def test_a_contributor_is_shown_their_own_sheets_not_other_partners(self):
        own = self.create_sheet("Jardin partagé", "jardin", action="action-save")
        index = self.index.pk
        places = (
            "/admin/catalogue/practices/",
            f"/admin/pages/{index}/",
            f"/admin/api/main/pages/?child_of={index}&for_explorer=1&fields=title",
        )
        for user, shown in (
            (self.contributor, {own.title}),
            (self.reviewer, {own.title, self.others_sheet.title}),
        ):
            self.client.force_login(user)
            for url in places:
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    for title in (own.title, self.others_sheet.title):
                        self.assertEqual(title in response.content.decode(), title in shown)
            # The admin search echoes the words searched: a result is its page's links
            # (edit, history).
            for page in (own, self.others_sheet):
                with self.subTest(user=user.username, search=page.title):
                    response = self.client.get("/admin/pages/search/", {"q": page.title})
                    self.assertEqual(response.status_code, 200)
                    soup = BeautifulSoup(response.content.decode(), "html.parser")
                    link = f"/admin/pages/{page.pk}/"
                    self.assertEqual(bool(soup.select(f'a[href^="{link}"]')), page.title in shown)
                    if page.title in shown:
                        # The table's header counts them by name ("1-1 of 1 page").
                        header = soup.select_one("th.title").get_text(" ", strip=True)
                        self.assertNotIn("None", header)
                    # Nor counted beside the results: "All (N)", then N by page type.
                    types = soup.select('nav[aria-labelledby="page-types-title"] li')
                    counts = [int(re.search(r"\((\d+)\)", li.get_text()).group(1)) for li in types]
                    expected = 1 if page.title in shown else 0
                    self.assertEqual((counts[0], sum(counts[1:])), (expected, expected))
        # The dashboard's "N Pages" counts what its link shows: the index and their sheet.
        self.client.force_login(self.contributor)
        dashboard = BeautifulSoup(self.client.get("/admin/").content.decode(), "html.parser")
        summary = dashboard.select_one(f'.w-summary a[href="/admin/pages/{index}/"]')
        self.assertEqual(summary.get_text().split()[0], "2")
        # The sidebar's explorer still leads the contributor to the index they add under.
        self.client.force_login(self.contributor)
        home = self.index.get_parent().pk
        response = self.client.get(f"/admin/api/main/pages/?child_of={home}&for_explorer=1")
        self.assertIn(index, [item["id"] for item in response.json()["items"]])

    def test_reports_on_the_whole_site_are_for_the_team(self):
        # The site history names other partners' drafts, as the page types' usage does
        # (the last page edited of each type).
        self.client.force_login(self.other)
        saved = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.others_sheet.pk]),
            edit_form(self.others_sheet, publish=False, title_fr="Brouillon secret de Mario"),
        )
        self.assertEqual(saved.status_code, 302)
        reports = ("site-history", "aging-pages", "page-types-usage")
        for user, allowed in ((self.contributor, False), (self.reviewer, True)):
            self.client.force_login(user)
            menu = self.client.get("/admin/").content.decode()
            for report in reports:
                for url in (f"/admin/reports/{report}/", f"/admin/reports/{report}/results/"):
                    with self.subTest(user=user.username, url=url):
                        self.assertEqual(f"/admin/reports/{report}/" in menu, allowed)
                        response = self.client.get(url)
                        self.assertEqual(response.status_code, 200 if allowed else 302)
                        if not allowed:
                            self.assertEqual(response["Location"], "/admin/")
            # Their own review work stays in reach.
            self.assertEqual(self.client.get("/admin/reports/workflow/").status_code, 200)
        # What the team sees there.
        usage = self.client.get("/admin/reports/page-types-usage/")
        self.assertContains(usage, "Brouillon secret de Mario")

    def test_any_permission_but_add_shows_every_catalogue_page_below_it(self):
        group = Group.objects.create(name="Proofreaders")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        GroupPagePermission.objects.create(
            group=group,
            page=self.index,
            permission=Permission.objects.get(codename="lock_page"),
        )
        for user, shown in (
            (make_user("lena", "Proofreaders", "fr"), True),
            (self.contributor, False),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                listing = self.client.get(f"/admin/pages/{self.index.pk}/")
                self.assertEqual(listing.status_code, 200)
                self.assertEqual(self.others_sheet.title in listing.content.decode(), shown)

    def test_a_contributors_dashboard_says_what_to_do_and_where_their_sheets_stand(self):
        self.create_sheet("Jardin partagé", "jardin", action="action-save")
        self.create_sheet("Vélo partagé", "vélocargo")
        self.client.force_login(self.contributor)
        panel = BeautifulSoup(self.client.get("/admin/").content.decode(), "html.parser")
        panel = panel.select_one("#contribute-heading").find_parent("section")
        text = " ".join(panel.get_text(" ").split())
        self.assertIn("Tus fichas prácticas", text)
        self.assertIn("1 borrador aún sin enviar", text)
        self.assertIn("1 ficha en revisión", text)
        self.assertIn("0 fichas publicadas", text)
        # The tab holding themes and countries, which the language tabs hide.
        self.assertIn("están en la pestaña «Todos los idiomas»", text)
        add = f"/admin/pages/add/practices/practicepage/{self.index.pk}/"
        self.assertIsNotNone(panel.select_one(f'a[href="{add}"]'))
        # The team, who publish, have their own panels instead.
        self.client.force_login(self.reviewer)
        self.assertNotContains(self.client.get("/admin/"), "contribute-heading")

    def test_search_engine_texts_menus_and_reference_are_the_teams(self):
        page = self.create_sheet("Four solaire", "four", action="action-save")
        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        promotion = ("seo_title_fr", "search_description_es", "show_in_menus", "ref")
        self.client.force_login(self.contributor)
        form = self.client.get(edit)
        # She names her language version's address, nothing else of the Promote tab.
        self.assertContains(form, 'name="slug_es"')
        for name in promotion:
            self.assertNotContains(form, f'name="{name}"')
        ref = page.ref
        # What a forged form sends for those fields is ignored.
        self.client.post(
            edit, edit_form(page, publish=False, ref="hijacked", seo_title_fr="Achetez ici")
        )
        page.refresh_from_db()
        draft = page.get_latest_revision_as_object()
        self.assertEqual(draft.ref, ref)
        self.assertFalse(draft.seo_title_fr)

        self.client.force_login(self.reviewer)
        form = self.client.get(edit)
        for name in promotion:
            self.assertContains(form, f'name="{name}"')
        self.client.post(edit, edit_form(page, publish=False, seo_title_fr="Un four solaire"))
        page.refresh_from_db()
        self.assertEqual(page.get_latest_revision_as_object().seo_title_fr, "Un four solaire")

    def test_marking_a_sheet_checked_is_the_teams(self):
        # The date takes a sheet off the team's "Sheets to check" report.
        page = self.create_sheet("Four à pain", "pain", action="action-save")
        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        self.client.force_login(self.contributor)
        self.assertNotContains(self.client.get(edit), 'name="last_reviewed"')
        self.client.post(edit, edit_form(page, publish=False, last_reviewed="2026-01-05"))
        self.assertIsNone(
            PracticePage.objects.get(pk=page.pk).get_latest_revision_as_object().last_reviewed
        )
        self.client.force_login(self.reviewer)
        self.assertContains(self.client.get(edit), 'name="last_reviewed"')
        self.client.post(edit, edit_form(page, publish=False, last_reviewed="2026-01-05"))
        draft = PracticePage.objects.get(pk=page.pk).get_latest_revision_as_object()
        self.assertEqual(draft.last_reviewed.isoformat(), "2026-01-05")

    def test_a_contributor_cannot_publish(self):
        page = self.create_sheet("Jardin partagé", "jardin", action="action-save")
        self.client.force_login(self.contributor)
        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        form = self.client.get(edit)
        self.assertEqual(form.status_code, 200)
        self.assertNotContains(form, 'name="action-publish"')
        self.assertContains(form, 'name="action-submit"')
        response = self.client.post(edit, edit_form(page, publish=True))
        # Wagtail ignores the publish action of a user who may not publish: it saves a
        # draft and returns to the edit form.
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], edit)
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(self.search("jardin")["count"], 0)


class WorkflowNameTests(TestCase):
    """The workflow and its task are stored under English keys, shown translated."""

    @classmethod
    def setUpTestData(cls):
        build_site()
        ensure_roles()

    def test_the_admin_lists_the_workflow_in_the_editors_language(self):
        editor = make_user("ana", CO_ACTIONS_TEAM, "es")
        editor.is_superuser = True
        editor.save()
        self.client.force_login(editor)
        listing = self.client.get(reverse("wagtailadmin_workflows:index"))
        self.assertContains(listing, "Revisión por el equipo Co-actions")
        self.assertContains(listing, "Aprobación por el equipo Co-actions")
        self.assertNotContains(listing, REVIEW_WORKFLOW)

    def test_the_reviewers_comment_box_is_labelled_in_the_editors_language(self):
        # The "Request changes" and "Approve with comment" dialogs' one field.
        for language, label in (("en", "Comment"), ("es", "Comentario")):
            with translation.override(language):
                self.assertEqual(str(TaskStateCommentForm()["comment"].label), label)

    def test_the_page_history_names_the_workflow_in_the_readers_language(self):
        page = PracticePage.objects.first() or PracticeIndexPage.objects.get()
        entry = PageLogEntry.objects.log_action(
            page,
            "wagtail.workflow.approve",
            data={
                "workflow": {
                    "id": 1,
                    "title": REVIEW_WORKFLOW,
                    "status": "approved",
                    "task": {"id": 2, "title": REVIEW_TASK},
                    "next": None,
                },
            },
        )
        for lang, workflow, task in (
            ("fr", "Relecture par l'équipe Co-actions", "Validation par l'équipe Co-actions"),
            ("es", "Revisión por el equipo Co-actions", "Aprobación por el equipo Co-actions"),
        ):
            with self.subTest(lang=lang), translation.override(lang):
                message = str(PageLogEntry.objects.get(pk=entry.pk).message)
                self.assertIn(workflow, message)
                self.assertIn(task, message)
                self.assertNotIn(REVIEW_TASK, message)

    def test_saving_a_translated_name_keeps_the_key(self):
        workflow = Workflow.objects.get(name=REVIEW_WORKFLOW)
        # As the French edit form sends it back, typographic apostrophe included.
        workflow.name = "Relecture par l\u2019équipe  Co-actions"
        workflow.save()
        self.assertTrue(Workflow.objects.filter(name=REVIEW_WORKFLOW).exists())
        call_command("setup_site", stdout=StringIO())
        self.assertEqual(Workflow.objects.filter(name=REVIEW_WORKFLOW).count(), 1)

    def test_other_names_are_left_as_typed(self):
        workflow = Workflow.objects.create(name="Relecture juridique")
        workflow.refresh_from_db()
        self.assertEqual(str(workflow), "Relecture juridique")
