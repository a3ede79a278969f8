"""Downloads on the admin import page: the open-data and staff exports, and a template.

Staff who may import may download: the staff export holds unpublished pages.
"""

import tempfile
from pathlib import Path

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.generic import View

from .admin_views import CatalogueImportMixin
from .downloads import FORMATS
from .io import export_catalogue

# kind in the URL -> export_catalogue() options
KINDS = {
    "open-data": {},
    "all": {"everything": True},
    "template": {"template": True},
}


class CatalogueDownloadView(CatalogueImportMixin, View):
    def get(self, request, kind, extension):
        if kind not in KINDS or extension not in FORMATS:
            raise Http404
        if kind == "template" and extension != "xlsx":
            raise Http404
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"catalogue.{extension}"
            export_catalogue(path, **KINDS[kind])
            content = path.read_bytes()
        name = f"coactions-catalogue-{kind}-{timezone.localdate().isoformat()}.{extension}"
        response = HttpResponse(content, content_type=FORMATS[extension])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response
