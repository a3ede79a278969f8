"""Freshness in the admin: the "Sheets to check" report, the "Mark as checked today"
bulk action in page listings and a dashboard panel counting the sheets due; and the
dashboard panel of partner contributors, who write sheets the team reviews."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.models import Page, WorkflowState

from catalogue.review_feedback import changes_requested_on

from .freshness import mark_checked, review_months, sheets_to_check
from .models import PracticeIndexPage, PracticePage
from .views import SheetsToCheckView


@hooks.register("register_admin_urls")
def register_freshness_urls():
    return [
        path(
            "reports/sheets-to-check/",
            SheetsToCheckView.as_view(),
            name="practices_sheets_to_check",
        ),
        path(
            "reports/sheets-to-check/results/",
            SheetsToCheckView.as_view(results_only=True),
            name="practices_sheets_to_check_results",
        ),
    ]


class SheetsToCheckMenuItem(MenuItem):
    def is_shown(self, request):
        return SheetsToCheckView.permission_policy.user_has_any_permission(
            request.user, SheetsToCheckView.any_permission_required
        )


@hooks.register("register_reports_menu_item")
def register_sheets_to_check_menu_item():
    return SheetsToCheckMenuItem(
        _("Sheets to check"),
        reverse("practices_sheets_to_check"),
        name="sheets-to-check",
        icon_name="date",
        order=650,
    )


class MarkCheckedBulkAction(PageBulkAction):
    """Sets "content last checked" to today on the selected practice sheets.

    Each sheet gets a new revision; a live sheet with no pending changes is published
    again, a sheet with a draft keeps it unpublished (core of practices.freshness).
    """

    display_name = _("Mark as checked today")
    action_type = "mark-checked"
    aria_label = _("Mark the selected practice sheets as checked today")
    template_name = "practices/bulk_mark_checked.html"
    action_priority = 80

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        sheets = [page for page in objects if page.specific_class is PracticePage]
        extra["not_sheets"] = [page for page in objects if page.specific_class is not PracticePage]
        return sheets, extra

    def check_perm(self, page):
        return page.permissions_for_user(self.request.user).can_edit()

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        count = 0
        for page in objects:
            if page.specific_class is PracticePage:
                mark_checked(page, user=user)
                count += 1
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d practice sheet marked as checked today.",
            "%(count)d practice sheets marked as checked today.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


hooks.register("register_bulk_action", MarkCheckedBulkAction)


class SheetsToCheckPanel(Component):
    name = "sheets_to_check"
    order = 150
    template_name = "practices/panels/sheets_to_check.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {
            "count": sheets_to_check().count(),
            "months": review_months(),
            "report_url": reverse("practices_sheets_to_check"),
        }


@hooks.register("construct_homepage_panels")
def add_sheets_to_check_panel(request, panels):
    if SheetsToCheckMenuItem("", "").is_shown(request):
        panels.append(SheetsToCheckPanel(request))


class ContributorPanel(Component):
    """What a partner contributor can do here, and where their sheets stand."""

    name = "contribute"
    order = 50
    template_name = "practices/panels/contribute.html"

    def __init__(self, index, user):
        self.index, self.user = index, user

    def get_context_data(self, parent_context=None):
        own = PracticePage.objects.filter(owner=self.user)
        # Through Page: workflow states name the base content type, not the sheet's.
        in_review = Page.objects.filter(
            pk__in=own.values("pk"), _workflow_states__status=WorkflowState.STATUS_IN_PROGRESS
        ).values("pk")
        # Sent back by the team: counted apart from the drafts never submitted, and shown
        # with the reviewer's comment.
        changes_requested = changes_requested_on(own)
        sent_back = [feedback["page"].pk for feedback in changes_requested]
        return {
            "add_url": reverse(
                "wagtailadmin_pages:add", args=("practices", "practicepage", self.index.pk)
            ),
            "drafts": own.filter(live=False)
            .exclude(pk__in=in_review)
            .exclude(pk__in=sent_back)
            .count(),
            "changes_requested": changes_requested,
            "in_review": own.filter(pk__in=in_review).count(),
            "published": own.filter(live=True).count(),
            "listing_url": reverse("catalogue_practices:index"),
        }


def contributor_index(user):
    """The practice index where `user` may add sheets but not publish them, if any."""
    for index in PracticeIndexPage.objects.all():
        permissions = index.permissions_for_user(user)
        if permissions.can_add_subpage() and not permissions.can_publish_subpage():
            return index
    return None


@hooks.register("construct_homepage_panels")
def add_contributor_panel(request, panels):
    index = contributor_index(request.user)
    if index is not None:
        panels.append(ContributorPanel(index, request.user))
