"""XLSX workbooks: one sheet per catalogue type, a header row, one row per object."""

from itertools import repeat

from django.utils.translation import gettext as _

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .. import registry
from ..columns import as_text
from ..values import quote
from .errors import CatalogueError, cell_error, unknown_sheets
from .limits import MAX_COLUMNS, Budget, check_file_size, check_xlsx_archive
from .readme import write_readme
from .rows import Row
from .sheets import MARKER_COLUMNS, MARKER_ROWS, README_SHEET, is_open_data_marker


def read_xlsx(path):
    """Return ({sheet: [Row]}, {sheet: [header]}, open_data) or raise CatalogueError."""
    check_file_size(path)
    has_formulas = check_xlsx_archive(path)
    try:
        return _read_workbook(path, has_formulas)
    except CatalogueError:
        raise
    except Exception as exc:
        # openpyxl and its XML parser fail in many ways on a damaged file; their messages
        # are English and technical, this one says what the editor can do.
        raise CatalogueError(
            [
                _(
                    "%(file)s: not a readable XLSX workbook; save it again from your "
                    "spreadsheet program as .xlsx"
                )
                % {"file": path.name}
            ]
        ) from exc


def _read_workbook(path, has_formulas):
    # Formulas are read as the result the spreadsheet program saved (data_only). When
    # the file holds formulas, the sheets are streamed again with them, as a formula
    # saved without a result (by a script) would otherwise read as an empty cell and
    # empty the field; a file without any is read once.
    workbook = load_workbook(path, read_only=True, data_only=True)
    formulas = load_workbook(path, read_only=True) if has_formulas else None
    try:
        return _read_sheets(path, workbook, formulas)
    finally:
        workbook.close()
        if formulas is not None:
            formulas.close()


def _first_rows(worksheet, rows, columns):
    """The values of a sheet's first rows (none for a chart sheet)."""
    if not hasattr(worksheet, "iter_rows"):
        return iter(())
    worksheet.reset_dimensions()
    return worksheet.iter_rows(max_row=rows, max_col=columns, values_only=True)


def _is_open_data(workbook):
    """Whether the README sheet holds the open data's marker (sheets.OPEN_DATA)."""
    if README_SHEET not in workbook.sheetnames:
        return False
    rows = _first_rows(workbook[README_SHEET], MARKER_ROWS, MARKER_COLUMNS)
    return any(is_open_data_marker(value) for row in rows for value in row)


def _read_sheets(path, workbook, formulas):
    sheets = registry.by_sheet()
    # An unknown sheet's header row says which sheet it may be.
    unknown = {
        name: next(_first_rows(workbook[name], 1, MAX_COLUMNS), None)
        for name in workbook.sheetnames
        if name not in sheets and name != README_SHEET
    }
    errors = unknown_sheets(unknown, [name for name in workbook.sheetnames if name in sheets])
    budget = Budget(path.name)
    rows, headers = {}, {}
    for sheet in sheets:
        rows[sheet], headers[sheet] = [], []
        if sheet not in workbook.sheetnames:
            continue
        worksheet = workbook[sheet]
        # A sheet's stored dimensions can be wrong; reading stops at the limits anyway.
        worksheet.reset_dimensions()
        header_row = next(worksheet.iter_rows(max_row=1, values_only=True), None) or ()
        budget.row(header_row, _where(sheet, 1))
        names = [as_text(cell) for cell in header_row]
        while names and not names[-1]:
            names.pop()
        budget.columns(sheet, len(names))
        if "" in names:
            errors.append(
                _("%(sheet)s, row 1, column %(number)s: empty column name")
                % {"sheet": sheet, "number": names.index("") + 1}
            )
        errors += _repeated_columns(sheet, names)
        headers[sheet] = names
        # Cells right of the last header are not read (a stray far-right cell costs nothing).
        width = max(len(names), 1)
        iterator = zip(
            worksheet.iter_rows(min_row=2, max_col=width),
            _formula_rows(formulas, sheet, width),
            strict=False,
        )
        for number, (cells, formula_cells) in enumerate(iterator, start=2):
            where = _where(sheet, number)
            errors += [
                cell_error(where, name, reason)
                for name, cell, formula in zip(names, cells, formula_cells, strict=False)
                if (reason := _unreadable(cell, formula))
            ]
            values = [cell.value for cell in cells]
            row = dict(zip(names, values, strict=False))
            if all(as_text(value) == "" for value in row.values()):
                # Formatting (borders, colours) below the data makes rows with no value.
                budget.empty_row(where)
                continue
            budget.row(values, where)
            rows[sheet].append(Row(sheet, number, row))
    if errors:
        raise CatalogueError(errors)
    return rows, headers, _is_open_data(workbook)


def _formula_rows(formulas, sheet, width):
    """The data rows as read with their formulas, or rows of None when the file holds no
    formula (`formulas` is None)."""
    if formulas is None:
        return repeat(repeat(None))
    worksheet = formulas[sheet]
    worksheet.reset_dimensions()
    return worksheet.iter_rows(min_row=2, max_col=width)


def _where(sheet, number):
    return _("%(sheet)s, row %(number)s") % {"sheet": sheet, "number": number}


def _repeated_columns(sheet, names):
    """One error for each header written again (the import would keep only one copy)."""
    errors, first = [], {}
    for index, name in enumerate(names, start=1):
        if name and name in first:
            errors.append(
                _(
                    "%(sheet)s, row 1: the column '%(column)s' appears twice (columns "
                    "%(first)s and %(second)s); delete one of them"
                )
                % {
                    "sheet": sheet,
                    "column": quote(name),
                    "first": get_column_letter(first[name]),
                    "second": get_column_letter(index),
                }
            )
        first.setdefault(name, index)
    return errors


def _unreadable(cell, formula):
    """Why a cell holds no value to import (`formula`: the same cell read with its
    formula, or None when the file holds none)."""
    if cell.data_type == "e":
        return _("the formula gives an error (%(error)s): type the value instead") % {
            "error": quote(cell.value)
        }
    # A formula's text result is "str" even when empty (=IF(…;"";…)); any other
    # formula saved without a value was never computed.
    is_formula = formula is not None and formula.data_type == "f"
    if is_formula and cell.value is None and cell.data_type != "str":
        return _(
            "a formula with no computed value: open and save the file in a spreadsheet "
            "program, or type the value"
        )
    return None


# Text a spreadsheet program would read as a formula if a person retyped it.
FORMULA_START = ("=", "+", "-", "@")
MIN_WIDTH, MAX_WIDTH = 10, 60
# Drop-down lists reach this many rows below the last exported one.
SPARE_ROWS = 500


def write_xlsx(path, data, headers, open_data=False):
    """`data` {sheet: [row]} with the columns `headers` {sheet: [header]}, after a README
    sheet that explains every column in French, English and Spanish (and, for the open
    data, says what the file is: readme.MARKER_ROW)."""
    workbook = Workbook()
    readme = workbook.active
    readme.title = README_SHEET
    lists = write_readme(readme, headers, open_data)
    for sheet, rows in data.items():
        worksheet = workbook.create_sheet(sheet)
        sheet_headers = headers[sheet]
        worksheet.append(sheet_headers)
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        worksheet.freeze_panes = "B2"
        for row in rows:
            worksheet.append([_cell(row[header]) for header in sheet_headers])
            for cell in worksheet[worksheet.max_row]:
                if isinstance(cell.value, str):
                    # Text stays text: a cell starting with "=" is never run as a formula,
                    # and the quote prefix keeps it text when someone edits it.
                    cell.data_type = "s"
                    if cell.value.startswith(FORMULA_START):
                        cell.quotePrefix = True
        _set_widths(worksheet, sheet_headers, rows)
        _add_drop_downs(worksheet, sheet, sheet_headers, lists, len(rows))
    workbook.save(path)


def _set_widths(worksheet, headers, rows):
    for index, header in enumerate(headers, start=1):
        longest = max(
            [len(header) + 2, *(len(str(_cell(row[header]) or "")) for row in rows[:200])]
        )
        width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        worksheet.column_dimensions[get_column_letter(index)].width = width


def _add_drop_downs(worksheet, sheet, headers, lists, count):
    """A drop-down of accepted values under each column that has a list in README.

    People may also type a label or several values (`;`), so other input is allowed."""
    for index, header in enumerate(headers, start=1):
        source = lists.get((sheet, header))
        if source is None:
            continue
        letter = get_column_letter(index)
        validation = DataValidation(
            type="list", formula1=source, allow_blank=True, showErrorMessage=False
        )
        validation.add(f"{letter}2:{letter}{count + SPARE_ROWS + 1}")
        worksheet.add_data_validation(validation)


def _cell(value):
    if isinstance(value, list):
        return ";".join(value)
    if value is None or value == "":
        return None
    return value
