"""Validation of every row before anything is written: all problems at once."""

from django.utils.translation import gettext as _

from core.i18n import LANGUAGE_CODES

from .. import registry
from ..columns import ColumnError, TranslatedColumn, as_text
from ..values import closest, normalize, quote
from .errors import CatalogueError, cell_error
from .sheets import export_only_headers, sheet_columns, sheet_headers

# Unknown references get the closest known values; each costs a scan of the keys, so a
# file full of unknown references stops getting suggestions after this many.
SUGGESTION_LIMIT = 30


def name_fields(sheet_type):
    """The model fields whose values name an object of `sheet_type` in references: its
    declared `aliases` (a theme's names), else a page's title in each language (a
    partner's name, a project's title)."""
    if sheet_type.aliases:
        return tuple(sheet_type.aliases)
    if sheet_type.is_page:
        return tuple(f"title_{code}" for code in LANGUAGE_CODES)
    return ()


def name_headers(sheet_type, fields):
    """{header: field} of the sheet's columns that write one of `fields` (a partner's
    `name` writes title_fr)."""
    headers = {}
    for column in sheet_columns(sheet_type):
        if isinstance(column, TranslatedColumn):
            pairs = [(f"{column.name}_{code}", f"{column.attr}_{code}") for code in LANGUAGE_CODES]
        else:
            pairs = [(column.name, column.attr)]
        headers.update((header, field) for header, field in pairs if field in fields)
    return headers


class ImportContext:
    """Which keys exist (in the file or the database), and the objects behind them.

    Keys match without regard to case (`H01` is `h01`). A ref that is no key may be an
    object's name (name_fields: a theme's name, a page's title, in any language),
    compared without case, accents or punctuation (values.normalize); a name that
    several objects have names none of them (`named` lists them for the message). The
    names are those the objects will have after the import: the file's, where its row
    holds that column, else the database's. `resolve` gives the key as its object has it.

    The database's keys of a sheet are read on its first reference that the file's keys
    do not answer, its names on the first that no key answers: once per import.
    """

    def __init__(self, rows):
        self._rows = rows
        self._file = {t.sheet: {} for t in registry.types()}
        for sheet, sheet_rows in rows.items():
            sheet_type = registry.by_sheet()[sheet]
            for row in sheet_rows:
                key = as_text(row.cells.get(sheet_type.key))
                if key:
                    self._file[sheet].setdefault(key.casefold(), key)
        self._db = {}
        self._names = {}
        self._objects = {}
        self._suggested = 0

    def define(self, sheet, key):
        """The file's row for `key` is valid: references resolve to its key as parsed."""
        self._file[sheet][key.casefold()] = key

    def _load(self, sheet):
        if sheet not in self._db:
            sheet_type = registry.by_sheet()[sheet]
            self._db[sheet] = {}
            for key in sheet_type.model.objects.values_list(sheet_type.key, flat=True):
                self._db[sheet].setdefault(key.casefold(), key)
        return self._db[sheet]

    def _name_index(self, sheet):
        """({normalized name: [folded keys]}, [(name, folded key)]) for `sheet`."""
        if sheet not in self._names:
            sheet_type = registry.by_sheet()[sheet]
            fields = name_fields(sheet_type)
            names = {}  # folded key: {field: name}
            if fields:
                queryset = sheet_type.model.objects.values_list(sheet_type.key, *fields)
                for key, *values in queryset:
                    names.setdefault(key.casefold(), dict(zip(fields, values, strict=True)))
                headers = name_headers(sheet_type, fields)
                for row in self._rows.get(sheet, []):
                    key = as_text(row.cells.get(sheet_type.key))
                    if key:
                        names.setdefault(key.casefold(), {}).update(
                            (field, row.cells[header])
                            for header, field in headers.items()
                            if header in row.cells
                        )
            index, listed = {}, []
            for folded, by_field in names.items():
                for name in dict.fromkeys(as_text(name) for name in by_field.values()):
                    normalized = normalize(name)
                    if not normalized:
                        continue
                    keys = index.setdefault(normalized, [])
                    if folded not in keys:
                        keys.append(folded)
                    listed.append((name, folded))
            self._names[sheet] = index, listed
        return self._names[sheet]

    def _spelled(self, sheet, folded):
        return self._file[sheet].get(folded) or self._load(sheet)[folded]

    def resolve(self, sheet, ref):
        """The key `ref` names in `sheet` (from the file first, then the database), or
        None (an unknown ref, or a name several objects have)."""
        folded = ref.casefold()
        if folded in self._file[sheet]:
            return self._file[sheet][folded]
        db_keys = self._load(sheet)
        if folded in db_keys:
            return db_keys[folded]
        named = self._name_index(sheet)[0].get(normalize(ref), [])
        if len(named) == 1:
            return self._spelled(sheet, named[0])
        return None

    def named(self, sheet, ref):
        """The keys of the objects whose name `ref` is (compared as `resolve` does)."""
        named = self._name_index(sheet)[0].get(normalize(ref), [])
        return sorted((self._spelled(sheet, folded) for folded in named), key=str.casefold)

    def in_database(self, sheet, key):
        return key.casefold() in self._load(sheet)

    def knows(self, sheet, ref):
        return self.resolve(sheet, ref) is not None

    def suggestions(self, sheet, ref):
        """The known keys (and names) closest to an unknown `ref`."""
        if self._suggested >= SUGGESTION_LIMIT:
            return []
        self._suggested += 1
        candidates = {
            name: self._spelled(sheet, folded) for name, folded in self._name_index(sheet)[1]
        }
        candidates.update({key: key for key in self._load(sheet).values()})
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
        known = sheet_headers(sheet_type) + export_only_headers(sheet_type)
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
