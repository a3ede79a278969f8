"""The page editor's workflow actions for a contributor whose sheet is under review: the
team's review has a single task, so "Restart workflow" would only repeat "Resubmit"
(catalogue/wagtail_hooks.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask
from wagtail.users.models import UserProfile

from bs4 import BeautifulSoup

from catalogue.roles import CO_ACTIONS_TEAM, PARTNER_CONTRIBUTORS, ensure_roles
from practices.models import PracticeIndexPage, PracticePage
from tests.factories.admin_forms import page_form, rich_text
from tests.factories.home import build_site

RESUBMIT = "action-submit"
RESTART = "action-restart-workflow"
CANCEL = "action-cancel-workflow"


def make_user(username, group, language):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group))
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": language})
    return user


@override_settings(OPENSEARCH_URL="", WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS=False)
class WorkflowMenuTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        ensure_roles()
        cls.index = PracticeIndexPage.objects.get()
        cls.contributor = make_user("lucia", PARTNER_CONTRIBUTORS, "es")
        cls.reviewer = make_user("rose", CO_ACTIONS_TEAM, "fr")

    def submit_sheet(self, contributor=None):
        self.client.force_login(contributor or self.contributor)
        data = {
            "title_es": "Huertos compartidos",
            "summary_es": "Vecinos que cultivan juntos.",
            "context_es": rich_text("<p>Un solar abandonado.</p>"),
            "status": "ongoing",
            RESUBMIT: RESUBMIT,
        }
        url = f"/admin/pages/add/practices/practicepage/{self.index.pk}/"
        response = self.client.post(url, page_form(data, publish=False))
        self.assertEqual(response.status_code, 302)
        return PracticePage.objects.get(title_es="Huertos compartidos")

    def request_changes(self, page):
        task_state = page.current_workflow_state.current_task_state
        self.client.force_login(self.reviewer)
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk))
        self.client.post(url, {"comment": "Añade los resultados."})
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_state.status, "needs_changes")

    def actions(self, page):
        """The names of the contributor's actions in the editor's footer."""
        self.client.force_login(self.contributor)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        self.assertEqual(response.status_code, 200)
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        return {button["name"] for button in soup.select("footer button[name^=action-]")}

    def test_changes_requested_resubmit_or_cancel_no_restart(self):
        page = self.submit_sheet()
        self.request_changes(page)
        actions = self.actions(page)
        self.assertIn(RESUBMIT, actions)
        self.assertIn(CANCEL, actions)
        self.assertNotIn(RESTART, actions)

    def test_a_workflow_of_two_tasks_can_be_restarted(self):
        # From its first task: not what a resubmission to the task that asked does.
        workflow = self.index.get_workflow()
        second = GroupApprovalTask.objects.create(name="Second reading")
        second.groups.add(Group.objects.get(name=CO_ACTIONS_TEAM))
        WorkflowTask.objects.create(workflow=workflow, task=second, sort_order=1)
        page = self.submit_sheet()
        self.request_changes(page)
        self.assertIn(RESTART, self.actions(page))

    def test_a_restart_into_another_workflow_stays(self):
        page = self.submit_sheet()
        self.request_changes(page)
        other = Workflow.objects.create(name="Other review")
        task = GroupApprovalTask.objects.create(name="Other reading")
        task.groups.add(Group.objects.get(name=CO_ACTIONS_TEAM))
        WorkflowTask.objects.create(workflow=other, task=task, sort_order=0)
        WorkflowPage.objects.filter(page=self.index).update(workflow=other)
        self.assertIn(RESTART, self.actions(page))

    def test_a_sheet_under_review_is_locked_in_french_without_a_gender(self):
        # Wagtail's: "Ce(tte) page est actuellement en attente de modération."
        contributor = make_user("claire", PARTNER_CONTRIBUTORS, "fr")
        page = self.submit_sheet(contributor)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        text = " ".join(BeautifulSoup(response.content.decode(), "html.parser").get_text().split())
        self.assertIn(
            "Page en attente de modération. Seuls les modérateurs de cette tâche peuvent y "
            "apporter des modifications.",
            text,
        )
        self.assertNotIn("ce(tte)", text.lower())
