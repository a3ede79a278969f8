"""The columns of a sheet in a file: the type's own (with `updated_at` for page types,
CatalogueType.io_columns), and `published` for page types.

The open-data export lists only public pages, so it leaves `published` out; the staff
export and the importer know it (catalogue.columns.PublishedColumn).
"""

from ..columns import PublishedColumn

# Sheets of a workbook that are not catalogue data: the importer skips them.
README_SHEET = "README"


def sheet_columns(sheet_type, published=True):
    columns = list(sheet_type.io_columns())
    if published and sheet_type.is_page:
        columns.append(PublishedColumn())
    return columns


def sheet_headers(sheet_type, published=True):
    return [header for column in sheet_columns(sheet_type, published) for header in column.headers]
