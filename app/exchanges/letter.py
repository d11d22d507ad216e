"""The bilingual invitation letter of an exchange, for visa applications.

Pure: no Flask. The service builds every text in both languages first and passes plain data; this
module only lays it out on A4 with the PDF base, and marks the letter as a draft when passport data
is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.pdf import draw, fit, render, wrap


@dataclass(frozen=True)
class LetterMember:
    """One row of the delegation table."""

    name: str
    position: str
    role: str
    date_of_birth: str
    passport_number: str


@dataclass(frozen=True)
class InvitationLetter:
    """Everything the letter prints, already in both languages where it has words."""

    host_names: tuple[str, ...]  # the host institution's name in each language
    title: str  # "邀请函 / Letter of invitation"
    date_line: str  # both languages
    addressee: str  # both languages
    paragraphs: tuple[str, ...]  # the Chinese body, then the English body
    columns: tuple[
        str, str, str, str, str, str
    ]  # No., name, position, role, date of birth, passport
    members: tuple[LetterMember, ...]
    closing: tuple[str, ...]  # funding line, signature lines
    draft_mark: str = ""  # e.g. "草稿 DRAFT": printed across the page when data is missing


def invitation_letter(letter: InvitationLetter, invariant: bool = True) -> bytes:
    """The letter as PDF bytes, one or more A4 pages."""
    width, height = A4
    left, right = 20 * mm, width - 20 * mm
    text_width_available = right - left
    # Column positions of the member table, as fractions of the text width.
    stops = (0.0, 0.06, 0.32, 0.60, 0.76, 0.88)

    def paint(canvas: Canvas) -> None:
        y = height - 22 * mm
        _draft(canvas, letter.draft_mark, width, height)  # first, so the text prints over it

        def new_page_if_needed(space: float) -> None:
            nonlocal y
            if y - space < 25 * mm:
                canvas.showPage()
                _draft(canvas, letter.draft_mark, width, height)
                y = height - 22 * mm

        for name in letter.host_names:
            draw(
                canvas,
                width / 2,
                y,
                name,
                fit(name, 13, text_width_available, bold=True),
                bold=True,
                align="centre",
            )
            y -= 6.5 * mm
        canvas.setLineWidth(0.6)
        canvas.line(left, y + 2 * mm, right, y + 2 * mm)
        y -= 9 * mm
        draw(canvas, width / 2, y, letter.title, 16, bold=True, align="centre")
        y -= 10 * mm
        draw(canvas, right, y, letter.date_line, 9.5, align="right")
        y -= 8 * mm
        for line in wrap(letter.addressee, 10.5, text_width_available):
            draw(canvas, left, y, line, 10.5)
            y -= 5.5 * mm
        y -= 3 * mm
        for paragraph in letter.paragraphs:
            for line in wrap(paragraph, 10.5, text_width_available):
                new_page_if_needed(6 * mm)
                draw(canvas, left, y, line, 10.5)
                y -= 5.6 * mm
            y -= 3.5 * mm

        new_page_if_needed(25 * mm)
        xs = [left + s * text_width_available for s in stops]
        limits = [
            (xs[i + 1] if i + 1 < len(xs) else right) - xs[i] - 2 * mm for i in range(len(xs))
        ]
        for x, limit, (chinese, english) in zip(xs, limits, letter.columns, strict=True):
            draw(canvas, x, y, chinese, fit(chinese, 8.5, limit, bold=True), bold=True)
            draw(canvas, x, y - 4 * mm, english, fit(english, 8, limit, bold=True), bold=True)
        canvas.line(left, y - 6 * mm, right, y - 6 * mm)
        y -= 11 * mm
        for number, member in enumerate(letter.members, start=1):
            cells = (
                str(number),
                member.name,
                member.position,
                member.role,
                member.date_of_birth,
                member.passport_number,
            )
            wrapped = [
                wrap(cell, 8.5, limit)[:3] for cell, limit in zip(cells, limits, strict=True)
            ]
            rows = max(len(lines) for lines in wrapped)
            new_page_if_needed(rows * 4 * mm + 3 * mm)
            for x, limit, lines in zip(xs, limits, wrapped, strict=True):
                for offset, line in enumerate(lines):
                    draw(canvas, x, y - offset * 4 * mm, line, fit(line, 8.5, limit))
            y -= rows * 4 * mm + 2.5 * mm
        y -= 6 * mm
        for line_text in letter.closing:
            for line in wrap(line_text, 10.5, text_width_available):
                new_page_if_needed(6 * mm)
                draw(canvas, left, y, line, 10.5)
                y -= 6 * mm

    return render(paint, title=letter.title, invariant=invariant)


def _draft(canvas: Canvas, mark: str, width: float, height: float) -> None:
    """Print the draft mark diagonally across the page, in light grey."""
    if not mark:
        return
    canvas.saveState()
    canvas.setFillGray(0.88)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    draw(canvas, 0, 0, mark, 64, bold=True, align="centre")
    canvas.restoreState()
