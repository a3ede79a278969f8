"""Exports: the open-data export (public pages only) and the staff export (every page).

`export_catalogue(path)` is the open data: live pages the public may see, every theme, and
no reference to a page left out. `export_catalogue(path, everything=True)` is the staff
export, for round trips of the whole catalogue: every page, with its `published` state.
`export_catalogue(path, template=True)` writes an empty workbook to fill in by hand.

The open data says what it is (sheets.OPEN_DATA), where editing keeps it: in its README
sheet (readme.MARKER_ROW), or as a first key of the JSON file, `"metadata": {"kind":
"open-data", ...}` (then its licence, source and time). Imported back, it would remove
the links to the pages it leaves out: the importer refuses it then (catalogue.io.write).
"""

import json
from collections import OrderedDict
from pathlib import Path

from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation

from wagtail.models import PageLogEntry, Site

from core.i18n import LANGUAGE_CODES
from core.structured_data import LICENCE
from core.visibility import public_pages

from .. import registry
from .conflicts import UNPUBLISH_ACTIONS
from .errors import CatalogueError, unsupported_format
from .sheets import METADATA_KEY, OPEN_DATA, sheet_columns
from .spreadsheet import write_xlsx


def export_queryset(sheet_type, everything=False):
    model = sheet_type.model
    if sheet_type.is_page:
        if not everything:
            return public_pages(model.objects.all()).order_by(sheet_type.key)
        # When each page was last unpublished: the staff export's `updated_at` covers it.
        unpublished = PageLogEntry.objects.filter(
            page_id=OuterRef("pk"), action__in=UNPUBLISH_ACTIONS
        ).order_by("-timestamp")
        return model.objects.annotate(
            unpublished_at=Subquery(unpublished.values("timestamp")[:1])
        ).order_by(sheet_type.key)
    return model.objects.order_by("pk")


def _as_edited(obj):
    """A page that is not live is exported as its latest revision: what editors see."""
    if getattr(obj, "live", True) or obj.latest_revision_id is None:
        return obj
    return obj.get_latest_revision_as_object()


def export_headers(everything=False):
    return {
        t.sheet: [h for column in sheet_columns(t, everything) for h in column.headers]
        for t in registry.types()
    }


def export_rows(everything=False):
    """{sheet: [row]}; the open-data rows leave out references to non-public pages."""
    data = OrderedDict()
    with translation.override(LANGUAGE_CODES[0]):
        for sheet_type in registry.types():
            columns = sheet_columns(sheet_type, published=everything)
            data[sheet_type.sheet] = []
            for obj in export_queryset(sheet_type, everything):
                if everything and sheet_type.is_page:
                    live = obj.live
                    moments = (
                        obj.last_published_at,
                        obj.latest_revision_created_at,
                        obj.unpublished_at,
                    )
                    obj = _as_edited(obj)
                    # The latest draft, with the page's state; its `updated_at` covers the
                    # draft the row holds and its unpublishing, so importing the row back
                    # is no conflict.
                    obj.live = live
                    obj.last_published_at = max(
                        (moment for moment in moments if moment), default=None
                    )
                row = OrderedDict()
                for column in columns:
                    row.update(column.read_row(obj))
                data[sheet_type.sheet].append(row)
    exported = {t.sheet: {row[t.key] for row in data[t.sheet]} for t in registry.types()}
    for sheet_type in registry.types():
        for column in sheet_type.io_columns():
            for row in data[sheet_type.sheet]:
                column.keep_refs(row, exported)
    return data


def open_data_metadata():
    """What the open data is, under which licence, from where and when: `kind` first, as
    the importer reads it (sheets.OPEN_DATA)."""
    site = Site.objects.filter(is_default_site=True).first()
    return {
        "kind": OPEN_DATA,
        "licence": LICENCE,
        "source": site.root_url if site else "",
        "exported_at": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def export_catalogue(path, everything=False, template=False):
    """Write the export to `path` (.json or .xlsx); return the row count per sheet."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".json", ".xlsx"} or (template and suffix != ".xlsx"):
        raise CatalogueError([unsupported_format(path)])
    if template:
        everything = True
        data = OrderedDict((t.sheet, []) for t in registry.types())
    else:
        data = export_rows(everything)
    counts = {sheet: len(rows) for sheet, rows in data.items()}
    open_data = not everything
    if suffix == ".json":
        if open_data:
            data = {METADATA_KEY: open_data_metadata(), **data}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        write_xlsx(path, data, export_headers(everything), open_data)
    return counts
