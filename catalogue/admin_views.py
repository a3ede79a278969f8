"""Import the catalogue from the Wagtail admin: upload, read the dry-run report, confirm.

The uploaded file waits in settings.CATALOGUE_IMPORT_DIR (never web-served) under a random
token. The token is remembered in the uploader's session, so only they can confirm that
file, and only for TOKEN_MAX_AGE seconds; the file is deleted once imported, refused or
stale. The import itself is `import_catalogue`: all or nothing, as on the command line.
"""

import logging
import os
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import registry
from .io import CatalogueError, import_catalogue

logger = logging.getLogger(__name__)

PERMISSION = "catalogue.import_catalogue"
EXTENSIONS = (".xlsx", ".json")
MAX_UPLOAD_SIZE = 10 * 1024 * 1024
TOKEN_MAX_AGE = 60 * 60  # seconds between the upload and the confirmation
TOKEN_RE = re.compile(r"[0-9a-f]{32}")
STORED_NAME_RE = re.compile(r"[0-9a-f]{32}\.(xlsx|json)")
PENDING_SESSION_KEY = "catalogue_imports"
RESULT_SESSION_KEY = "catalogue_import_result"


def user_can_import(user):
    return user.is_active and user.has_perm(PERMISSION)


# ---------------------------------------------------------------------------
# Uploaded files, waiting for confirmation


def import_dir():
    path = Path(settings.CATALOGUE_IMPORT_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def stored_path(token, extension):
    if not TOKEN_RE.fullmatch(token) or extension not in EXTENSIONS:
        raise ValueError("invalid import token or extension")
    return import_dir() / f"{token}{extension}"


def store_upload(upload, extension):
    """Write the upload to a new private file; return its token."""
    token = secrets.token_hex(16)
    fd = os.open(stored_path(token, extension), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def purge_stale_files():
    """Delete the uploads nobody confirmed in time, whoever sent them."""
    cutoff = time.time() - TOKEN_MAX_AGE
    for path in import_dir().iterdir():
        if not STORED_NAME_RE.fullmatch(path.name):
            continue
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass  # already gone, or not ours to delete


def pending_uploads(request):
    """{token: entry} of this session's uploads that can still be confirmed."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict):
        return {}
    now, user = time.time(), str(request.user.pk)
    return {
        token: entry
        for token, entry in pending.items()
        if isinstance(entry, dict)
        and entry.get("user") == user
        and now - entry.get("uploaded", 0) < TOKEN_MAX_AGE
    }


def remember_upload(request, token, extension, name):
    pending = pending_uploads(request)
    pending[token] = {
        "extension": extension,
        "name": name,
        "uploaded": time.time(),
        "user": str(request.user.pk),
    }
    request.session[PENDING_SESSION_KEY] = pending


def take_upload(request, token):
    """Remove the token from the session; return its entry, or None if unknown or expired."""
    pending = pending_uploads(request)
    entry = pending.pop(token, None)
    request.session[PENDING_SESSION_KEY] = pending
    return entry


# ---------------------------------------------------------------------------
# Running the import


def run_import(path, name, dry_run, user=None):
    """Return (report, None) or (None, [error messages]); never raise on a bad file."""
    try:
        return import_catalogue(path, dry_run=dry_run, user=user), None
    except CatalogueError as exc:
        # The messages name the stored file; show the name the user knows instead.
        return None, [
            message.replace(str(path), name).replace(path.name, name) for message in exc.messages
        ]
    except Exception:
        logger.exception("Catalogue import of %r (%s) failed", name, path.name)
        return None, [
            _(
                "%(name)s: the file could not be read or imported (unexpected error). "
                "Check that it is a catalogue workbook or JSON file like the ones the "
                "export produces."
            )
            % {"name": name}
        ]


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
            "An XLSX workbook or a JSON file with the sheets themes, partners, projects "
            "and practices, %(size)s at most."
        ) % {"size": filesizeformat(MAX_UPLOAD_SIZE)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = Path(upload.name).suffix.lower()
        if extension not in EXTENSIONS:
            raise forms.ValidationError(
                _("“%(name)s” is not a .xlsx or .json file."),
                code="extension",
                params={"name": upload.name},
            )
        if upload.size > MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("This file is too large (%(size)s); the limit is %(limit)s."),
                code="size",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(MAX_UPLOAD_SIZE),
                },
            )
        return upload


class CatalogueConfirmForm(forms.Form):
    token = forms.CharField(
        widget=forms.HiddenInput,
        validators=[RegexValidator(r"\A[0-9a-f]{32}\Z")],
    )


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

    def render_report(self, subtitle, **context):
        """The validation report or the failed import: counts, or every error message."""
        self.page_subtitle = subtitle
        context.setdefault("form", CatalogueUploadForm())
        return TemplateResponse(
            self.request, "catalogue/admin/import_report.html", self.get_context_data(**context)
        )


class CatalogueImportUploadView(CatalogueImportMixin, FormView):
    """Upload a file, store it privately and show what importing it would do."""

    form_class = CatalogueUploadForm
    template_name = "catalogue/admin/import_upload.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        extension = Path(upload.name).suffix.lower()
        # Only the name shown back to the user is shortened; the extension comes first.
        name = Path(upload.name).name[:200]
        purge_stale_files()
        token = store_upload(upload, extension)
        path = stored_path(token, extension)
        report, errors = run_import(path, name, dry_run=True)
        if errors:
            path.unlink(missing_ok=True)
            return self.render_report(_("Validation report"), file_name=name, errors=errors)
        remember_upload(self.request, token, extension, name)
        rows = count_rows(report.counts)
        return self.render_report(
            _("Validation report"),
            file_name=name,
            rows=rows,
            totals=count_totals(rows),
            confirm_form=CatalogueConfirmForm(initial={"token": token}),
        )


class CatalogueImportConfirmView(CatalogueImportMixin, View):
    """Import, for real, a file this user uploaded and checked."""

    def get(self, request, *args, **kwargs):
        return redirect("catalogue_import:upload")

    def post(self, request, *args, **kwargs):
        form = CatalogueConfirmForm(request.POST)
        entry = take_upload(request, form.cleaned_data["token"]) if form.is_valid() else None
        if entry is None or entry.get("extension") not in EXTENSIONS:
            messages.error(
                request,
                _("This import is unknown or has expired. Upload the file again to check it."),
            )
            return redirect("catalogue_import:upload")
        path = stored_path(form.cleaned_data["token"], entry["extension"])
        name = entry.get("name") or path.name
        try:
            if not path.exists():
                messages.error(
                    request,
                    _("The uploaded file is no longer available. Upload it again to check it."),
                )
                return redirect("catalogue_import:upload")
            report, errors = run_import(path, name, dry_run=False, user=self.request.user)
        finally:
            path.unlink(missing_ok=True)
        if errors:
            return self.render_report(
                _("Import failed"), file_name=name, errors=errors, failed=True
            )

        rows = count_rows(report.counts)
        totals = count_totals(rows)
        request.session[RESULT_SESSION_KEY] = {
            "name": name,
            "counts": {row["sheet"]: {k: row[k] for k in totals} for row in rows},
        }
        messages.success(
            request,
            _(
                "Catalogue imported from “%(name)s”: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {"name": name, **totals},
        )
        return redirect("catalogue_import:result")


class CatalogueImportResultView(CatalogueImportMixin, TemplateView):
    """The counts of the last import this user confirmed."""

    template_name = "catalogue/admin/import_result.html"
    page_subtitle = gettext_lazy("Import complete")

    def get(self, request, *args, **kwargs):
        result = request.session.get(RESULT_SESSION_KEY)
        if not isinstance(result, dict) or not isinstance(result.get("counts"), dict):
            return redirect("catalogue_import:upload")
        rows = count_rows(result["counts"])
        return self.render_to_response(
            self.get_context_data(
                file_name=result.get("name", ""), rows=rows, totals=count_totals(rows)
            )
        )
