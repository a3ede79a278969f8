"""The README sheet of an exported workbook: every column explained in French, English
and Spanish, and the lists of accepted values that the data sheets' drop-downs use.

The import skips this sheet (sheets.README_SHEET), but for the open data's marker: the
open-data export says on row MARKER_ROW what it is (sheets.OPEN_DATA) and what to download
instead to edit the catalogue.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from django_countries import countries
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.i18n import LANGUAGE_CODES, language_name
from core.structured_data import LICENCE

from .. import registry
from ..columns import ChoiceColumn, CountriesColumn, CountryColumn, RefColumn
from ..values import COUNTRY_ALIASES
from .sheets import OPEN_DATA, sheet_columns

MARKER_ROW = 5  # the open data's marker and note (sheets.MARKER_ROWS reach it)
TABLE_ROW = 6  # header row of the column table and of the value lists
LISTS_COLUMN = 8  # first column of the value lists (H)


def _in_every_language(text_function):
    texts = []
    for code in LANGUAGE_CODES:
        with translation.override(code):
            texts.append(text_function())
    return texts


def _joined(text_function):
    return " / ".join(dict.fromkeys(_in_every_language(text_function)))


def _intro():
    return [
        _(
            "This workbook holds the Co-actions catalogue: a sheet each for themes, partners, "
            "projects and practices, a row per item, a column per field. The import reads "
            "those sheets and skips this one."
        ),
        _(
            "Rows are matched on their key (slug or ref): a known key updates that item, a "
            "new one creates it. Lists are separated by ';'. Columns ending in _fr, _en and "
            "_es hold each language; a page's title and summary are required in one "
            "language at least."
        ),
        _(
            "Columns with a drop-down accept a value from the lists on the right, one of the "
            "names listed beside it (in French, English or Spanish, and other usual names), "
            "or the first word of a name that no other value has. Dates: YYYY-MM-DD or day "
            "first, DD/MM/YYYY (also with . or -, or a two-digit year: 00-29 for 20YY, 30-99 "
            "for 19YY)."
        ),
    ]


def _open_data_note():
    return _(
        "This file is the open data: the pages the public can see, without e-mail "
        "addresses or links to the pages the public cannot see. To edit the catalogue and "
        "import it back, download every page instead, from the “Import the catalogue” page "
        "of the admin."
    )


def _licence_note():
    return _(
        "Its texts are published under the Creative Commons Attribution-ShareAlike 4.0 "
        "licence (CC BY-SA 4.0, %(url)s): you may reuse them if you credit Co-actions with "
        "a link to the page (the url_ columns) and share your adaptations under the same "
        "licence."
    ) % {"url": LICENCE}


def _value_lists(columns_by_sheet):
    """{list id: (title, [(value, names)])} and {(sheet, header): list id}."""
    lists, used = {}, {}
    for sheet, columns in columns_by_sheet.items():
        for column in columns:
            if isinstance(column, ChoiceColumn):
                list_id = ("choice", column.choices)
                if list_id not in lists:
                    labels = {value: [] for value in column.choices.values}
                    for code in LANGUAGE_CODES:
                        with translation.override(code):
                            for value, label in column.choices.choices:
                                labels[value].append(str(label))
                    for value, names in column.other_names.items():
                        labels[value].extend(names)
                    lists[list_id] = (column.name, _named(labels))
            elif isinstance(column, (CountryColumn, CountriesColumn)):
                list_id = ("countries",)
                if list_id not in lists:
                    lists[list_id] = ("countries", _country_list())
            elif isinstance(column, RefColumn) and not registry.by_sheet()[column.target].is_page:
                list_id = ("sheet", column.target)
                if list_id not in lists:
                    lists[list_id] = (column.target, _key_list(registry.by_sheet()[column.target]))
            else:
                continue
            used[(sheet, column.name)] = list_id
    return lists, used


def _named(labels):
    return [(value, " / ".join(dict.fromkeys(names))) for value, names in labels.items()]


def _country_list():
    names = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            for country in countries:
                names.setdefault(country.code, []).append(str(country.name))
    for code, aliases in COUNTRY_ALIASES.items():
        names[code].extend(aliases)
    return _named(dict(sorted(names.items())))


def _key_list(sheet_type):
    rows = sheet_type.model.objects.order_by("pk").values_list(sheet_type.key, *sheet_type.aliases)
    return [(row[0], " / ".join(dict.fromkeys(name for name in row[1:] if name))) for row in rows]


def write_readme(worksheet, headers, open_data=False):
    """Fill the README sheet; return {(sheet, header): range} for the drop-down lists.
    `open_data`: the open-data export, marked as such (sheets.OPEN_DATA)."""
    title = _joined(lambda: _("Co-actions catalogue"))
    worksheet.append([title])
    worksheet["A1"].font = Font(bold=True, size=14)
    # A row per language, the paragraphs wrapped across the table's width.
    for row, paragraphs in enumerate(_in_every_language(_intro), start=2):
        worksheet.cell(row=row, column=1, value=" ".join(paragraphs)).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
        worksheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        worksheet.row_dimensions[row].height = 62
    if open_data:
        worksheet.cell(row=MARKER_ROW, column=1, value=OPEN_DATA).font = Font(bold=True)
        note = worksheet.cell(
            row=MARKER_ROW,
            column=2,
            value="\n".join(
                dict.fromkeys(
                    f"{note} {licence}"
                    for note, licence in zip(
                        _in_every_language(_open_data_note),
                        _in_every_language(_licence_note),
                        strict=True,
                    )
                )
            ),
        )
        note.alignment = Alignment(wrap_text=True, vertical="top")
        worksheet.merge_cells(
            start_row=MARKER_ROW, start_column=2, end_row=MARKER_ROW, end_column=6
        )
        worksheet.row_dimensions[MARKER_ROW].height = 96

    columns_by_sheet = {}
    for sheet_type in registry.types():
        wanted = set(headers.get(sheet_type.sheet, []))
        columns_by_sheet[sheet_type.sheet] = [
            column
            for column in sheet_columns(sheet_type, published=not open_data)
            if wanted & set(column.headers)
        ]

    table_headers = [
        _joined(lambda: _("sheet")),
        _joined(lambda: _("column")),
        _joined(lambda: _("required")),
        *(language_name(code) for code in LANGUAGE_CODES),
    ]
    for index, text in enumerate(table_headers, start=1):
        cell = worksheet.cell(row=TABLE_ROW, column=index, value=text)
        cell.font = Font(bold=True)
    row = TABLE_ROW + 1
    for sheet, columns in columns_by_sheet.items():
        for column in columns:
            described = {}
            for code in LANGUAGE_CODES:
                with translation.override(code):
                    for header, required, text in column.descriptions():
                        described.setdefault(header, [required]).append(text)
            for header, (required, *texts) in described.items():
                values = [sheet, header, "✓" if required else "", *texts]
                for index, value in enumerate(values, start=1):
                    worksheet.cell(row=row, column=index, value=value)
                row += 1

    ranges = {}
    lists, used = _value_lists(columns_by_sheet)
    column_index = LISTS_COLUMN
    for list_id, (title, values) in lists.items():
        key_letter = get_column_letter(column_index)
        worksheet.cell(row=TABLE_ROW, column=column_index, value=title).font = Font(bold=True)
        for offset, (value, names) in enumerate(values, start=1):
            worksheet.cell(row=TABLE_ROW + offset, column=column_index, value=value)
            worksheet.cell(row=TABLE_ROW + offset, column=column_index + 1, value=names)
        worksheet.column_dimensions[key_letter].width = 18
        worksheet.column_dimensions[get_column_letter(column_index + 1)].width = 40
        if values:
            last = TABLE_ROW + len(values)
            first = TABLE_ROW + 1
            ranges[list_id] = f"{worksheet.title}!${key_letter}${first}:${key_letter}${last}"
        column_index += 3
    for width, letter in zip((16, 22, 10, 50, 50, 50), "ABCDEF", strict=True):
        worksheet.column_dimensions[letter].width = width
    worksheet.freeze_panes = f"A{TABLE_ROW + 1}"
    return {key: ranges[list_id] for key, list_id in used.items() if list_id in ranges}
