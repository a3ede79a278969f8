"""The open-data export: every public page and theme, as JSON or XLSX."""

import json
from collections import OrderedDict
from pathlib import Path

from django.utils import translation

from core.i18n import LANGUAGE_CODES
from core.visibility import public_pages

from .. import registry
from .errors import CatalogueError, unsupported_format
from .spreadsheet import write_xlsx


def export_queryset(sheet_type):
    model = sheet_type.model
    if sheet_type.is_page:
        return public_pages(model.objects.all()).order_by(sheet_type.key)
    return model.objects.order_by("pk")


def export_rows():
    """{sheet: [row]}; references to pages the public cannot see are left out."""
    data = OrderedDict()
    with translation.override(LANGUAGE_CODES[0]):
        for sheet_type in registry.types():
            columns = sheet_type.io_columns()
            data[sheet_type.sheet] = []
            for obj in export_queryset(sheet_type):
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


def export_catalogue(path):
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".json", ".xlsx"}:
        raise CatalogueError([unsupported_format(path)])
    data = export_rows()
    if suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        write_xlsx(path, data)
    return {sheet: len(rows) for sheet, rows in data.items()}
