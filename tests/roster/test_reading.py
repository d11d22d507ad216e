"""Reading nomination lists: encodings, XLSX safety, header row, limits."""

from __future__ import annotations

import io
import zipfile

import pytest

from app.roster.columns import header_score
from app.roster.reading import MAX_ROWS, FileCode, FileProblem, column_letter, read_table
from tests.roster.files import HEADER, ROWS, csv_bytes, with_macros, xlsx_bytes


def _read(data: bytes, extension: str = "csv"):
    return read_table(data, extension, header_score)


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [("utf-8", False, "utf-8"), ("utf-8", True, "utf-8-sig"), ("gb18030", False, "gb18030")],
)
def test_csv_is_read_in_utf8_with_or_without_bom_and_in_gb18030(encoding, bom, expected):
    table = _read(csv_bytes(ROWS, encoding=encoding, bom=bom))
    assert table.encoding == expected
    assert table.headers == HEADER
    assert table.rows[0] == (2, ROWS[0])
    assert [number for number, _cells in table.rows] == [2, 3, 4]


def test_semicolon_separated_csv_is_read():
    table = _read(csv_bytes(ROWS, delimiter=";"))
    assert table.rows[1][1][0] == "欧阳娜"


def test_text_that_is_neither_utf8_nor_gb18030_is_refused():
    with pytest.raises(FileProblem) as refused:
        _read(b"\xff\xfe\x00\x00name\n" + bytes(range(128, 256)))
    assert refused.value.code is FileCode.ENCODING


def test_xlsx_is_read_with_row_numbers_as_the_spreadsheet_shows_them():
    table = _read(xlsx_bytes(ROWS, title_row="福建省推荐参训人员名单"), "xlsx")
    assert table.header_row == 2
    assert table.headers == HEADER
    assert table.rows[0] == (3, ROWS[0])
    assert table.encoding == "xlsx"


def test_numbers_in_xlsx_cells_read_as_the_sheet_shows_them():
    table = _read(xlsx_bytes([["王芳", "Wang Fang", "w@x.org", "单位", "职员", 35, 2]]), "xlsx")
    assert table.rows[0][1][5:] == ["35", "2"]


def test_macro_enabled_workbooks_are_refused():
    with pytest.raises(FileProblem) as refused:
        _read(with_macros(xlsx_bytes(ROWS)), "xlsx")
    assert refused.value.code is FileCode.MACROS


def test_other_zip_payloads_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(FileProblem) as refused:
        _read(buffer.getvalue(), "xlsx")
    assert refused.value.code is FileCode.WRONG_TYPE


def test_zip_posing_as_csv_and_other_extensions_are_refused():
    with pytest.raises(FileProblem) as refused:
        _read(xlsx_bytes(ROWS), "csv")
    assert refused.value.code is FileCode.WRONG_TYPE
    with pytest.raises(FileProblem):
        _read(b"a,b\n", "xls")


def test_damaged_workbook_is_refused():
    with pytest.raises(FileProblem) as refused:
        _read(b"PK\x03\x04 not really a zip", "xlsx")
    assert refused.value.code is FileCode.DAMAGED


@pytest.mark.parametrize("data", [b"", b"  \r\n", b",,,\r\n,,\r\n"])
def test_empty_files_are_refused(data):
    with pytest.raises(FileProblem) as refused:
        _read(data)
    assert refused.value.code is FileCode.EMPTY


def test_a_header_without_people_is_refused():
    with pytest.raises(FileProblem) as refused:
        _read(csv_bytes([]))
    assert refused.value.code is FileCode.NO_DATA


def test_too_many_rows_are_refused():
    rows = [[f"人{i}", "", f"p{i}@x.org", "", "", "", ""] for i in range(MAX_ROWS + 1)]
    with pytest.raises(FileProblem) as refused:
        _read(csv_bytes(rows))
    assert refused.value.code is FileCode.TOO_MANY_ROWS
    assert len(_read(csv_bytes(rows[:MAX_ROWS])).rows) == MAX_ROWS


def test_blank_rows_keep_the_spreadsheet_numbering():
    data = csv_bytes([ROWS[0], ["", "", "", "", "", "", ""], ROWS[1]])
    assert [n for n, _cells in _read(data).rows] == [2, 4]


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA",
    ]  # fmt: skip


def test_a_title_line_above_unrecognised_headings_is_not_taken_for_the_header():
    data = csv_bytes([["陈静", "c@x.cn", "单位"]], header=["参训人", "联系邮箱", "所属机构"])
    table = _read(("福建省推荐名单\r\n").encode() + data)
    assert (table.header_row, table.headers) == (2, ["参训人", "联系邮箱", "所属机构"])
    assert table.rows == [(3, ["陈静", "c@x.cn", "单位"])]
