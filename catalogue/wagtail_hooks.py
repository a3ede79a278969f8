from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.log_actions import LogFormatter

from . import admin_exports, admin_translations, admin_views, admin_visibility, workflow_names
from .io.conflicts import IMPORT_ACTION


@hooks.register("register_admin_urls")
def register_catalogue_import_urls():
    urls = [
        path("", admin_views.CatalogueImportUploadView.as_view(), name="upload"),
        path("<uuid:pk>/", admin_views.CatalogueImportJobView.as_view(), name="job"),
        path("<uuid:pk>/status/", admin_views.CatalogueImportStatusView.as_view(), name="status"),
        path(
            "<uuid:pk>/confirm/", admin_views.CatalogueImportConfirmView.as_view(), name="confirm"
        ),
        path(
            "<uuid:pk>/report.xlsx",
            admin_views.CatalogueImportReportDownloadView.as_view(),
            name="report",
        ),
        path(
            "download/<slug:kind>.<slug:extension>",
            admin_exports.CatalogueDownloadView.as_view(),
            name="download",
        ),
    ]
    return [path("catalogue-import/", include((urls, "catalogue_import")))]


class CatalogueImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.user_can_import(request.user)


@hooks.register("register_settings_menu_item")
def register_catalogue_import_menu_item():
    return CatalogueImportMenuItem(
        _("Import the catalogue"),
        reverse("catalogue_import:upload"),
        name="catalogue-import",
        icon_name="upload",
        order=900,
    )


# ---------------------------------------------------------------------------
# The catalogue pages the admin shows a user: those they may act on (admin_visibility)


@hooks.register("construct_explorer_page_queryset")
def hide_others_catalogue_pages(parent_page, pages, request):
    # The page explorer, the sidebar's included.
    return admin_visibility.without_others_catalogue_pages(request.user, pages)


# After Wagtail's own hook (order 0), which adds the item replaced here.
@hooks.register("construct_homepage_summary_items", order=1)
def count_shown_pages(request, items):
    items[:] = [
        admin_visibility.ShownPagesSummaryItem(request) if type(item) is PagesSummaryItem else item
        for item in items
    ]


@hooks.register("construct_reports_menu")
def hide_site_reports(request, menu_items):
    if admin_visibility.adds_only(request.user):
        menu_items[:] = [i for i in menu_items if i.name not in admin_visibility.SITE_REPORTS]


# ---------------------------------------------------------------------------
# Translations: listings with a "FR EN ES" column, the report, the dashboard panel


@hooks.register("register_admin_viewset")
def register_catalogue_listings():
    return admin_translations.CatalogueViewSetGroup()


@hooks.register("register_admin_urls")
def register_translations_report_urls():
    view = admin_translations.TranslationsReportView
    return [
        path("reports/translations/", view.as_view(), name="catalogue_translations_report"),
        path(
            "reports/translations/results/",
            view.as_view(results_only=True),
            name="catalogue_translations_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translations_report_menu_item():
    return admin_translations.TranslationsReportMenuItem(
        _("Translations to do"),
        reverse("catalogue_translations_report"),
        name="translations-to-do",
        icon_name="doc-full",
        order=150,
    )


@hooks.register("construct_homepage_panels")
def add_translations_panel(request, panels):
    if admin_translations.user_can_see_translations(request.user):
        panels.append(admin_translations.TranslationsPanel())


# After Wagtail's own (order 0), whose workflow formatters it wraps.
hooks.register("register_log_actions", workflow_names.label_workflow_log_entries, order=1)


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    """The history entry of a revision written by an import (the marker hand-made files
    are checked against, catalogue.io.conflicts)."""

    @actions.register_action(IMPORT_ACTION)
    class ImportFormatter(LogFormatter):
        label = _("Import from a spreadsheet")

        def format_message(self, log_entry):
            return _("Imported from “%(file)s”") % {"file": log_entry.data.get("file", "")}


# Wagtail's "Awaiting your review" panel (order 220) is the team's most urgent work: above
# the site's own panels (orders 50 to 150). Registered late so that it sees every panel.
AWAITING_REVIEW_ORDER = 10


@hooks.register("construct_homepage_panels", order=100)
def put_awaiting_review_first(request, panels):
    for panel in panels:
        if getattr(panel, "name", None) == "workflow_objects_to_moderate":
            panel.order = AWAITING_REVIEW_ORDER


# ---------------------------------------------------------------------------
# The page editor's actions

RESTART_WORKFLOW = "action-restart-workflow"


@hooks.register("construct_page_action_menu")
def hide_restart_of_a_single_task_workflow(menu_items, request, context):
    """Wagtail offers a contributor whose sheet had changes requested both "Resubmit" and
    "Restart workflow": with a workflow of a single task, as the team's review is, a
    restart does what a resubmission does. It stays when it would start another
    workflow, the page's having changed since the submission. "Cancel workflow" stays:
    withdrawing a submission is legitimate."""
    if not any(item.name == RESTART_WORKFLOW for item in menu_items):
        return
    page = context["page"]
    workflow = page.get_workflow()
    state = page.current_workflow_state
    if (
        workflow is not None
        and state is not None
        and state.workflow_id == workflow.pk
        and workflow.tasks.filter(active=True).count() == 1
    ):
        menu_items[:] = [item for item in menu_items if item.name != RESTART_WORKFLOW]
