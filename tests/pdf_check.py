"""PDF checks shared by every test of a generated document: fonts embedded, and every printed
character covered by the font it is set in (text extraction alone passes with missing glyphs)."""

from __future__ import annotations

import io
import re
from functools import cache

import pikepdf
from reportlab.pdfbase.ttfonts import TTFontFile

from app.core.pdf import FONT_DIR, FONT_FILES

_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_TRIPLE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _to_unicode(font) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    text = font.ToUnicode.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in _BFCHAR.findall(text):
        for code, target in _PAIR.findall(block):
            mapping[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    for block in _BFRANGE.findall(text):
        for low, high, start in _TRIPLE.findall(block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def printed_runs(data: bytes) -> list[tuple[str, str]]:
    """(font's base name, text) for every string the document shows, in order."""
    runs = []
    with pikepdf.open(io.BytesIO(data)) as document:
        for page in document.pages:
            fonts = page.Resources.get("/Font", {})
            maps = {name: _to_unicode(font) for name, font in fonts.items()}
            current = None
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "Tf":
                    current = str(operands[0])
                elif op in ("Tj", "'", '"', "TJ"):
                    strings = operands[0] if op == "TJ" else [operands[-1]]
                    for item in strings:
                        if isinstance(item, pikepdf.String):
                            codes = bytes(item)
                            text = "".join(maps[current].get(c, "\ufffd") for c in codes)
                            base = str(fonts[current].BaseFont).lstrip("/")
                            runs.append((base, text))
    return runs


def fonts_not_embedded(data: bytes) -> list[str]:
    """Base names of fonts a document uses without embedding them."""
    missing = []
    with pikepdf.open(io.BytesIO(data)) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                descriptor = font.get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                if not embedded:
                    missing.append(str(font.BaseFont))
    return missing


@cache
def _shipped_cmap(registered: str) -> frozenset[int]:
    filename, index = FONT_FILES[registered]
    return frozenset(TTFontFile(str(FONT_DIR / filename), subfontIndex=index).charToGlyph)


def _shipped_font(base_name: str) -> str:
    name = base_name.split("+", 1)[-1]
    matches = [r for r in FONT_FILES if name == r or name.startswith(r + "-0")]
    if not matches:
        raise AssertionError(f"font {base_name} is not one the app ships")
    return max(matches, key=len)


def uncovered_characters(data: bytes) -> list[tuple[str, str]]:
    """(character, font) pairs printed in a font without a glyph for the character."""
    found = []
    for base, text in printed_runs(data):
        if "\ufffd" in text:
            found.append(("\ufffd", base))
        try:
            cmap = _shipped_cmap(_shipped_font(base))
        except AssertionError:
            found.extend((char, base) for char in text if not char.isspace())
            continue
        found.extend((char, base) for char in text if ord(char) not in cmap)
    return found


def printed_text(data: bytes) -> str:
    """Everything the document prints, joined."""
    return "".join(text for _base, text in printed_runs(data))
