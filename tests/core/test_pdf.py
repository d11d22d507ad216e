"""The PDF base: shipped fonts with licences, text split into runs, coverage checked per glyph."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from app.core import pdf
from tests.pdf_check import fonts_not_embedded, printed_text, uncovered_characters


def test_fonts_and_their_licences_ship_with_the_app():
    for filename, _index in pdf.FONT_FILES.values():
        assert (pdf.FONT_DIR / filename).stat().st_size > 100_000
    assert "Font embedding exception" in (pdf.FONT_DIR / "LICENSE-wqy-zenhei.txt").read_text()
    assert "Bitstream" in (pdf.FONT_DIR / "LICENSE-dejavu.txt").read_text()


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Łukasz", [(pdf.LATIN, "Łukasz")]),
        ("张伟", [(pdf.CJK, "张伟")]),
        ("张伟 (Zhang Wei)", [(pdf.CJK, "张伟 "), (pdf.LATIN, "(Zhang Wei)")]),
        ("Name / 姓名：", [(pdf.LATIN, "Name / "), (pdf.CJK, "姓名：")]),
        ("", []),
    ],
)
def test_text_is_split_into_runs_by_coverage(text, expected):
    assert pdf.font_runs(text) == expected


def test_bold_runs_use_the_bold_latin_font():
    assert pdf.font_runs("Đurđica 张", bold=True) == [(pdf.LATIN_BOLD, "Đurđica "), (pdf.CJK, "张")]


def test_the_coverage_check_catches_a_missing_glyph():
    # Set 张伟 in DejaVu Sans, which has no Chinese: ReportLab silently prints .notdef boxes
    # (mapped to U+0000); the check must report both characters.
    pdf.register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=pdf.LATIN, invariant=1)
    canvas.setFont(pdf.LATIN, 12)
    canvas.drawString(72, 720, "张伟 Łukasz")
    canvas.save()
    data = buffer.getvalue()
    assert printed_text(data).endswith(" Łukasz")
    uncovered = uncovered_characters(data)
    assert len(uncovered) == 2 and all("DejaVuSans" in font for _char, font in uncovered)


def test_the_embedding_check_catches_a_standard_font():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, "Helvetica is never embedded")
    canvas.save()
    assert fonts_not_embedded(buffer.getvalue()) == ["/Helvetica"]


def test_wrap_breaks_latin_at_spaces_and_chinese_anywhere_but_before_closing_punctuation():
    from app.core.pdf import text_width, wrap

    latin = wrap(
        "The Ministry of Human Resources and Social Security invites the delegation.", 10, 150
    )
    assert all(text_width(line, 10) <= 150 for line in latin)
    assert (
        " ".join(latin)
        == "The Ministry of Human Resources and Social Security invites the delegation."
    )
    chinese = wrap(
        "人力资源和社会保障部诚邀代表团访问，就职业中介机构监管交流经验（演示数据）。", 10, 80
    )
    assert (
        "".join(chinese)
        == "人力资源和社会保障部诚邀代表团访问，就职业中介机构监管交流经验（演示数据）。"
    )
    assert all(not line.startswith(("，", "。", "）")) for line in chinese)
    assert len(chinese) > 1
    assert wrap("one\ntwo", 10, 500) == ["one", "two"]
