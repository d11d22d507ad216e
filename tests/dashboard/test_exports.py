"""Every dashboard table as CSV and XLSX: BOM, bilingual headers, numbers, formula escaping."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from app.core.access import Role
from app.core.spreadsheets import csv_bytes, safe_cell, xlsx_bytes
from app.dashboard.tables import TABLES
from app.extensions import db

from .programme import build_programme

FILTER = {"start": "2026-01-01", "end": "2026-06-30"}
DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "plain", "a=b"]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def read_xlsx(data: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_escaping_rule_is_shared_by_both_formats():
    header = ["名称 Name"]
    rows = [[text] for text in DANGEROUS] + [[None], [-5], [2.5]]
    from_csv = [r[0] for r in read_csv(csv_bytes(header, rows))[1:]]
    book = load_workbook(io.BytesIO(xlsx_bytes("Sheet", header, rows)))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    expected = ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\t=x", "plain", "a=b"]
    assert from_csv == [*expected, "", "-5", "2.5"]
    assert [c.value for c in cells] == [*expected, None, -5, 2.5]
    assert all(c.data_type != "f" for c in cells)  # no formula in the workbook
    assert safe_cell(-5) == "-5"  # a negative number is not a formula


def test_every_table_exports_to_csv_and_xlsx_with_bilingual_headers(client_as):
    build_programme()
    client = client_as(Role.COORDINATOR, timezone="Asia/Shanghai")
    for slug in TABLES:
        response = client.get(f"/dashboard/{slug}.csv", query_string=FILTER)
        assert response.status_code == 200, slug
        assert response.mimetype == "text/csv"
        assert (
            f"dashboard-{slug}-2026-01-01-2026-06-30.csv" in response.headers["Content-Disposition"]
        )
        from_csv = read_csv(response.data)
        response = client.get(f"/dashboard/{slug}.xlsx", query_string=FILTER)
        assert response.status_code == 200, slug
        from_xlsx = read_xlsx(response.data)
        assert from_csv[0] == list(from_xlsx[0])
        assert len(from_csv) == len(from_xlsx) > 1, slug
        for header in from_csv[0]:
            assert any("\u4e00" <= c <= "\u9fff" for c in header), header
            assert any(c.isascii() and c.isalpha() for c in header), header


def test_exported_figures_match_the_indicators(client_as):
    build_programme()
    client = client_as(Role.ADMIN, timezone="Asia/Shanghai")
    rows = read_xlsx(client.get("/dashboard/provinces.xlsx", query_string=FILTER).data)
    assert rows[0] == ["省份 Province", "学员 Participants"]
    assert sorted(rows[1:], key=str) == sorted(
        [["Fujian", 2], ["Shandong", 2], ["Outside China", 1], ["Not recorded", 1]], key=str
    )
    assert rows[-1] == ["Not recorded", 1]
    summary = read_csv(client.get("/dashboard/summary.csv", query_string=FILTER).data)
    assert ["Attendance rate (%)", "66"] in summary
    assert summary[0] == ["指标 Indicator", "数值 Value"]
    gain = read_xlsx(client.get("/dashboard/gain.xlsx", query_string=FILTER).data)
    assert gain == [
        ["培训班 Workshop", "完成前后测的人数 People with both tests", "前测平均分 Mean pre-test score",
         "后测平均分 Mean post-test score", "标准化提升率 Normalised gain"],
        ["Workshop W1", 2, 50, 72.5, 0.45],
        ["Workshop W2", 2, 75, 95, 0.8],
        ["All held workshops", 4, 62.5, 83.8, 0.57],
    ]  # fmt: skip
    quizzes = read_csv(client.get("/dashboard/quizzes.csv", query_string=FILTER).data)
    assert quizzes[1:] == [["Final quiz", "3", "2", "66"], ["Practice quiz", "2", "1", "50"]]
    certificates = read_csv(client.get("/dashboard/certificates.csv", query_string=FILTER).data)
    assert certificates[1:] == [["Attendance certificate", "2"], ["Completion certificate", "1"]]
    evaluations = read_xlsx(client.get("/dashboard/evaluations.xlsx", query_string=FILTER).data)
    assert evaluations[-1] == ["All rating questions", 4, 3.5]
    months = read_xlsx(client.get("/dashboard/months.xlsx", query_string=FILTER).data)
    assert months[1:] == [
        ["Jan 2026", 1, 1], ["Feb 2026", 0, 0], ["Mar 2026", 1, 3],
        ["Apr 2026", 1, 3], ["May 2026", 0, 0], ["Jun 2026", 0, 0],
    ]  # fmt: skip


def test_values_are_in_the_viewers_language_and_escaped(client_as):
    programme = build_programme()
    module = programme.modules["m"]
    module.title_zh = '=HYPERLINK("http://evil")'
    db.session.commit()
    client = client_as(Role.COORDINATOR, timezone="Asia/Shanghai", preferred_language="zh")
    rows = read_csv(client.get("/dashboard/modules.csv", query_string=FILTER).data)
    assert rows[0] == ["培训模块 Training module", "完成人次 Completions"]
    assert ['\'=HYPERLINK("http://evil")', "1"] in rows
    workbook = read_xlsx(client.get("/dashboard/modules.xlsx", query_string=FILTER).data)
    assert ['\'=HYPERLINK("http://evil")', 1] in workbook
    provinces = read_csv(client.get("/dashboard/provinces.csv", query_string=FILTER).data)
    assert ["福建省", "2"] in provinces and ["未填写", "1"] in provinces
