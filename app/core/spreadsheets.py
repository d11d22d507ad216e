"""CSV and XLSX exports that Excel opens correctly in Chinese and that cannot smuggle in formulas.

One escaping rule for both formats (`safe_cell`): text that a spreadsheet would read as a formula
gets a leading apostrophe; numbers stay numbers (a negative number is not a formula).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import quote

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

#: A cell starting with one of these is a formula to Excel or LibreOffice.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def safe_cell(value: object) -> str:
    """The cell's text, with a leading apostrophe when it would otherwise be read as a formula."""
    text = "" if value is None else str(value)
    if _is_number(value):
        return text
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Chinese names; every cell escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _attachment(response: Response, filename: str, fallback: str) -> Response:
    ascii_name = filename.encode("ascii", "ignore").decode() or fallback
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    """A CSV download; the file name may be Chinese (RFC 5987)."""
    return _attachment(
        Response(csv_bytes(header, rows), mimetype="text/csv"), filename, "export.csv"
    )


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Characters a worksheet's name may not hold.
_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _xlsx_cell(value: object) -> object:
    """Numbers as numbers (so sums work in Excel); everything else as escaped text."""
    if value is None:
        return None
    return value if _is_number(value) else safe_cell(value)


def xlsx_bytes(sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One worksheet with a bold, frozen header row; every text cell escaped like the CSV's."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name.translate(_SHEET_NAME_FORBIDDEN)[:31] or "Sheet1"
    sheet.append([safe_cell(h) for h in header])
    widths = [len(safe_cell(h)) for h in header]
    for row in rows:
        cells = [_xlsx_cell(v) for v in row]
        sheet.append(cells)
        for index, cell in enumerate(cells[: len(widths)]):
            widths[index] = max(widths[index], len(str(cell or "")))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    """An XLSX download; the file name may be Chinese (RFC 5987)."""
    return _attachment(
        Response(xlsx_bytes(sheet_name, header, rows), mimetype=XLSX_MIMETYPE),
        filename,
        "export.xlsx",
    )
