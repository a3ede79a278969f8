"""XLSX workbooks: one sheet per catalogue type, a header row, one row per object."""

from zipfile import BadZipFile

from django.utils.translation import gettext as _

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from .. import registry
from ..columns import as_text
from .errors import CatalogueError, unknown_sheet
from .rows import Row


def read_xlsx(path):
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise CatalogueError(
            [
                _("%(file)s: not a readable XLSX workbook (%(error)s)")
                % {"file": path.name, "error": exc}
            ]
        ) from exc
    sheets = registry.by_sheet()
    errors = [unknown_sheet(name) for name in workbook.sheetnames if name not in sheets]
    rows, headers = {}, {}
    for sheet in sheets:
        rows[sheet], headers[sheet] = [], []
        if sheet not in workbook.sheetnames:
            continue
        iterator = workbook[sheet].iter_rows(values_only=True)
        header_row = next(iterator, None) or ()
        names = [as_text(cell) for cell in header_row]
        while names and not names[-1]:
            names.pop()
        if "" in names:
            errors.append(
                _("%(sheet)s, row 1, column %(number)s: empty column name")
                % {"sheet": sheet, "number": names.index("") + 1}
            )
        headers[sheet] = names
        for number, values in enumerate(iterator, start=2):
            cells = dict(zip(names, values, strict=False))
            if all(as_text(value) == "" for value in cells.values()):
                continue
            rows[sheet].append(Row(sheet, number, cells))
    workbook.close()
    if errors:
        raise CatalogueError(errors)
    return rows, headers


def write_xlsx(path, data):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, rows in data.items():
        worksheet = workbook.create_sheet(sheet)
        headers = registry.by_sheet()[sheet].headers()
        worksheet.append(headers)
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        worksheet.freeze_panes = "A2"
        for row in rows:
            worksheet.append([_cell(row[header]) for header in headers])
            for cell in worksheet[worksheet.max_row]:
                if isinstance(cell.value, str):
                    # Text stays text: a cell starting with "=" is never run as a formula.
                    cell.data_type = "s"
    workbook.save(path)


def _cell(value):
    if isinstance(value, list):
        return ";".join(value)
    if value is None or value == "":
        return None
    return value
