"""The columns of a sheet in a file: the type's own (with `updated_at` for the types
that record their changes, CatalogueType.io_columns), and `published` for page types.

The open-data export lists only public pages, so it leaves `published` out, and the
columns that are not public (Column.public: email addresses); the staff export and the
importer know them all (catalogue.columns.PublishedColumn).
"""

from ..columns import PublishedColumn

# Sheets of a workbook that are not catalogue data: the importer skips them.
README_SHEET = "README"


def sheet_columns(sheet_type, published=True):
    """Every column (`published`: the staff export, the importer), or the open data's."""
    columns = list(sheet_type.io_columns())
    if not published:
        return [column for column in columns if column.public]
    if sheet_type.is_page:
        columns.append(PublishedColumn())
    return columns


def sheet_headers(sheet_type, published=True):
    return [header for column in sheet_columns(sheet_type, published) for header in column.headers]
