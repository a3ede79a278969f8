"""Import the catalogue from the Wagtail admin: upload, read the dry-run report, confirm.

The uploaded file waits in settings.CATALOGUE_IMPORT_DIR (catalogue.uploads). Checking
and importing it are tasks (catalogue.tasks, django-tasks): with the immediate backend
they run in the request, with the database backend in `manage.py db_worker`, so no
request waits for a long import. A `CatalogueImport` record holds each run; only its
author sees it, the page shows its progress (reloading itself with a static script, or
with a link) and then the report. A dry run that passed can be confirmed once, within
an hour; the import itself is the same service as the command's, all or nothing. An import
that would replace pages changed since the check is refused, and its page is the check
again (the new conflicts, the same buttons), the file kept for another hour.

An upload may be as large as the importer reads (catalogue.io.limits.MAX_FILE_BYTES, the
command's limit too). Django keeps an upload over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) in
a temporary file, which uploads.store_upload copies in chunks: a large file is never
held in memory whole.
"""

import logging
from pathlib import Path

from django import forms
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import registry, uploads
from .io import ImportReport, limits
from .models import CatalogueImport
from .tasks import run_catalogue_import

logger = logging.getLogger(__name__)

PERMISSION = "catalogue.import_catalogue"
EXTENSIONS = uploads.EXTENSIONS


def user_can_import(user):
    return user.is_active and user.has_perm(PERMISSION)


def start_import(user, file_name, stored_name, dry_run, overwrite_newer=False, checked=None):
    job = CatalogueImport.objects.create(
        user=user,
        file_name=file_name,
        stored_name=stored_name,
        dry_run=dry_run,
        overwrite_newer=overwrite_newer,
        checked=checked,
        language=translation.get_language() or "fr",
    )
    run_catalogue_import.enqueue(str(job.pk))
    return job


def count_rows(counts):
    """One row per sheet, in import order, labelled with the type's translated name."""
    rows = []
    for catalogue_type in registry.types():
        sheet_counts = counts.get(catalogue_type.sheet) or {}
        rows.append(
            {
                "sheet": catalogue_type.sheet,
                "label": capfirst(catalogue_type.label_plural),
                "created": sheet_counts.get("created", 0),
                "updated": sheet_counts.get("updated", 0),
                "unchanged": sheet_counts.get("unchanged", 0),
            }
        )
    return rows


def count_totals(rows):
    return {key: sum(row[key] for row in rows) for key in ("created", "updated", "unchanged")}


# ---------------------------------------------------------------------------
# Forms


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Catalogue file"),
        widget=forms.FileInput(attrs={"accept": ",".join(EXTENSIONS)}),
        error_messages={"required": gettext_lazy("Choose a .xlsx or .json file to import.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An XLSX workbook or a JSON file with the sheets themes, partners, projects, "
            "practices and glossary, %(size)s at most."
        ) % {"size": filesizeformat(limits.MAX_FILE_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = Path(upload.name).suffix.lower()
        if extension not in EXTENSIONS:
            raise forms.ValidationError(
                _("“%(name)s” is not a .xlsx or .json file."),
                code="extension",
                params={"name": upload.name},
            )
        # The importer's own limit, read at each upload: what the command accepts.
        if upload.size > limits.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("This file is too large (%(size)s); the limit is %(limit)s."),
                code="size",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limits.MAX_FILE_BYTES),
                },
            )
        return upload


class CatalogueConfirmForm(forms.Form):
    # Sent by the button "Import and overwrite these N newer changes", the only way to
    # import a checked file that has conflicts.
    overwrite_newer = forms.BooleanField(required=False)


# ---------------------------------------------------------------------------
# Views


class CatalogueImportMixin(WagtailAdminTemplateMixin):
    page_title = gettext_lazy("Import the catalogue")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        # Wagtail's own decorator turns PermissionDenied into a redirect to the dashboard;
        # a plain 403 page tells the user (and any script) clearly that access is refused.
        if not user_can_import(request.user):
            return TemplateResponse(
                request,
                "catalogue/admin/import_forbidden.html",
                {
                    "page_title": _("Permission denied"),
                    "header_title": _("Permission denied"),
                    "header_icon": "warning",
                },
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("catalogue_import:upload"), "label": self.page_title},
        ]
        if self.get_page_subtitle():
            items.append({"url": "", "label": self.get_page_subtitle()})
        return items


class CatalogueImportUploadView(CatalogueImportMixin, FormView):
    """Upload a file, store it privately and start checking it."""

    form_class = CatalogueUploadForm
    template_name = "catalogue/admin/import_upload.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        extension = Path(upload.name).suffix.lower()
        # Only the name shown back to the user is shortened; the extension comes first.
        name = Path(upload.name).name[:200]
        uploads.purge_stale_files()
        stored_name = uploads.store_upload(upload, extension)
        job = start_import(self.request.user, name, stored_name, dry_run=True)
        return redirect("catalogue_import:job", job.pk)


def own_job(request, pk):
    """The user's own import run, or 404 (someone else's is not found either)."""
    return get_object_or_404(CatalogueImport, pk=pk, user=request.user)


def confirmable(job):
    """A check that passed, not yet confirmed, whose file is still waiting: a dry run, or
    an import refused because pages changed since its check (the file checked again)."""
    passed = job.dry_run and job.status == CatalogueImport.Status.DONE
    if not (passed or job.status == CatalogueImport.Status.REFUSED):
        return False
    if CatalogueImport.objects.filter(checked=job).exists():
        return False
    age = (timezone.now() - job.created_at).total_seconds()
    return age < uploads.MAX_AGE and uploads.stored_path(job.stored_name).exists()


class CatalogueImportJobView(CatalogueImportMixin, View):
    """One import run: its progress, then its report (or problems) and what comes next."""

    def get(self, request, pk):
        job = own_job(request, pk)
        if job.is_check:
            self.page_subtitle = _("Validation report")
        else:
            self.page_subtitle = _("Import report")
        context = {"job": job, "finished": job.finished}
        if not job.finished:
            context["progress"] = uploads.read_progress(job.pk)
        elif job.report is not None:
            report = ImportReport.from_dict(job.report)
            rows = count_rows(report.counts)
            context.update(
                report=report,
                rows=rows,
                totals=count_totals(rows),
                sheets=[
                    {
                        "label": row["label"],
                        "sheet": row["sheet"],
                        **report.changes.get(row["sheet"], {}),
                    }
                    for row in rows
                ],
            )
            if confirmable(job):
                context["confirm_form"] = CatalogueConfirmForm()
        if job.finished and job.report is None or job.status == CatalogueImport.Status.FAILED:
            context["form"] = CatalogueUploadForm()
        return TemplateResponse(
            request, "catalogue/admin/import_job.html", self.get_context_data(**context)
        )


class CatalogueImportStatusView(CatalogueImportMixin, View):
    """The state of a run, as JSON, for the page's script to follow."""

    def get(self, request, pk):
        job = own_job(request, pk)
        return JsonResponse(
            {
                "status": job.status,
                "finished": job.finished,
                "progress": None if job.finished else uploads.read_progress(job.pk),
            }
        )


class CatalogueImportConfirmView(CatalogueImportMixin, View):
    """Import, for real, a file this user uploaded and checked."""

    def get(self, request, pk):
        return redirect("catalogue_import:job", pk)

    def post(self, request, pk):
        checked = own_job(request, pk)
        form = CatalogueConfirmForm(request.POST)
        if not form.is_valid() or not confirmable(checked):
            messages.error(
                request,
                _("This import is unknown or has expired. Upload the file again to check it."),
            )
            return redirect("catalogue_import:upload")
        overwrite_newer = form.cleaned_data["overwrite_newer"]
        if checked.report.get("conflicts") and not overwrite_newer:
            # The import would only be refused, and the checked file used up with it.
            messages.error(
                request,
                _(
                    "This file would replace newer changes: import it with “Import and "
                    "overwrite”, or upload a corrected file."
                ),
            )
            return redirect("catalogue_import:job", checked.pk)
        job = start_import(
            request.user,
            checked.file_name,
            checked.stored_name,
            dry_run=False,
            overwrite_newer=overwrite_newer,
            checked=checked,
        )
        return redirect("catalogue_import:job", job.pk)


class CatalogueImportReportDownloadView(CatalogueImportMixin, View):
    """A run's report as a spreadsheet."""

    def get(self, request, pk):
        job = own_job(request, pk)
        if job.report is None:
            raise Http404
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        stem = Path(job.file_name).stem or "catalogue"
        response["Content-Disposition"] = (
            f'attachment; filename="{_("report")}-{stem[:60]}.xlsx"'.encode(
                "ascii", "ignore"
            ).decode()
        )
        ImportReport.from_dict(job.report).write_xlsx(response)
        return response
