"""Reading a nomination list: CSV or XLSX bytes -> a header row and data rows of plain text.

Pure: no Flask. Problems are raised as `FileProblem` with a code the pages translate. CSV is
decoded as strict UTF-8 (with or without a byte-order mark) first, then GB18030, which is what
Chinese Excel writes. XLSX is opened with openpyxl in read-only, values-only mode after checking
the zip container: macro-enabled workbooks and other zip payloads are refused, and so are archives
that would unpack to far more than they weigh.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from app.core.containers import ContainerProblem, container_problem

#: Most data rows a nomination list may have (a workshop seats tens, not thousands).
MAX_ROWS = 1000
#: Most columns read from a file; further columns are refused.
MAX_COLUMNS = 40
#: Longest text accepted in one cell.
MAX_CELL = 1000
#: How many leading non-empty rows may stand above the header (a title line, a date line).
HEADER_SEARCH_ROWS = 10

EXTENSIONS = frozenset({"csv", "xlsx"})


class FileCode(StrEnum):
    """Why a whole file was refused."""

    WRONG_TYPE = "wrong_type"
    MACROS = "macros"
    DAMAGED = "damaged"
    ENCODING = "encoding"
    EMPTY = "empty"
    NO_DATA = "no_data"
    TOO_MANY_ROWS = "too_many_rows"
    TOO_MANY_COLUMNS = "too_many_columns"


class FileProblem(Exception):
    """The file as a whole cannot be read."""

    def __init__(self, code: FileCode, **params):
        super().__init__(code.value)
        self.code = code
        self.params = params


@dataclass
class Table:
    """What a file holds: its header cells and its data rows, with spreadsheet row numbers."""

    headers: list[str]
    #: (row number as the spreadsheet shows it, cells padded to the header's width)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    #: The row number of the header itself.
    header_row: int = 1
    #: How the file was decoded ('utf-8', 'utf-8-sig', 'gb18030', 'xlsx').
    encoding: str = ""


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_text(value: object) -> str:
    """A cell's value as text, as the spreadsheet shows it (12.0 -> 12, dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).replace("\u3000", " ").split())[:MAX_CELL]


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding that read it: UTF-8 (BOM or not), then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise FileProblem(FileCode.ENCODING) from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileProblem(FileCode.ENCODING)


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _csv_rows(data: bytes) -> tuple[list[tuple[int, list[str]]], str]:
    text, encoding = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    filled = 0
    try:
        for number, cells in enumerate(reader, start=1):
            texts = [cell_text(c) for c in cells[: MAX_COLUMNS + 1]]
            while texts and not texts[-1]:
                texts.pop()
            rows.append((number, texts))
            filled += any(texts)
            if filled > MAX_ROWS + HEADER_SEARCH_ROWS + 1:
                break
    except csv.Error:
        raise FileProblem(FileCode.DAMAGED) from None
    return rows, encoding


#: How a container problem reads to the pages that explain a refused nomination list.
_CONTAINER_CODES = {
    ContainerProblem.DAMAGED: FileCode.DAMAGED,
    ContainerProblem.TOO_LARGE_UNPACKED: FileCode.DAMAGED,
    ContainerProblem.WRONG_TYPE: FileCode.WRONG_TYPE,
    ContainerProblem.MACROS: FileCode.MACROS,
}


def _check_xlsx_container(data: bytes) -> None:
    problem = container_problem(data, "xlsx")
    if problem is not None:
        raise FileProblem(_CONTAINER_CODES[problem])


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    import openpyxl  # imported here: only XLSX uploads need it

    _check_xlsx_container(data)
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception:  # openpyxl raises many kinds for a damaged file  # noqa: BLE001
        raise FileProblem(FileCode.DAMAGED) from None
    try:
        # The sheet that was open when the workbook was saved, as the coordinator last saw it.
        sheet = workbook.active or (workbook.worksheets[0] if workbook.worksheets else None)
        if sheet is None:
            raise FileProblem(FileCode.EMPTY)
        rows = []
        filled = 0
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            cells = [cell_text(v) for v in values[: MAX_COLUMNS + 1]]
            while cells and not cells[-1]:
                cells.pop()
            rows.append((number, cells))
            filled += any(cells)
            if filled > MAX_ROWS + HEADER_SEARCH_ROWS + 1:
                break
    except FileProblem:
        raise
    except Exception:  # noqa: BLE001 -- a malformed sheet part
        raise FileProblem(FileCode.DAMAGED) from None
    finally:
        workbook.close()
    return rows


def read_table(data: bytes, extension: str, header_score=None) -> Table:
    """The header and data rows of a nomination list.

    `header_score(cells) -> int` counts the recognised headings in a row; it picks the header
    among the leading rows.
    """
    extension = extension.lower()
    if extension not in EXTENSIONS:
        raise FileProblem(FileCode.WRONG_TYPE)
    if not data.strip():
        raise FileProblem(FileCode.EMPTY)
    if extension == "csv":
        if data[:4] == b"PK\x03\x04":
            raise FileProblem(FileCode.WRONG_TYPE)
        rows, encoding = _csv_rows(data)
    else:
        rows, encoding = _xlsx_rows(data), "xlsx"
    filled = [(n, cells) for n, cells in rows if any(cells)]
    if not filled:
        raise FileProblem(FileCode.EMPTY)
    # The header is the leading row with the most recognised headings (two at least: one can be
    # a chance match in the data), then the most filled cells (a title line above it has one),
    # the earliest on a tie.
    leading = filled[:HEADER_SEARCH_ROWS]
    scores = [header_score(cells) if header_score else 0 for _n, cells in leading]
    ranks = [
        (score if score >= 2 else 0, sum(bool(c) for c in cells))
        for score, (_n, cells) in zip(scores, leading, strict=True)
    ]
    header_at = ranks.index(max(ranks))
    header_row, headers = filled[header_at]
    width = max(len(cells) for _n, cells in filled[header_at:])
    if width > MAX_COLUMNS:
        raise FileProblem(FileCode.TOO_MANY_COLUMNS, limit=MAX_COLUMNS)
    data_rows = [(n, cells + [""] * (width - len(cells))) for n, cells in filled[header_at + 1 :]]
    if not data_rows:
        raise FileProblem(FileCode.NO_DATA)
    if len(data_rows) > MAX_ROWS:
        raise FileProblem(FileCode.TOO_MANY_ROWS, limit=MAX_ROWS)
    return Table(
        headers=headers + [""] * (width - len(headers)),
        rows=data_rows,
        header_row=header_row,
        encoding=encoding,
    )
