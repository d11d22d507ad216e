"""Workshops' sign-in sheets and name badges: every name in a font that has its glyphs, reproducible,
paginated."""

from __future__ import annotations

import io

from app.workshops import sheets
from tests.pdf_check import fonts_not_embedded, printed_text, uncovered_characters

NAMES = [
    "Łukasz Kowalski",
    "Ștefan Popescu",
    "Đurđica Horvat",
    "张伟",
    "欧阳娜娜",
    "Ζωή Παπαδοπούλου",
]


def test_every_name_prints_in_a_font_that_has_its_glyphs():
    sheet = sheets.SignInSheet(
        heading="Sign-in sheet / 签到表",
        workshop_title="Monitoring agencies / 职业中介机构监管",
        session_line="Session 1 / 第1单元",
        columns=("No. / 序号", "Name / 姓名", "Organisation / 单位", "Signature / 签名"),
        people=tuple((name, "Inspectorate / 监察局") for name in NAMES),
    )
    data = sheets.sign_in_sheet(sheet)
    assert data.startswith(b"%PDF")
    assert fonts_not_embedded(data) == []
    assert uncovered_characters(data) == []
    text = printed_text(data)
    for name in NAMES:
        assert name in text


def test_invariant_output_is_reproducible_byte_for_byte():
    badges = sheets.BadgeSheet(
        "Workshop / 培训班", tuple(sheets.Badge("张伟", "ZHANG Wei", "Office") for _ in range(3))
    )
    assert sheets.name_badges(badges) == sheets.name_badges(badges)


def test_long_sheets_go_on_to_more_pages():
    import pikepdf

    sheet = sheets.SignInSheet(
        "Sign-in",
        "Title",
        "Session",
        ("No.", "Name", "Organisation", "Signature"),
        people=tuple((f"Person {n}", "Org") for n in range(60)),
    )
    data = sheets.sign_in_sheet(sheet)
    with pikepdf.open(io.BytesIO(data)) as document:
        assert len(document.pages) == 3
    assert "Person 59" in printed_text(data)


def test_badges_print_both_scripts_eight_to_a_page():
    import pikepdf

    badges = tuple(
        sheets.Badge(zh, latin, "Państwowa Inspekcja Pracy")
        for zh, latin in [("张伟", "ZHANG Wei"), ("", "Ștefan Popescu")] * 5
    )
    data = sheets.name_badges(sheets.BadgeSheet("Workshop / 培训班", badges))
    with pikepdf.open(io.BytesIO(data)) as document:
        assert len(document.pages) == 2
    text = printed_text(data)
    assert "张伟" in text and "ZHANG Wei" in text and "Ștefan Popescu" in text
    assert uncovered_characters(data) == []
    assert fonts_not_embedded(data) == []
