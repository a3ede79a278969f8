"""The "Sheets to check" report (Reports menu), with Wagtail's CSV and XLSX export."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.ui.tables.pages import PageStatusColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

from .freshness import review_months, sheets_to_check


class CheckedOnColumn(Column):
    """The day a sheet was last checked, as a date ("12 March 2025", not "1 year ago":
    the report is read against a number of months), or "Never"."""

    cell_template_name = "practices/tables/checked_on_cell.html"


class SheetsToCheckView(ReportView):
    page_title = _("Sheets to check")
    header_icon = "date"
    index_url_name = "practices_sheets_to_check"
    index_results_url_name = "practices_sheets_to_check_results"
    permission_policy = page_permission_policy
    # Drafts of every contributor are listed: only people who may publish see them.
    any_permission_required = ["publish"]
    paginate_by = 50
    export_filename = "sheets-to-check"
    columns = [
        TitleColumn("title", label=_("Title"), url_name="wagtailadmin_pages:edit"),
        CheckedOnColumn("checked_on", label=_("Content last checked")),
        PageStatusColumn("status", label=_("Status")),
        Column("ref", label=_("Sheet reference")),
    ]
    list_export = ["title_fr", "ref", "checked_on", "status_string", "url"]
    export_headings = {
        "title_fr": _("Title"),
        "ref": _("Sheet reference"),
        "checked_on": _("Content last checked"),
        "status_string": _("Status"),
        "url": _("Web address"),
    }

    def get_queryset(self):
        return sheets_to_check()

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Wagtail streams CSV after the view returns, when the admin user's language is
        # no longer active: write it now (the report is small) so headings and statuses
        # are in the user's language.
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        if getattr(response, "streaming", False):
            content = b"".join(
                chunk.encode() if isinstance(chunk, str) else chunk
                for chunk in response.streaming_content
            )
            streamed, response = response, HttpResponse(content)
            for header, value in streamed.items():
                response[header] = value
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review_months"] = review_months()
        return context
