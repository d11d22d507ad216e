"""Nomination lists built in the tests: CSV in any encoding, XLSX written with openpyxl."""

from __future__ import annotations

import csv
import io
import zipfile

from openpyxl import Workbook

HEADER = ["姓名", "拼音", "邮箱", "工作单位", "职务", "省份", "性别"]
ROWS = [
    [
        "张伟",
        "ZHANG Wei",
        "zhang.wei@fj.gov.cn",
        "福建省人力资源和社会保障厅",
        "科长",
        "福建",
        "男",
    ],
    ["欧阳娜", "Ouyang Na", "ouyang@fj.gov.cn", "福州市人社局", "主任科员", "Fujian", "女"],
    ["李强", "Li Qiang", "li.qiang@gd.gov.cn", "广东省人社厅", "处长", "44", ""],
]


def csv_bytes(rows, header=HEADER, encoding="utf-8", bom=False, delimiter=",") -> bytes:
    """A CSV file as a spreadsheet program would save it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, header=HEADER, title_row: str | None = None) -> bytes:
    """An Excel workbook with the list on its first sheet (optionally a title line above)."""
    workbook = Workbook()
    sheet = workbook.active
    if title_row:
        sheet.append([title_row])
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_macros(data: bytes) -> bytes:
    """The workbook with a VBA project added, as Excel saves a macro-enabled one."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0fake vba")
    return buffer.getvalue()
