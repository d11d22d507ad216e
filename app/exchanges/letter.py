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

    def paint(canvas: Canvas) -> None:
        page = _Pages(canvas, letter.draft_mark)
        _opening(page, letter)
        _member_table(page, letter)
        page.y -= 6 * mm
        for line_text in letter.closing:
            for line in wrap(line_text, 10.5, TEXT_WIDTH):
                page.need(6 * mm)
                draw(canvas, LEFT, page.y, line, 10.5)
                page.y -= 6 * mm

    return render(paint, title=letter.title, invariant=invariant)


WIDTH, HEIGHT = A4
LEFT, RIGHT = 20 * mm, WIDTH - 20 * mm
TEXT_WIDTH = RIGHT - LEFT
#: Column positions of the member table, as fractions of the text width.
STOPS = (0.0, 0.06, 0.32, 0.60, 0.76, 0.88)


class _Pages:
    """Where the next line goes; a full page turns to a new one, with the draft mark."""

    def __init__(self, canvas: Canvas, draft_mark: str):
        self.canvas = canvas
        self.draft_mark = draft_mark
        self.y = HEIGHT - 22 * mm
        _draft(canvas, draft_mark, WIDTH, HEIGHT)  # first, so the text prints over it

    def need(self, space: float) -> None:
        """Turn the page unless `space` is left above the bottom margin."""
        if self.y - space < 25 * mm:
            self.canvas.showPage()
            _draft(self.canvas, self.draft_mark, WIDTH, HEIGHT)
            self.y = HEIGHT - 22 * mm


def _opening(page: _Pages, letter: InvitationLetter) -> None:
    """The hosts' names, title, date, addressee and the letter's paragraphs."""
    canvas = page.canvas
    for name in letter.host_names:
        draw(
            canvas,
            WIDTH / 2,
            page.y,
            name,
            fit(name, 13, TEXT_WIDTH, bold=True),
            bold=True,
            align="centre",
        )
        page.y -= 6.5 * mm
    canvas.setLineWidth(0.6)
    canvas.line(LEFT, page.y + 2 * mm, RIGHT, page.y + 2 * mm)
    page.y -= 9 * mm
    draw(canvas, WIDTH / 2, page.y, letter.title, 16, bold=True, align="centre")
    page.y -= 10 * mm
    draw(canvas, RIGHT, page.y, letter.date_line, 9.5, align="right")
    page.y -= 8 * mm
    for line in wrap(letter.addressee, 10.5, TEXT_WIDTH):
        draw(canvas, LEFT, page.y, line, 10.5)
        page.y -= 5.5 * mm
    page.y -= 3 * mm
    for paragraph in letter.paragraphs:
        for line in wrap(paragraph, 10.5, TEXT_WIDTH):
            page.need(6 * mm)
            draw(canvas, LEFT, page.y, line, 10.5)
            page.y -= 5.6 * mm
        page.y -= 3.5 * mm


def _member_table(page: _Pages, letter: InvitationLetter) -> None:
    """The travelling members, one row each, under a bilingual header."""
    canvas = page.canvas
    page.need(25 * mm)
    xs = [LEFT + s * TEXT_WIDTH for s in STOPS]
    limits = [(xs[i + 1] if i + 1 < len(xs) else RIGHT) - xs[i] - 2 * mm for i in range(len(xs))]
    for x, limit, (chinese, english) in zip(xs, limits, letter.columns, strict=True):
        draw(canvas, x, page.y, chinese, fit(chinese, 8.5, limit, bold=True), bold=True)
        draw(canvas, x, page.y - 4 * mm, english, fit(english, 8, limit, bold=True), bold=True)
    canvas.line(LEFT, page.y - 6 * mm, RIGHT, page.y - 6 * mm)
    page.y -= 11 * mm
    for number, member in enumerate(letter.members, start=1):
        cells = (
            str(number),
            member.name,
            member.position,
            member.role,
            member.date_of_birth,
            member.passport_number,
        )
        wrapped = [wrap(cell, 8.5, limit)[:3] for cell, limit in zip(cells, limits, strict=True)]
        rows = max(len(lines) for lines in wrapped)
        page.need(rows * 4 * mm + 3 * mm)
        for x, limit, lines in zip(xs, limits, wrapped, strict=True):
            for offset, line in enumerate(lines):
                draw(canvas, x, page.y - offset * 4 * mm, line, fit(line, 8.5, limit))
        page.y -= rows * 4 * mm + 2.5 * mm


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
