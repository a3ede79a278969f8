"""Limits that keep a hostile file cheap: it is refused while being read, before it costs.

An XLSX workbook is a zip archive of XML parts. Before openpyxl parses anything, the
archive's declared sizes are checked (zipfile never inflates a member past its declared
size, so a lying header only truncates it), then every part is inflated once, in chunks,
to check that no text or attribute runs longer than a cell may be and that the shared
strings are not too many. Rows, cells and strings are then counted while the sheets
stream (openpyxl's read-only mode). A JSON file is checked for size and structure before
and after parsing. Together they keep an import well under 300 MB of memory
(tests/catalogue/test_io_limits.py measures it).
"""

import re
import zipfile

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import CatalogueError

# A catalogue of 2,000 practice sheets in three languages is about 25 MB as JSON. The one
# size limit of an import: the command's, and the admin upload's (catalogue.admin_views),
# which states it. A proxy in front of the site must let such an upload through
# (deploy/nginx: client_max_body_size, with some room for the form around the file).
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024
MAX_PART_BYTES = 48 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_ROWS = 20_000  # rows with a value, every sheet together
# Rows with no value (formatting below the data) cost nothing against MAX_ROWS, but each
# is still read; a sheet can claim a row far down for free.
MAX_EMPTY_ROWS = 5 * MAX_ROWS
MAX_CELLS = 500_000  # non-empty cells (or JSON values), every sheet together
MAX_COLUMNS = 200  # per sheet
MAX_STRING = 32_000  # characters in one cell (under Excel's 32,767, where openpyxl cuts text)
# A cell's text in the XML: up to 4 bytes a character, more with entities (&amp;).
MAX_XML_RUN = MAX_STRING * 6
# Commas bound the number of values a JSON file holds, before it is parsed.
MAX_JSON_COMMAS = 2 * MAX_CELLS

CHUNK = 1024 * 1024
# A formula's element in a sheet (<f>, <f t="shared" …/>, or with a prefix, <x:f>).
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s/>]")


def too_large(file_name, what, limit):
    return CatalogueError(
        [
            _("%(file)s: too large (%(what)s; the limit is %(limit)s)")
            % {"file": file_name, "what": what, "limit": limit}
        ]
    )


def check_file_size(path):
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise too_large(path.name, filesizeformat(size), filesizeformat(MAX_FILE_BYTES))


def not_a_workbook(file_name):
    return CatalogueError(
        [
            _("%(file)s: not an XLSX workbook (the file is not a zip archive, or is damaged)")
            % {"file": file_name}
        ]
    )


def check_xlsx_archive(path):
    """Refuse a zip whose parts would inflate too far, or hold oversized text; return
    whether a part holds a formula (the reader then reads the formulas too)."""
    formulas = False
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise too_large(
                    path.name,
                    _("%(count)s parts in the archive") % {"count": len(members)},
                    MAX_ZIP_MEMBERS,
                )
            total = sum(member.file_size for member in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise too_large(
                    path.name,
                    _("%(size)s once uncompressed") % {"size": filesizeformat(total)},
                    filesizeformat(MAX_UNCOMPRESSED_BYTES),
                )
            for member in members:
                if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise not_a_workbook(path.name)
                if member.file_size > MAX_PART_BYTES:
                    raise too_large(
                        path.name,
                        _("%(size)s once uncompressed")
                        % {"size": filesizeformat(member.file_size)},
                        filesizeformat(MAX_PART_BYTES),
                    )
                formulas |= _scan_part(path.name, archive, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError) as exc:
        raise not_a_workbook(path.name) from exc
    except NotImplementedError as exc:  # an unsupported compression or encryption
        raise not_a_workbook(path.name) from exc
    return formulas


def _scan_part(file_name, archive, member):
    """Inflate a part in chunks: no text longer than a cell, not too many shared strings.
    Return whether it holds a formula's element."""
    shared_strings = member.filename.endswith("sharedStrings.xml")
    strings = 0
    formula = False
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            data = tail + chunk
            cut = max(data.rfind(b"<"), 0)
            complete, tail = data[:cut], data[cut:]
            if len(tail) > MAX_XML_RUN or max(map(len, complete.split(b"<"))) > MAX_XML_RUN:
                raise too_string(file_name)
            if shared_strings:
                strings += sum(complete.count(tag) for tag in (b"<si>", b"<si ", b"<si/"))
                if strings > MAX_CELLS:
                    raise too_large(
                        file_name, _("more than %(count)s texts") % {"count": MAX_CELLS}, MAX_CELLS
                    )
            formula = formula or FORMULA_TAG.search(complete) is not None
    return formula


def too_string(file_name):
    return CatalogueError(
        [
            _("%(file)s: a cell holds more than %(limit)s characters")
            % {"file": file_name, "limit": MAX_STRING}
        ]
    )


class Budget:
    """Counts rows and cells while a file is read; raises once a limit is passed."""

    def __init__(self, file_name):
        self.file_name = file_name
        self.rows = 0
        self.empty_rows = 0
        self.cells = 0

    def row(self, values, where):
        """Count a row with a value; `where` names it ("practices, row 12")."""
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise too_large(
                self.file_name,
                _("more than %(count)s rows with a value, reached at %(where)s")
                % {"count": MAX_ROWS, "where": where},
                MAX_ROWS,
            )
        for value in values:
            if value is None or value == "":
                continue
            self.cells += 1
            if isinstance(value, str) and len(value) > MAX_STRING:
                raise too_string(self.file_name)
        if self.cells > MAX_CELLS:
            raise too_large(
                self.file_name, _("more than %(count)s cells") % {"count": MAX_CELLS}, MAX_CELLS
            )

    def empty_row(self, where):
        """Count a row without a value (MAX_EMPTY_ROWS)."""
        self.empty_rows += 1
        if self.empty_rows > MAX_EMPTY_ROWS:
            raise too_large(
                self.file_name,
                _(
                    "more than %(count)s rows without a value, reached at %(where)s: delete "
                    "the empty rows below the data"
                )
                % {"count": MAX_EMPTY_ROWS, "where": where},
                MAX_EMPTY_ROWS,
            )

    def columns(self, sheet, count):
        if count > MAX_COLUMNS:
            raise too_large(
                self.file_name,
                _("%(sheet)s: %(count)s columns") % {"sheet": sheet, "count": count},
                MAX_COLUMNS,
            )
