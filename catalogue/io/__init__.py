"""Catalogue import and export, for every registered type.

One workbook (XLSX) or JSON file with a sheet per type (`registry`); each type lists its
columns, and this package reads (`read`, `spreadsheet`), validates (`validate`), writes
(`write`) and exports (`export`) rows without knowing any field. Imports are all or
nothing: every row is validated first, and one error anywhere means nothing is written.
"""

from .errors import CatalogueError, NewerWorkError
from .export import export_catalogue, export_rows
from .report import ImportReport
from .write import import_catalogue

__all__ = [
    "CatalogueError",
    "ImportReport",
    "NewerWorkError",
    "export_catalogue",
    "export_rows",
    "import_catalogue",
]
