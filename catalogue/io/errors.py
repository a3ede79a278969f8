"""Import and export problems, each naming the sheet, row and column at fault."""

from pathlib import Path

from django.utils.translation import gettext as _

from .. import registry
from ..values import quote
from .sheets import guess_sheets


def sheet_names():
    return [catalogue_type.sheet for catalogue_type in registry.types()]


def cell_error(where, column, reason):
    return _("%(where)s, column '%(column)s': %(reason)s") % {
        "where": where,
        "column": column,
        "reason": reason,
    }


def unknown_sheet(name, guess=None):
    """`name` is no catalogue sheet; `guess`, the catalogue type it probably is (see
    sheets.guess_sheets), is named with what to do."""
    if guess is not None:
        return _(
            "%(sheet)s: unknown sheet; rename it to '%(expected)s' if it holds %(label)s "
            "(expected %(sheets)s)"
        ) % {
            "sheet": quote(name),
            "expected": guess.sheet,
            "label": guess.label_plural,
            "sheets": ", ".join(sheet_names()),
        }
    return _("%(sheet)s: unknown sheet (expected %(sheets)s)") % {
        "sheet": quote(name),
        "sheets": ", ".join(sheet_names()),
    }


def unknown_sheets(unknown, present):
    """A message for each sheet of a file that is not a catalogue sheet: `unknown` is
    {name: its headers or None}, `present` the catalogue sheets the file has."""
    guesses = guess_sheets(unknown, present)
    return [unknown_sheet(name, guesses.get(name)) for name in unknown]


def unsupported_format(path):
    return _("%(path)s: unsupported format %(suffix)s; use .xlsx or .json") % {
        "path": path,
        "suffix": Path(path).suffix.lower() or _("(none)"),
    }


# A report longer than this is no more useful, and a hostile file could make it huge.
MAX_MESSAGES = 100


class CatalogueError(Exception):
    """The file cannot be imported; `messages` say where and why (the first MAX_MESSAGES
    of `total`)."""

    def __init__(self, messages):
        messages = list(messages)
        self.total = len(messages)
        if self.total > MAX_MESSAGES:
            messages = messages[:MAX_MESSAGES] + [
                _("… and %(count)s more problems not listed.")
                % {"count": self.total - MAX_MESSAGES}
            ]
        super().__init__("\n".join(messages))
        self.messages = messages


class NewerWorkError(CatalogueError):
    """The import would replace newer work it was not allowed to; nothing was written.
    `report` is what importing would do (as a dry run reports it), the conflicts listed."""

    def __init__(self, messages, report):
        super().__init__(messages)
        self.report = report


def describe(error):
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
