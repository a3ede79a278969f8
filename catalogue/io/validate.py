"""Validation of every row before anything is written: all problems at once."""

from django.utils.translation import gettext as _

from .. import registry
from ..columns import ColumnError, as_text
from .errors import CatalogueError, cell_error


class ImportContext:
    """Which keys exist (in the file or the database), and the objects behind them."""

    def __init__(self, rows):
        self.file_keys = {t.sheet: set() for t in registry.types()}
        for sheet, sheet_rows in rows.items():
            key = registry.by_sheet()[sheet].key
            self.file_keys[sheet] = {as_text(row.cells.get(key)) for row in sheet_rows}
        self._db_keys = {}
        self._objects = {}

    def knows(self, sheet, key):
        if key in self.file_keys[sheet]:
            return True
        if sheet not in self._db_keys:
            sheet_type = registry.by_sheet()[sheet]
            self._db_keys[sheet] = set(
                sheet_type.model.objects.values_list(sheet_type.key, flat=True)
            )
        return key in self._db_keys[sheet]

    def remember(self, sheet, obj):
        self._objects[(sheet, getattr(obj, registry.by_sheet()[sheet].key))] = obj

    def lookup(self, sheet, key):
        if (sheet, key) not in self._objects:
            sheet_type = registry.by_sheet()[sheet]
            self._objects[(sheet, key)] = sheet_type.model.objects.get(**{sheet_type.key: key})
        return self._objects[(sheet, key)]


def validate(rows, headers, is_json):
    """Parse every row; return the ImportContext or raise CatalogueError with every problem."""
    context = ImportContext(rows)
    errors = []
    for sheet_type in registry.types():
        sheet = sheet_type.sheet
        known = sheet_type.headers()
        unknown = [name for name in headers.get(sheet, []) if name not in known]
        errors += [
            _("%(sheet)s: unknown column '%(column)s'") % {"sheet": sheet, "column": name}
            for name in unknown
        ]
        present = set(headers.get(sheet, []))
        if rows.get(sheet) and sheet_type.key not in present:
            errors.append(
                _("%(sheet)s: the '%(column)s' column is missing")
                % {"sheet": sheet, "column": sheet_type.key}
            )
            continue
        columns = [col for col in sheet_type.io_columns() if present & set(col.headers)]
        seen_keys = {}
        for row in rows.get(sheet, []):
            where = row.where(is_json)
            for column in columns:
                try:
                    row.values.update(column.parse_row(row.cells, context))
                except ColumnError as exc:
                    errors.append(cell_error(where, exc.column, exc))
            key = row.values.get(sheet_type.key)
            if key:
                if key in seen_keys:
                    errors.append(
                        cell_error(
                            where,
                            sheet_type.key,
                            (
                                _("duplicate key '%(key)s' (already used item %(number)s)")
                                if is_json
                                else _("duplicate key '%(key)s' (already used row %(number)s)")
                            )
                            % {"key": key, "number": seen_keys[key]},
                        )
                    )
                seen_keys.setdefault(key, row.number)
            if sheet_type.row_errors:
                errors += [
                    cell_error(where, col, reason)
                    for col, reason in sheet_type.row_errors(row.values)
                ]
    if errors:
        raise CatalogueError(errors)
    return context
