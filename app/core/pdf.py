"""The PDF base: fonts shipped with the app, text split into runs by which font has each glyph,
and documents rendered to bytes (sign-in sheets, name badges; certificates reuse it).

Pure: no Flask. Callers build every text in each language first and pass plain data.

ReportLab has no font fallback, so a string is split into runs: DejaVu Sans for Latin, Greek and
Cyrillic (Łukasz, Ștefan, Đurđica), WenQuanYi Zen Hei for Chinese (张伟) and for anything else
DejaVu lacks. Both are TrueType and are embedded as subsets.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path(__file__).resolve().parent / "fonts"
LATIN = "DejaVuSans"
LATIN_BOLD = "DejaVuSans-Bold"
CJK = "WenQuanYiZenHei"
#: Font name -> (file, subfont index). WenQuanYi has no bold: CJK text is set in its one weight.
FONT_FILES = {
    LATIN: ("DejaVuSans.ttf", 0),
    LATIN_BOLD: ("DejaVuSans-Bold.ttf", 0),
    CJK: ("wqy-zenhei.ttc", 0),
}


@cache
def register_fonts() -> None:
    """Register the shipped fonts with ReportLab (once per process)."""
    for name, (filename, index) in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename), subfontIndex=index))


@cache
def _cmap(font_name: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def covers(font_name: str, char: str) -> bool:
    """Whether the font has a glyph for the character."""
    return ord(char) in _cmap(font_name)


def _latin_fonts(text: str, bold: bool) -> list[str]:
    """The Latin font of each character: bold only in words without Chinese characters.

    The CJK font has one weight, so a bold word that mixes scripts ("第181号公约") is set in the
    regular weight throughout: one weight per run of text, never bold digits among regular
    characters."""
    if not bold:
        return [LATIN] * len(text)
    fonts: list[str] = []
    for word in re.split(r"(\s+)", text):
        mixed = any(not covers(LATIN_BOLD, c) and covers(CJK, c) for c in word)
        fonts.extend([LATIN if mixed else LATIN_BOLD] * len(word))
    return fonts


def font_runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split text into (font name, text) runs so every character is set in a font that has it.

    Latin first; then the CJK font; a character neither has stays in the Latin font (it prints as
    a box, and the coverage test catches it). Spaces stay with the run they are in. Bold applies
    to words in Latin script only (see _latin_fonts).
    """
    runs: list[tuple[str, str]] = []
    for char, latin in zip(text, _latin_fonts(text, bold), strict=True):
        if char.isspace() and runs:
            font = runs[-1][0]
        elif covers(latin, char):
            font = latin
        elif covers(CJK, char):
            font = CJK
        else:
            font = latin
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of text set in runs, in points."""
    return sum(pdfmetrics.stringWidth(part, font, size) for font, part in font_runs(text, bold))


def fit(text: str, size: float, width: float, bold: bool = False, smallest: float = 6) -> float:
    """The largest size up to `size` at which text fits `width` (never below `smallest`)."""
    while size > smallest and text_width(text, size, bold) > width:
        size -= 0.5
    return size


def draw(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float = 10,
    bold: bool = False,
    align: str = "left",
) -> None:
    """Draw one line of text in runs; `align` is left, centre or right of x."""
    width = text_width(text, size, bold)
    if align == "centre":
        x -= width / 2
    elif align == "right":
        x -= width
    for font, part in font_runs(text, bold):
        canvas.setFont(font, size)
        canvas.drawString(x, y, part)
        x += pdfmetrics.stringWidth(part, font, size)


def render(
    paint: Callable[[Canvas], None], title: str = "", invariant: bool = True, pagesize=A4
) -> bytes:
    """Render a document to bytes; `invariant` makes the same input give the same bytes."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=pagesize,
        invariant=1 if invariant else 0,
        pageCompression=1,
        initialFontName=LATIN,  # else ReportLab references Helvetica, which is never embedded
    )
    canvas.setTitle(title)
    canvas.setCreator("EU–China Migration Training")
    paint(canvas)
    canvas.save()
    return buffer.getvalue()


# --- Sign-in sheet -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInSheet:
    """A session's printable sign-in sheet; every text is already in both languages."""

    heading: str  # e.g. "Sign-in sheet / 签到表"
    workshop_title: str  # both titles
    session_line: str  # session title, date and time, room
    columns: tuple[str, str, str, str]  # No. / Name / Organisation / Signature
    people: tuple[tuple[str, str], ...]  # (name as given, organisation)
    footer: str = ""
    blank_rows: int = 5


def sign_in_sheet(sheet: SignInSheet, invariant: bool = True) -> bytes:
    """The sign-in sheet as PDF: one row per participant, then blank rows for walk-ins."""
    width, height = A4
    margin = 15 * mm
    row_height = 9 * mm
    col_x = [margin, margin + 12 * mm, margin + 82 * mm, margin + 132 * mm, width - margin]
    rows = list(sheet.people) + [("", "")] * sheet.blank_rows

    def paint(canvas: Canvas) -> None:
        index = 0
        page = 1
        while True:
            y = height - margin
            draw(canvas, margin, y - 6 * mm, sheet.heading, 16, bold=True)
            title_size = fit(sheet.workshop_title, 11, width - 2 * margin)
            draw(canvas, margin, y - 13 * mm, sheet.workshop_title, title_size)
            draw(
                canvas,
                margin,
                y - 19 * mm,
                sheet.session_line,
                fit(sheet.session_line, 10, width - 2 * margin),
            )
            y -= 28 * mm
            canvas.setLineWidth(0.6)
            for column, x in zip(sheet.columns, col_x, strict=False):
                draw(canvas, x + 1.5 * mm, y + 2.5 * mm, column, 9, bold=True)
            canvas.line(margin, y, width - margin, y)
            while index < len(rows) and y - row_height > margin + 10 * mm:
                name, organisation = rows[index]
                y -= row_height
                draw(canvas, col_x[0] + 1.5 * mm, y + 3 * mm, str(index + 1), 9)
                draw(canvas, col_x[1] + 1.5 * mm, y + 3 * mm, name, fit(name, 10, 68 * mm))
                draw(
                    canvas,
                    col_x[2] + 1.5 * mm,
                    y + 3 * mm,
                    organisation,
                    fit(organisation, 8, 48 * mm),
                )
                canvas.line(margin, y, width - margin, y)
                index += 1
            for x in col_x:
                canvas.line(x, y, x, height - margin - 28 * mm)
            footer = f"{sheet.footer}  {page}" if sheet.footer else str(page)
            draw(canvas, width - margin, margin, footer, 8, align="right")
            if index >= len(rows):
                break
            canvas.showPage()
            page += 1

    return render(paint, title=sheet.heading, invariant=invariant)


# --- Name badges ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    """One name badge: the name as the person gave it, in each script they gave."""

    chinese_name: str
    latin_name: str
    organisation: str
    role: str = ""


@dataclass(frozen=True)
class BadgeSheet:
    """Badges for a workshop, eight to an A4 page."""

    workshop_title: str
    badges: tuple[Badge, ...] = field(default_factory=tuple)


def name_badges(sheet: BadgeSheet, invariant: bool = True) -> bytes:
    """Name badges as PDF, 2 × 4 per page with cutting lines."""
    width, height = A4
    margin = 12 * mm
    cols, rows = 2, 4
    badge_w = (width - 2 * margin) / cols
    badge_h = (height - 2 * margin) / rows

    def paint(canvas: Canvas) -> None:
        canvas.setLineWidth(0.3)
        for number, badge in enumerate(sheet.badges):
            slot = number % (cols * rows)
            if number and slot == 0:
                canvas.showPage()
                canvas.setLineWidth(0.3)
            x = margin + (slot % cols) * badge_w
            y = height - margin - (slot // cols + 1) * badge_h
            canvas.rect(x, y, badge_w, badge_h)
            centre = x + badge_w / 2
            inner = badge_w - 10 * mm
            title_size = fit(sheet.workshop_title, 8, inner)
            draw(
                canvas,
                centre,
                y + badge_h - 9 * mm,
                sheet.workshop_title,
                title_size,
                align="centre",
            )
            line = y + badge_h * 0.55
            if badge.chinese_name:
                draw(
                    canvas,
                    centre,
                    line,
                    badge.chinese_name,
                    fit(badge.chinese_name, 26, inner),
                    bold=True,
                    align="centre",
                )
                line -= 10 * mm
                if badge.latin_name:
                    draw(
                        canvas,
                        centre,
                        line,
                        badge.latin_name,
                        fit(badge.latin_name, 14, inner),
                        align="centre",
                    )
                    line -= 8 * mm
            else:
                draw(
                    canvas,
                    centre,
                    line,
                    badge.latin_name,
                    fit(badge.latin_name, 22, inner),
                    bold=True,
                    align="centre",
                )
                line -= 10 * mm
            draw(
                canvas,
                centre,
                line,
                badge.organisation,
                fit(badge.organisation, 10, inner),
                align="centre",
            )
            if badge.role:
                draw(canvas, centre, y + 6 * mm, badge.role, 9, bold=True, align="centre")

    return render(paint, title=sheet.workshop_title, invariant=invariant)


def all_text(lines: Iterable[str]) -> str:
    """Every character a document prints, for coverage checks."""
    return "".join(lines)


_NO_LINE_START = frozenset("，。、；：？！）》」』”’】〕,.;:?!)")


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Break text into lines no wider than `width`: at spaces in Latin text, between any two
    characters in Chinese text (which has no spaces), never inside a Latin word unless it alone is
    too wide."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in re.findall(
            r"\s+|[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+", paragraph
        ):
            candidate = line + token
            if token in _NO_LINE_START:  # Chinese never starts a line with closing punctuation
                line = candidate
            elif line and text_width(candidate.rstrip(), size, bold) > width:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    return lines
