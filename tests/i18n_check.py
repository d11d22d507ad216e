"""Checks that a page is in one language only: no English UI string on a Chinese page, no Chinese
on an English page. Shared by the functional and the browser tests."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parent.parent / "translations/zh/LC_MESSAGES/messages.po"
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")
_HAN = re.compile(r"[\u3400-\u9fff]")

#: Text that legitimately appears in the other language: the language switch itself, and
#: acronyms, zone names and people's or places' names that are the same in both languages.
ALLOWED_ON_CHINESE_PAGES = {"English", "ILO", "IOM", "EU", "GDPR", "PIPL", "UTC"}
ALLOWED_ON_ENGLISH_PAGES = {"简体中文"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "option", "title"}:
            self._skip += 1
        attributes = dict(attrs)
        for name in ("aria-label", "placeholder", "alt"):
            if attributes.get(name):
                self.parts.append(attributes[name])
        if (
            tag == "input"
            and attributes.get("type") in {"submit", "button"}
            and attributes.get("value")
        ):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in {"script", "style", "option", "title"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    """The text a reader sees (and hears from a screen reader), piece by piece."""
    parser = _VisibleText()
    parser.feed(html)
    return parser.parts


@cache
def _english_fragments() -> frozenset[str]:
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    fragments = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            for piece in _PLACEHOLDER.split(text):
                piece = piece.strip(" .,:;()…")
                # Whole words of four letters or more: short ones ("Name") can hide inside data.
                if len(piece) >= 4 and piece not in ALLOWED_ON_CHINESE_PAGES:
                    fragments.add(piece)
    return frozenset(fragments)


def english_ui_strings_in(parts: list[str], allowed: set[str] = frozenset()) -> list[str]:
    """Catalogue strings (English source text) found in a Chinese page's visible text."""
    found = []
    for part in parts:
        if part in ALLOWED_ON_CHINESE_PAGES or part in allowed:
            continue
        for fragment in _english_fragments():
            if fragment == part or (" " in fragment and fragment in part):
                found.append(f"{fragment!r} in {part!r}")
    return found


def chinese_in(parts: list[str], allowed: set[str] = frozenset()) -> list[str]:
    """Pieces of an English page's visible text written in Chinese characters."""
    return [
        p
        for p in parts
        if _HAN.search(p) and p not in ALLOWED_ON_ENGLISH_PAGES and p not in allowed
    ]
