"""Reading a catalogue file (JSON here, XLSX in .spreadsheet) into rows per sheet."""

import json
from pathlib import Path

from django.utils.translation import gettext as _

from .. import registry
from .errors import CatalogueError, sheet_names, unknown_sheet, unsupported_format
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
                % {"file": path.name, "keys": ", ".join(sheet_names())}
            ]
        )
    errors = [unknown_sheet(key) for key in data if key not in registry.by_sheet()]
    rows, headers = {}, {}
    for sheet in sheet_names():
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
