"""Reading a catalogue file (JSON here, XLSX in .spreadsheet) into rows per sheet."""

import json
import math
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _

from .. import registry
from ..values import quote
from . import limits
from .errors import CatalogueError, sheet_names, unknown_sheets, unsupported_format
from .limits import Budget, check_file_size, too_large
from .rows import Row
from .sheets import METADATA_KEY, is_open_data_marker
from .spreadsheet import read_xlsx


class CatalogueFile(NamedTuple):
    rows: dict  # {sheet: [Row]}
    headers: dict  # {sheet: [header]}
    is_json: bool
    # The open-data export (sheets.OPEN_DATA): it leaves out the pages the public
    # cannot see and the references to them.
    open_data: bool


def read_catalogue_file(path):
    """Return a CatalogueFile or raise CatalogueError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise CatalogueError([_("%(path)s: no such file") % {"path": path}])
    if suffix == ".json":
        rows, headers, open_data = _read_json(path)
        return CatalogueFile(rows, headers, True, open_data)
    if suffix == ".xlsx":
        rows, headers, open_data = read_xlsx(path)
        return CatalogueFile(rows, headers, False, open_data)
    raise CatalogueError([unsupported_format(path)])


def _finite(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _reject_constant(name):
    raise ValueError(name)


class RepeatedKeys(dict):
    """A JSON object that holds a key more than once (json keeps the last value): its
    values, and in `repeated` the keys written twice, for the reader to refuse it."""

    repeated = ()


def _object(pairs):
    # json calls this for every object: the usual object, unless a key came twice.
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    obj, seen, repeated = RepeatedKeys(obj), set(), {}
    for key, _value in pairs:
        if key in seen:
            repeated[key] = None
        seen.add(key)
    obj.repeated = list(repeated)
    return obj


def _load_json(path):
    """The parsed document, or CatalogueError with one clear message."""
    check_file_size(path)
    raw = path.read_bytes()
    if raw.count(b",") > limits.MAX_JSON_COMMAS:
        raise too_large(
            path.name,
            _("more than %(count)s values") % {"count": limits.MAX_JSON_COMMAS},
            limits.MAX_JSON_COMMAS,
        )
    try:
        # A byte order mark (Windows editors write one) is not part of the text.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueError(
            [
                _("%(file)s: not UTF-8 text (unreadable byte at position %(position)s)")
                % {"file": path.name, "position": exc.start}
            ]
        ) from exc
    del raw
    try:
        return json.loads(
            text, parse_float=_finite, parse_constant=_reject_constant, object_pairs_hook=_object
        )
    except json.JSONDecodeError as exc:
        reason = _("not valid JSON at line %(line)s, column %(column)s") % {
            "line": exc.lineno,
            "column": exc.colno,
        }
    except RecursionError:
        reason = _("not valid JSON: nested too deeply")
    except ValueError:
        # int() refuses more than 4,300 digits; NaN, Infinity and 1e999 are not numbers.
        reason = _("not valid JSON: a number is too long or is not a finite number")
    raise CatalogueError([_("%(file)s: %(reason)s") % {"file": path.name, "reason": reason}])


SCALARS = (str, int, float, bool, type(None))


def _cell_ok(value):
    if isinstance(value, list):
        return all(isinstance(item, SCALARS) and not isinstance(item, bool) for item in value)
    return isinstance(value, SCALARS)


def _cell_values(value):
    return value if isinstance(value, list) else [value]


# The objects of an unknown sheet whose keys say which sheet it may be.
GUESS_ITEMS = 20


def _item_keys(items):
    """The keys of the first objects of a list (None: not a list of objects)."""
    if not isinstance(items, list):
        return None
    keys = [key for item in items[:GUESS_ITEMS] if isinstance(item, dict) for key in item]
    return list(dict.fromkeys(keys)) or None


def _read_json(path):
    """Return ({sheet: [Row]}, {sheet: [header]}, open_data) or raise CatalogueError."""
    data = _load_json(path)
    if not isinstance(data, dict):
        raise CatalogueError(
            [
                _("%(file)s: the top level must be an object with keys %(keys)s")
                % {"file": path.name, "keys": ", ".join(sheet_names())}
            ]
        )
    errors = [
        _("%(file)s: the sheet '%(sheet)s' appears twice; put all its rows in one list")
        % {"file": path.name, "sheet": quote(key)}
        for key in getattr(data, "repeated", ())
    ]
    # The exporter's note on the file (sheets.METADATA_KEY), not a sheet.
    metadata = data.pop(METADATA_KEY, None)
    open_data = isinstance(metadata, dict) and is_open_data_marker(metadata.get("kind"))
    sheets = registry.by_sheet()
    unknown = {key: _item_keys(value) for key, value in data.items() if key not in sheets}
    errors += unknown_sheets(unknown, [key for key in data if key in sheets])
    budget = Budget(path.name)
    rows, headers = {}, {}
    for sheet in sheet_names():
        items = data.get(sheet, [])
        if not isinstance(items, list):
            errors.append(_("%(sheet)s: must be a list of objects") % {"sheet": sheet})
            continue
        rows[sheet], seen = [], {}
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                errors.append(
                    _("%(sheet)s, item %(number)s: must be an object")
                    % {"sheet": sheet, "number": number}
                )
                continue
            for key in getattr(item, "repeated", ()):
                errors.append(
                    _(
                        "%(sheet)s, item %(number)s: the column '%(column)s' appears twice "
                        "in this object; delete one of them"
                    )
                    % {"sheet": sheet, "number": number, "column": quote(key)}
                )
            row = Row(sheet, number, item)
            budget.row([v for value in item.values() for v in _cell_values(value)], row.where(True))
            for key, value in item.items():
                if not _cell_ok(value):
                    errors.append(
                        _(
                            "%(sheet)s, item %(number)s, column '%(column)s': must be a text, "
                            "a number, true, false, null or a list of texts"
                        )
                        % {"sheet": sheet, "number": number, "column": quote(key)}
                    )
                seen.setdefault(key, None)
            budget.columns(sheet, len(seen))
            rows[sheet].append(row)
        headers[sheet] = list(seen)
    if errors:
        raise CatalogueError(errors)
    return rows, headers, open_data
