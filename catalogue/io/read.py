"""Reading a catalogue file (JSON here, XLSX in .spreadsheet) into rows per sheet."""

import json
import math
from pathlib import Path

from django.utils.translation import gettext as _

from .. import registry
from ..values import quote
from . import limits
from .errors import CatalogueError, sheet_names, unknown_sheet, unsupported_format
from .limits import Budget, check_file_size, too_large
from .rows import Row
from .spreadsheet import read_xlsx


def read_catalogue_file(path):
    """Return ({sheet: [Row]}, headers {sheet: [str]}, is_json) or raise CatalogueError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise CatalogueError([_("%(path)s: no such file") % {"path": path}])
    if suffix == ".json":
        return _read_json(path) + (True,)
    if suffix == ".xlsx":
        return read_xlsx(path) + (False,)
    raise CatalogueError([unsupported_format(path)])


def _finite(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _reject_constant(name):
    raise ValueError(name)


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
        return json.loads(text, parse_float=_finite, parse_constant=_reject_constant)
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


def _read_json(path):
    data = _load_json(path)
    if not isinstance(data, dict):
        raise CatalogueError(
            [
                _("%(file)s: the top level must be an object with keys %(keys)s")
                % {"file": path.name, "keys": ", ".join(sheet_names())}
            ]
        )
    errors = [unknown_sheet(key) for key in data if key not in registry.by_sheet()]
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
    return rows, headers
