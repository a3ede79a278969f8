"""Validation of every row before anything is written: all problems at once."""

from django.utils.translation import gettext as _

from .. import registry
from ..columns import ColumnError, as_text
from ..values import closest, normalize, quote
from .errors import CatalogueError, cell_error
from .sheets import sheet_columns, sheet_headers

# Unknown references get the closest known values; each costs a scan of the keys, so a
# file full of unknown references stops getting suggestions after this many.
SUGGESTION_LIMIT = 30


class ImportContext:
    """Which keys exist (in the file or the database), and the objects behind them.

    Keys match without regard to case (`H01` is `h01`); a type's `aliases` (a theme's
    names) match without case or accents. `resolve` gives the key as its object has it.
    """

    def __init__(self, rows):
        self._file = {t.sheet: {} for t in registry.types()}
        self._file_aliases = {t.sheet: {} for t in registry.types()}
        for sheet, sheet_rows in rows.items():
            sheet_type = registry.by_sheet()[sheet]
            for row in sheet_rows:
                key = as_text(row.cells.get(sheet_type.key))
                if not key:
                    continue
                self._file[sheet].setdefault(key.casefold(), key)
                for field in sheet_type.aliases:
                    alias = normalize(as_text(row.cells.get(field)))
                    if alias:
                        self._file_aliases[sheet].setdefault(alias, (key, row.cells.get(field)))
        self._db = {}
        self._db_aliases = {}
        self._objects = {}
        self._suggested = 0

    def define(self, sheet, key):
        """The file's row for `key` is valid: references resolve to its key as parsed."""
        self._file[sheet][key.casefold()] = key

    def _load(self, sheet):
        if sheet not in self._db:
            sheet_type = registry.by_sheet()[sheet]
            fields = (sheet_type.key, *sheet_type.aliases)
            self._db[sheet], self._db_aliases[sheet] = {}, {}
            for values in sheet_type.model.objects.values_list(*fields):
                key = values[0]
                self._db[sheet].setdefault(key.casefold(), key)
                for alias in values[1:]:
                    if normalize(alias or ""):
                        self._db_aliases[sheet].setdefault(normalize(alias), (key, alias))
        return self._db[sheet], self._db_aliases[sheet]

    def resolve(self, sheet, ref):
        """The key `ref` names in `sheet` (from the file first, then the database), or None."""
        folded = ref.casefold()
        if folded in self._file[sheet]:
            return self._file[sheet][folded]
        db_keys, db_aliases = self._load(sheet)
        if folded in db_keys:
            return db_keys[folded]
        alias = normalize(ref)
        found = self._file_aliases[sheet].get(alias) or db_aliases.get(alias)
        if found:
            return self.resolve(sheet, found[0]) if found[0].casefold() != folded else found[0]
        return None

    def in_database(self, sheet, key):
        return key.casefold() in self._load(sheet)[0]

    def knows(self, sheet, ref):
        return self.resolve(sheet, ref) is not None

    def suggestions(self, sheet, ref):
        """The known keys (and names) closest to an unknown `ref`."""
        if self._suggested >= SUGGESTION_LIMIT:
            return []
        self._suggested += 1
        db_keys, db_aliases = self._load(sheet)
        candidates = {name: key for key, name in db_aliases.values()}
        candidates.update({key: key for key in db_keys.values()})
        candidates.update({str(name): key for key, name in self._file_aliases[sheet].values()})
        candidates.update({key: key for key in self._file[sheet].values()})
        return closest(ref, candidates)

    def remember(self, sheet, obj):
        key = getattr(obj, registry.by_sheet()[sheet].key)
        self._objects[(sheet, key.casefold())] = obj

    def lookup(self, sheet, key):
        if (sheet, key.casefold()) not in self._objects:
            sheet_type = registry.by_sheet()[sheet]
            self._objects[(sheet, key.casefold())] = sheet_type.model.objects.get(
                **{f"{sheet_type.key}__iexact": key}
            )
        return self._objects[(sheet, key.casefold())]


def validate(rows, headers, is_json):
    """Parse every row; return the ImportContext or raise CatalogueError with every problem."""
    context = ImportContext(rows)
    errors = []
    for sheet_type in registry.types():
        sheet = sheet_type.sheet
        known = sheet_headers(sheet_type)
        unknown = [name for name in headers.get(sheet, []) if name not in known]
        errors += [
            _("%(sheet)s: unknown column '%(column)s'") % {"sheet": sheet, "column": quote(name)}
            for name in unknown
        ]
        present = set(headers.get(sheet, []))
        if rows.get(sheet) and sheet_type.key not in present:
            errors.append(
                _("%(sheet)s: the '%(column)s' column is missing")
                % {"sheet": sheet, "column": sheet_type.key}
            )
            continue
        columns = [col for col in sheet_columns(sheet_type) if present & set(col.headers)]
        # What a row leaves out (a language's header, a JSON item's key) stays as it is on
        # the object the row updates; a row that creates one reads it as an empty cell, so
        # a required column says it is missing.
        blank = dict.fromkeys(header for column in columns for header in column.headers)
        seen_keys = {}
        for row in rows.get(sheet, []):
            where = row.where(is_json)
            written = as_text(row.cells.get(sheet_type.key))
            exists = written and context.in_database(sheet, written)
            cells = row.cells if exists else blank | row.cells
            for column in columns:
                try:
                    row.values.update(column.parse_row(cells, context))
                except ColumnError as exc:
                    errors.append(cell_error(where, exc.column, exc))
            key = row.values.get(sheet_type.key)
            if key:
                context.define(sheet, key)
                if key.casefold() in seen_keys:
                    errors.append(
                        cell_error(
                            where,
                            sheet_type.key,
                            (
                                _("duplicate key '%(key)s' (already used item %(number)s)")
                                if is_json
                                else _("duplicate key '%(key)s' (already used row %(number)s)")
                            )
                            % {"key": quote(key), "number": seen_keys[key.casefold()]},
                        )
                    )
                seen_keys.setdefault(key.casefold(), row.number)
            if sheet_type.row_errors:
                errors += [
                    cell_error(where, col, reason)
                    for col, reason in sheet_type.row_errors(row.values)
                ]
    if errors:
        raise CatalogueError(errors)
    return context
