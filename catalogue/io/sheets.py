"""The sheets of a file and their columns: the type's own (with `updated_at` for the
types that record their changes, CatalogueType.io_columns), and `published` for page
types; which catalogue sheet a misnamed sheet probably is; the open-data marker.

The open-data export lists only public pages, so it leaves `published` out, and the
columns that are not public (Column.public: email addresses); the staff export and the
importer know them all (catalogue.columns.PublishedColumn). The open data adds each
page's address in every language (catalogue.columns.PageUrlColumn).
"""

import difflib

from django.utils import translation

from core.i18n import LANGUAGE_CODES

from .. import registry
from ..columns import PageUrlColumn, PublishedColumn, as_text
from ..values import normalize

# Sheets of a workbook that are not catalogue data: the importer skips them.
README_SHEET = "README"

# The open data leaves out the pages the public cannot see and the references to them:
# imported back, it would remove those references. Its files say what they are, so the
# importer knows them: the README sheet of a workbook holds OPEN_DATA in a cell of its
# first rows (beside a note saying what it means), a JSON file has a first key
# METADATA_KEY: {"kind": OPEN_DATA}. Neither is a sheet.
OPEN_DATA = "open-data"
METADATA_KEY = "metadata"
# The README rows searched for the marker (a row or two inserted above it still find it).
MARKER_ROWS = 10
MARKER_COLUMNS = 6


def sheet_columns(sheet_type, published=True):
    """Every column (`published`: the staff export, the importer), or the open data's."""
    columns = list(sheet_type.io_columns())
    if not published:
        columns = [column for column in columns if column.public]
        return columns + [PageUrlColumn()] if sheet_type.is_page else columns
    if sheet_type.is_page:
        columns.append(PublishedColumn())
    return columns


def sheet_headers(sheet_type, published=True):
    return [header for column in sheet_columns(sheet_type, published) for header in column.headers]


def export_only_headers(sheet_type):
    """The open data's columns the importer reads past: its pages' addresses, which the
    site makes (an open-data file without links to non-public pages imports as it is)."""
    return PageUrlColumn().headers if sheet_type.is_page else []


def is_open_data_marker(value):
    return as_text(value).casefold() == OPEN_DATA


# -- Which sheet a sheet with an unknown name probably is -----------------------------

# A name this close to a catalogue sheet's name or label (difflib's ratio, once case,
# accents, spaces and punctuation are dropped) names that sheet, when no other is as close.
NAME_CUTOFF = 0.7
NAME_MARGIN = 0.1
# A sheet has the columns of a type when at least this many of its headers are that
# type's, more than of any other type's.
MIN_SHARED_HEADERS = 2


def _folded(text):
    """Letters and digits only, without case or accents."""
    return normalize(text).replace(" ", "")


def _singular(folded):
    return folded[:-1] if len(folded) > 3 and folded.endswith("s") else folded


def _names(sheet_type):
    """(whole names, words) that may name the sheet: its own name and its type's names
    in every language ("practices", "fiches pratiques", "prácticas"), folded, singular."""
    names, words = {_singular(_folded(sheet_type.sheet))}, set()
    for code in LANGUAGE_CODES:
        with translation.override(code):
            for label in (sheet_type.label, sheet_type.label_plural):
                names.add(_singular(_folded(label)))
                # A word of a type's name, long enough not to be "de" or "du".
                words.update(_singular(_folded(word)) for word in str(label).split())
    return names, {word for word in words if len(word) >= 5}


def _guess_by_name(name, candidates):
    folded = _singular(_folded(name))
    if not folded:
        return None
    names = {sheet_type: _names(sheet_type) for sheet_type in candidates}
    exact = [t for t, (whole, words) in names.items() if folded in whole or folded in words]
    if exact:
        return exact[0] if len(exact) == 1 else None
    scores = sorted(
        (
            (max(difflib.SequenceMatcher(None, folded, n).ratio() for n in whole), t)
            for t, (whole, _words) in names.items()
        ),
        key=lambda score: -score[0],
    )
    if not scores or scores[0][0] < NAME_CUTOFF:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < NAME_MARGIN:
        return None
    return scores[0][1]


def _guess_by_headers(headers, candidates):
    present = {as_text(header) for header in headers} - {""}
    shared = sorted(
        ((len(present & set(sheet_headers(t))), t) for t in candidates),
        key=lambda pair: -pair[0],
    )
    if not shared or shared[0][0] < MIN_SHARED_HEADERS:
        return None
    if len(shared) > 1 and shared[1][0] == shared[0][0]:
        return None
    return shared[0][1]


def guess_sheets(unknown, present):
    """{name: catalogue type} for the sheets of a file with an unknown name that are
    probably a catalogue sheet the file lacks. `unknown` is {name: its headers} (a
    sheet's first row, the keys of a JSON list's objects; None when it holds none),
    `present` the catalogue sheets the file has.

    A name close to a sheet's or its type's (case, accents, plural, a typo, another
    language), else headers that are mostly one type's, else, when the file lacks one
    sheet and has one unknown sheet with something in it, that one. A guess that two
    sheets share is no guess.
    """
    types = registry.types()
    missing = [t for t in types if t.sheet not in present]
    # A header row of empty cells (formatting) is no header row.
    unknown = {name: [h for h in headers or () if as_text(h)] for name, headers in unknown.items()}
    guesses = {}
    for name, headers in unknown.items():
        guess = _guess_by_name(name, missing) or _guess_by_headers(headers, missing)
        if guess is not None:
            guesses[name] = guess
    if not guesses and len(unknown) == 1 and len(missing) == 1:
        [(name, headers)] = unknown.items()
        # Not an empty sheet, nor one with the columns of a sheet the file already has.
        if headers and _guess_by_headers(headers, types) in (None, missing[0]):
            guesses[name] = missing[0]
    chosen = list(guesses.values())
    return {name: guess for name, guess in guesses.items() if chosen.count(guess) == 1}
