"""Catalogue import and export: themes, partners, projects and practice sheets.

One workbook (XLSX) or JSON file with four sheets. Each type says which columns it has
(`catalogue_columns`); this module reads, validates, writes and exports rows without
knowing any field. Imports are all or nothing: every row is validated first, and one
error anywhere means nothing is written.
"""

import json
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.columns import ColumnError, as_text
from core.i18n import LANGUAGE_CODES
from core.progress import ProgressBar

SHEETS = ("themes", "partners", "projects", "practices")


def cell_error(where, column, reason):
    return _("%(where)s, column '%(column)s': %(reason)s") % {
        "where": where,
        "column": column,
        "reason": reason,
    }


def unknown_sheet(name):
    return _("%(sheet)s: unknown sheet (expected %(sheets)s)") % {
        "sheet": name,
        "sheets": ", ".join(SHEETS),
    }


def unsupported_format(path):
    return _("%(path)s: unsupported format %(suffix)s; use .xlsx or .json") % {
        "path": path,
        "suffix": Path(path).suffix.lower() or _("(none)"),
    }


class CatalogueError(Exception):
    """The file cannot be imported; `messages` say where and why."""

    def __init__(self, messages):
        super().__init__("\n".join(messages))
        self.messages = list(messages)


@dataclass
class SheetType:
    sheet: str
    model_path: str
    key: str
    parent_path: str | None = None  # the index page new pages go under

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_path)

    @property
    def is_page(self):
        return self.parent_path is not None

    def columns(self):
        return self.model.catalogue_columns()

    def headers(self):
        return [header for column in self.columns() for header in column.headers]

    def queryset(self):
        model = self.model
        if self.is_page:
            return model.objects.live().order_by(self.key)
        return model.objects.order_by("pk")

    def parent(self):
        from django.apps import apps

        parent = apps.get_model(self.parent_path).objects.first()
        if parent is None:
            raise CatalogueError(
                [
                    _("%(sheet)s: no %(page_type)s page exists to hold new pages")
                    % {"sheet": self.sheet, "page_type": self.parent_path}
                ]
            )
        return parent


TYPES = OrderedDict(
    (t.sheet, t)
    for t in [
        SheetType("themes", "practices.Theme", "slug"),
        SheetType("partners", "partners.PartnerPage", "ref", "partners.PartnerIndexPage"),
        SheetType("projects", "partners.ProjectPage", "ref", "partners.ProjectIndexPage"),
        SheetType("practices", "practices.PracticePage", "ref", "practices.PracticeIndexPage"),
    ]
)


@dataclass
class Row:
    sheet: str
    number: int  # spreadsheet row (header = 1) or position in the JSON list (from 1)
    cells: dict
    values: dict = field(default_factory=dict)

    def where(self, is_json):
        if is_json:
            return _("%(sheet)s, item %(number)s") % {"sheet": self.sheet, "number": self.number}
        return _("%(sheet)s, row %(number)s") % {"sheet": self.sheet, "number": self.number}


@dataclass
class ImportReport:
    counts: dict = field(default_factory=lambda: {sheet: Counter() for sheet in SHEETS})

    def summary_lines(self):
        return [
            _("%(sheet)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
            % {
                "sheet": sheet,
                "created": c["created"],
                "updated": c["updated"],
                "unchanged": c["unchanged"],
            }
            for sheet, c in self.counts.items()
        ]


# ---------------------------------------------------------------------------
# Reading files


def read_catalogue_file(path):
    """Return ({sheet: [Row]}, headers {sheet: [str]}, is_json) or raise CatalogueError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise CatalogueError([_("%(path)s: no such file") % {"path": path}])
    if suffix == ".json":
        return _read_json(path) + (True,)
    if suffix == ".xlsx":
        return _read_xlsx(path) + (False,)
    raise CatalogueError([unsupported_format(path)])


def _read_json(path):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueError(
            [_("%(file)s: not valid JSON (%(error)s)") % {"file": path.name, "error": exc}]
        ) from exc
    if not isinstance(data, dict):
        raise CatalogueError(
            [
                _("%(file)s: the top level must be an object with keys %(keys)s")
                % {"file": path.name, "keys": ", ".join(SHEETS)}
            ]
        )
    errors = [unknown_sheet(key) for key in data if key not in TYPES]
    rows, headers = {}, {}
    for sheet in SHEETS:
        items = data.get(sheet, [])
        if not isinstance(items, list):
            errors.append(_("%(sheet)s: must be a list of objects") % {"sheet": sheet})
            continue
        rows[sheet], seen = [], []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                errors.append(
                    _("%(sheet)s, item %(number)s: must be an object")
                    % {"sheet": sheet, "number": number}
                )
                continue
            seen.extend(key for key in item if key not in seen)
            rows[sheet].append(Row(sheet, number, item))
        headers[sheet] = seen
    if errors:
        raise CatalogueError(errors)
    return rows, headers


def _read_xlsx(path):
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise CatalogueError(
            [
                _("%(file)s: not a readable XLSX workbook (%(error)s)")
                % {"file": path.name, "error": exc}
            ]
        ) from exc
    errors = [unknown_sheet(name) for name in workbook.sheetnames if name not in TYPES]
    rows, headers = {}, {}
    for sheet in SHEETS:
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


# ---------------------------------------------------------------------------
# Validation


class ImportContext:
    """Which keys exist (in the file or the database), and the objects behind them."""

    def __init__(self, rows):
        self.file_keys = {sheet: set() for sheet in SHEETS}
        for sheet, sheet_rows in rows.items():
            key = TYPES[sheet].key
            self.file_keys[sheet] = {as_text(row.cells.get(key)) for row in sheet_rows}
        self._db_keys = {}
        self._objects = {}

    def knows(self, sheet, key):
        if key in self.file_keys[sheet]:
            return True
        if sheet not in self._db_keys:
            sheet_type = TYPES[sheet]
            self._db_keys[sheet] = set(
                sheet_type.model.objects.values_list(sheet_type.key, flat=True)
            )
        return key in self._db_keys[sheet]

    def remember(self, sheet, obj):
        self._objects[(sheet, getattr(obj, TYPES[sheet].key))] = obj

    def lookup(self, sheet, key):
        if (sheet, key) not in self._objects:
            sheet_type = TYPES[sheet]
            self._objects[(sheet, key)] = sheet_type.model.objects.get(**{sheet_type.key: key})
        return self._objects[(sheet, key)]


def validate(rows, headers, is_json):
    """Parse every row; return the ImportContext or raise CatalogueError with every problem."""
    context = ImportContext(rows)
    errors = []
    for sheet, sheet_type in TYPES.items():
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
        columns = [col for col in sheet_type.columns() if present & set(col.headers)]
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
            check = getattr(sheet_type.model, "catalogue_row_errors", None)
            if check:
                errors += [cell_error(where, col, reason) for col, reason in check(row.values)]
    if errors:
        raise CatalogueError(errors)
    return context


# ---------------------------------------------------------------------------
# Import


def import_catalogue(path, dry_run=False, stream=None, user=None):
    """Import a catalogue file; raise CatalogueError (nothing written) or return the report."""
    rows, headers, is_json = read_catalogue_file(path)
    # Messages speak the caller's language; values are written with French active, the
    # language modeltranslation mirrors into the untranslated columns.
    context = validate(rows, headers, is_json)
    report = ImportReport()
    failure = None
    with transaction.atomic():
        for sheet, sheet_type in TYPES.items():
            sheet_rows = rows.get(sheet, [])
            if not sheet_rows:
                continue
            progress = ProgressBar(len(sheet_rows), sheet, stream) if stream else None
            columns = [
                col for col in sheet_type.columns() if set(headers[sheet]) & set(col.headers)
            ]
            for row in sheet_rows:
                try:
                    with translation.override(LANGUAGE_CODES[0]):
                        outcome = _import_row(sheet_type, columns, row, context, dry_run, user)
                except ValidationError as exc:
                    failure = (row, exc)
                    break
                report.counts[sheet][outcome] += 1
                if progress:
                    progress.advance()
            if failure:
                break
        if failure:
            transaction.set_rollback(True)
    if failure:
        row, exc = failure
        raise CatalogueError([f"{row.where(is_json)}: {describe(exc)}"]) from exc
    return report


def describe(error):
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _import_row(sheet_type, columns, row, context, dry_run, user=None):
    key = row.values[sheet_type.key]
    obj = sheet_type.model.objects.filter(**{sheet_type.key: key}).first()
    if obj is not None:
        current = {}
        for column in columns:
            current.update(column.read_row(obj))
        incoming = {}
        for column in columns:
            incoming.update(column.export_row(row.values))
        if current == incoming:
            context.remember(sheet_type.sheet, obj)
            return "unchanged"
        outcome = "updated"
    else:
        obj = sheet_type.model()
        outcome = "created"
    if dry_run:
        return outcome
    for column in columns:
        column.write_row(obj, row.values, context)
    if sheet_type.is_page:
        _save_page(sheet_type, obj, created=outcome == "created", user=user)
    else:
        obj.save()
    context.remember(sheet_type.sheet, obj)
    return outcome


def _save_page(sheet_type, page, created, user=None):
    if page.title_fr:
        page.title = page.title_fr
    parent = sheet_type.parent() if created else page.get_parent()
    _fill_slugs(page, parent)
    if created:
        parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True, clean=True)
    # The import permission is the right to publish catalogue pages from a workbook;
    # the user is recorded in the history, not checked against page permissions.
    revision.publish(user=user, log_action=True, skip_permission_checks=True)


def _fill_slugs(page, parent):
    """Give each language with a title a slug, unique among its siblings, once."""
    siblings = parent.get_children().exclude(pk=page.pk) if parent else None
    default = LANGUAGE_CODES[0]
    for code in LANGUAGE_CODES:
        if getattr(page, f"slug_{code}") or not getattr(page, f"title_{code}", ""):
            continue
        # The default slug also serves the languages the page has no title (no slug) in.
        used_in = [code]
        if code == default:
            used_in += [c for c in LANGUAGE_CODES[1:] if not getattr(page, f"title_{c}", "")]
        base = (
            slugify(getattr(page, f"title_{code}"), allow_unicode=False)[:80].strip("-") or page.ref
        )
        slug, n = base, 1
        while siblings is not None and any(_slug_taken(siblings, c, slug) for c in used_in):
            n += 1
            slug = f"{base}-{n}"
        setattr(page, f"slug_{code}", slug)
    page.slug = page.slug_fr


def _slug_taken(siblings, code, slug):
    """Whether a sibling answers to `slug` in language `code`, its own or by fallback."""
    default = LANGUAGE_CODES[0]
    taken = Q(**{f"slug_{code}": slug})
    if code != default:
        no_own_slug = Q(**{f"slug_{code}": ""}) | Q(**{f"slug_{code}__isnull": True})
        taken |= no_own_slug & Q(**{f"slug_{default}": slug})
    return siblings.filter(taken).exists()


# ---------------------------------------------------------------------------
# Export


def export_rows():
    data = OrderedDict()
    with translation.override(LANGUAGE_CODES[0]):
        for sheet, sheet_type in TYPES.items():
            columns = sheet_type.columns()
            data[sheet] = []
            for obj in sheet_type.queryset():
                row = OrderedDict()
                for column in columns:
                    row.update(column.read_row(obj))
                data[sheet].append(row)
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
        _write_xlsx(path, data)
    return {sheet: len(rows) for sheet, rows in data.items()}


def _write_xlsx(path, data):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, rows in data.items():
        worksheet = workbook.create_sheet(sheet)
        headers = TYPES[sheet].headers()
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
