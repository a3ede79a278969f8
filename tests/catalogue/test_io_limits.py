"""Hostile files change nothing and cost little (catalogue.io.limits, read, spreadsheet)."""

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.utils import translation

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Border, Side

from catalogue.io import CatalogueError, limits
from catalogue.io.read import read_catalogue_file

ROOT = Path(settings.BASE_DIR)
BOMB_BYTES = 400 * 1024 * 1024  # what the shared string inflates to


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def small_workbook(path, rows=(("ref", "name"), ("p1", "X"))):
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = "partners"
    for row in rows:
        worksheet.append(list(row))
    workbook.save(path)
    return path


def with_shared_strings(source, target, write_strings):
    """A copy of the workbook `source` whose sharedStrings.xml `write_strings(stream)` writes."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as bomb:
        for item in original.infolist():
            if item.filename != "xl/sharedStrings.xml":
                bomb.writestr(item, original.read(item), compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("xl/sharedStrings.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(info, "w") as stream:
            write_strings(stream)
    return target


def zip_bomb(tmp_path):
    """A small XLSX (about 400 KB) whose one shared string inflates to 400 MB."""

    def write(stream):
        stream.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        stream.write(b"<si><t>")
        chunk = b"A" * (1024 * 1024)
        for _ in range(BOMB_BYTES // len(chunk)):
            stream.write(chunk)
        stream.write(b"</t></si></sst>")

    source = small_workbook(tmp_path / "source.xlsx")
    return with_shared_strings(source, tmp_path / "bomb.xlsx", write)


def lie_about_size(path, member="xl/sharedStrings.xml", size=1000):
    """Rewrite the archive's headers so `member` claims to inflate to `size` bytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_offset, name_offset in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_offset : start + name_offset + len(name)] == name:
                data[start + size_offset : start + size_offset + 4] = size.to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(data))
    return path


def read_in_subprocess(path):
    """Read `path` in a fresh process; return (message, peak resident memory in MB)."""
    code = f"""
import django
django.setup()
from django.utils import translation
from catalogue.io import CatalogueError
from catalogue.io.read import read_catalogue_file
translation.activate("en")
try:
    read_catalogue_file({str(path)!r})
    message = "read without error"
except CatalogueError as exc:
    message = " | ".join(exc.messages)
print(message)
# VmHWM, this process's own peak: ru_maxrss would carry over the peak of the (large)
# test process it was forked from, since Linux keeps it across exec.
with open("/proc/self/status") as status:
    print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) // 1024)
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"DJANGO_SETTINGS_MODULE": "coactions.settings.test", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    message, peak = result.stdout.strip().splitlines()[-2:]
    return message, int(peak)


def test_a_zip_bomb_is_refused_before_it_inflates(tmp_path):
    path = zip_bomb(tmp_path)
    assert path.stat().st_size < 2 * 1024 * 1024
    message, peak_mb = read_in_subprocess(path)
    assert message.startswith("bomb.xlsx: too large (400.0"), message
    assert "A" * 81 not in message
    assert peak_mb < 300, f"peak memory {peak_mb} MB"


def test_a_zip_bomb_that_lies_about_its_size_is_refused_cheaply(tmp_path):
    path = lie_about_size(zip_bomb(tmp_path))
    message, peak_mb = read_in_subprocess(path)
    assert (
        message == "bomb.xlsx: not an XLSX workbook (the file is not a zip archive, or is damaged)"
    )
    assert peak_mb < 300, f"peak memory {peak_mb} MB"


def test_a_shared_string_longer_than_a_cell_is_refused_before_parsing(tmp_path):
    def write(stream):
        stream.write(b"<sst><si><t>" + b"B" * 300_000 + b"</t></si></sst>")

    source = small_workbook(tmp_path / "source.xlsx")
    path = with_shared_strings(source, tmp_path / "long.xlsx", write)
    with pytest.raises(CatalogueError) as raised:
        read_catalogue_file(path)
    assert raised.value.messages == ["long.xlsx: a cell holds more than 32000 characters"]


def test_a_cell_longer_than_excel_allows_is_refused_while_reading(tmp_path):
    path = small_workbook(tmp_path / "cell.xlsx", rows=[("ref", "name"), ("p1", "C" * 40_000)])
    with pytest.raises(CatalogueError) as raised:
        read_catalogue_file(path)
    assert raised.value.messages == ["cell.xlsx: a cell holds more than 32000 characters"]


def test_rows_and_cells_are_counted_while_reading(tmp_path):
    rows = [("ref", "name")] + [(f"p{n}", "x") for n in range(30)]
    path = small_workbook(tmp_path / "rows.xlsx", rows=rows)
    with mock.patch.object(limits, "MAX_ROWS", 10), pytest.raises(CatalogueError) as raised:
        read_catalogue_file(path)
    assert raised.value.messages == [
        "rows.xlsx: too large (more than 10 rows with a value, reached at partners, row 11; "
        "the limit is 10)"
    ]
    with mock.patch.object(limits, "MAX_CELLS", 20), pytest.raises(CatalogueError) as raised:
        read_catalogue_file(path)
    assert "more than 20 cells" in raised.value.messages[0]


def test_rows_without_a_value_are_not_counted(tmp_path):
    # Borders drawn far below the data, as people format a sheet before filling it.
    rows = [("ref", "name")] + [(f"p{n}", "x") for n in range(30)]
    path = small_workbook(tmp_path / "borders.xlsx", rows=rows)
    workbook = load_workbook(path)
    for number in range(len(rows) + 1, 20_051):
        workbook["partners"].cell(row=number, column=1).border = Border(bottom=Side("thin"))
    workbook.save(path)
    read = read_catalogue_file(path).rows
    assert len(read["partners"]) == 30
    # Reading them still takes time: a row far down is refused, naming the sheet.
    with mock.patch.object(limits, "MAX_EMPTY_ROWS", 100), pytest.raises(CatalogueError) as raised:
        read_catalogue_file(path)
    assert raised.value.messages == [
        "borders.xlsx: too large (more than 100 rows without a value, reached at partners, "
        "row 132: delete the empty rows below the data; the limit is 100)"
    ]


def with_saved_results(path, cells):
    """Rewrite the first sheet's cells {coordinate: (formula, type, saved result)} as a
    spreadsheet program saves them (openpyxl writes formulas without a result)."""
    with zipfile.ZipFile(path) as original:
        parts = {item.filename: original.read(item) for item in original.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for coordinate, (formula, data_type, result) in cells.items():
        sheet = re.sub(
            rf'<c r="{coordinate}"[^>]*>.*?</c>',
            f'<c r="{coordinate}" t="{data_type}"><f>{formula}</f><v>{result}</v></c>',
            sheet,
        )
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as rewritten:
        for name, content in parts.items():
            rewritten.writestr(name, content)
    return path


def test_formulas_are_read_as_their_saved_result_or_refused(tmp_path):
    header = ("ref", "name", "acronym", "city", "website")
    path = small_workbook(tmp_path / "formulas.xlsx", rows=[header, ("p1", 0, 0, 0, "=B2")])
    with_saved_results(
        path,
        {
            "B2": ('UPPER("coop")', "str", "COOP"),
            "C2": ('IF(B2="","","")', "str", ""),  # a formula whose result is empty text
            "D2": ("VLOOKUP(A2,Z:Z,2,0)", "e", "#N/A"),
        },
    )
    with pytest.raises(CatalogueError) as raised:
        read_catalogue_file(path)
    assert raised.value.messages == [
        "partners, row 2, column 'city': the formula gives an error (#N/A): type the value instead",
        "partners, row 2, column 'website': a formula with no computed value: open and save "
        "the file in a spreadsheet program, or type the value",
    ]
    small_workbook(path, rows=[header, ("p1", 0, 0, "Lyon", "")])
    with_saved_results(path, {"B2": ('UPPER("coop")', "str", "COOP"), "C2": ('""', "str", "")})
    rows = read_catalogue_file(path).rows
    assert rows["partners"][0].cells == {
        "ref": "p1",
        "name": "COOP",
        "acronym": None,
        "city": "Lyon",
        "website": None,
    }


def test_a_column_written_twice_is_refused(tmp_path):
    path = small_workbook(
        tmp_path / "twice.xlsx",
        rows=[("ref", "name", "city", "name", "name"), ("p1", "A", "Pau", "B", "C")],
    )
    with pytest.raises(CatalogueError) as raised:
        read_catalogue_file(path)
    assert raised.value.messages == [
        "partners, row 1: the column 'name' appears twice (columns B and D); delete one of them",
        "partners, row 1: the column 'name' appears twice (columns B and E); delete one of them",
    ]


def test_a_file_over_the_size_limit_is_not_opened(tmp_path):
    path = tmp_path / "big.json"
    path.write_text("{}")
    with mock.patch.object(limits, "MAX_FILE_BYTES", 1), pytest.raises(CatalogueError) as raised:
        read_catalogue_file(path)
    assert raised.value.messages[0].startswith("big.json: too large")


def test_junk_is_not_a_workbook_in_the_editors_language(tmp_path):
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"this is not a spreadsheet")
    for lang, expected in (
        ("en", "junk.xlsx: not an XLSX workbook"),
        ("fr", "junk.xlsx\u202f: ce n'est pas un classeur XLSX"),
        ("es", "junk.xlsx: no es un libro XLSX"),
    ):
        with translation.override(lang), pytest.raises(CatalogueError) as raised:
            read_catalogue_file(path)
        assert raised.value.messages[0].startswith(expected), raised.value.messages
        assert "zip file" not in raised.value.messages[0]


def test_a_damaged_workbook_gets_one_translated_message(tmp_path):
    path = small_workbook(tmp_path / "damaged.xlsx")
    with zipfile.ZipFile(path) as original:
        parts = {item.filename: original.read(item) for item in original.infolist()}
    parts["xl/workbook.xml"] = b"<workbook><sheets><sheet"  # cut short
    with zipfile.ZipFile(path, "w") as damaged:
        for name, content in parts.items():
            damaged.writestr(name, content)
    with translation.override("fr"), pytest.raises(CatalogueError) as raised:
        read_catalogue_file(path)
    assert raised.value.messages == [
        "damaged.xlsx\u202f: ce n'est pas un classeur XLSX lisible\u202f; enregistrez-le à nouveau "
        "en .xlsx depuis votre tableur"
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"themes": [', "not valid JSON at line 1, column 13"),
        (b"[]", "the top level must be an object"),
        (b'"themes"', "the top level must be an object"),
        (b"42", "the top level must be an object"),
        (b"null", "the top level must be an object"),
        (b'{"partners": {"ref": "x"}}', "partners: must be a list of objects"),
        (b'{"partners": ["x"]}', "partners, item 1: must be an object"),
        (b'{"partners": [{"ref": {"a": 1}}]}', "partners, item 1, column 'ref': must be a text"),
        (b'{"partners": [{"ref": [["x"]]}]}', "partners, item 1, column 'ref': must be a text"),
        (b'{"partners": [{"member_since": ' + b"9" * 5000 + b"}]}", "a number is too long"),
        (b'{"partners": [{"member_since": NaN}]}', "not a finite number"),
        (b'{"partners": [{"member_since": 1e999}]}', "not a finite number"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"themes": "\xff"}', "not UTF-8 text"),
    ],
)
def test_malformed_json_gets_one_clear_message(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CatalogueError) as raised:
        read_catalogue_file(path)
    assert len(raised.value.messages) == 1, raised.value.messages
    message = raised.value.messages[0]
    assert message.startswith("bad.json: ") or message.startswith("partners"), message
    assert reason in message, message


def test_json_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"partners": [{"ref": "p1"}]}).encode())
    rows = read_catalogue_file(path).rows
    assert [row.cells for row in rows["partners"]] == [{"ref": "p1"}]


def test_json_values_are_counted_before_parsing(tmp_path):
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"partners": [{"ref": f"p{n}"} for n in range(50)]}))
    with mock.patch.object(limits, "MAX_JSON_COMMAS", 10), pytest.raises(CatalogueError):
        read_catalogue_file(path)


def test_a_long_value_is_quoted_short_and_long_reports_are_cut(tmp_path):
    path = tmp_path / "columns.json"
    name = "z" * 10_000
    path.write_text(json.dumps({"partners": [{"ref": "p1", name: {}}]}))
    with pytest.raises(CatalogueError) as raised:
        read_catalogue_file(path)
    assert len(raised.value.messages[0]) < 200
    assert "z" * 81 not in raised.value.messages[0]
    many = tmp_path / "many.json"
    many.write_text(json.dumps({"partners": ["x"] * 500}))
    with pytest.raises(CatalogueError) as raised:
        read_catalogue_file(many)
    assert raised.value.total == 500
    assert len(raised.value.messages) == 101
    assert raised.value.messages[-1] == "… and 400 more problems not listed."
