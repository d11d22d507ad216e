"""The PDF base: fonts shipped with the app, text split into runs by which font has each glyph,
and documents rendered to bytes (used by workshops' sheets and badges, certificates, letters).

Pure: no Flask. Callers build every text in each language first and pass plain data.

ReportLab has no font fallback, so a string is split into runs: DejaVu Sans for Latin, Greek and
Cyrillic (Łukasz, Ștefan, Đurđica), WenQuanYi Zen Hei for Chinese (张伟) and for anything else
DejaVu lacks. Both are TrueType and are embedded as subsets.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
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


def font_runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split text into (font name, text) runs so every character is set in a font that has it.

    Latin first; then the CJK font; a character neither has stays in the Latin font (it prints as
    a box, and the coverage test catches it). Spaces stay with the run they are in.
    """
    latin = LATIN_BOLD if bold else LATIN
    runs: list[tuple[str, str]] = []
    for char in text:
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
