"""People's names as they gave them: Chinese characters and/or Latin letters, family and given apart.

Pure: no Flask. Used on pages, rosters, badges and certificates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Han characters plus the middle dot used in transcribed names (e.g. 买买提·艾力).
_HAN_NAME = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ebef\u00b7\u30fb\uff0e]+$")
#: Letters of any Latin-script language, with spaces, hyphens, apostrophes and full stops.
_LATIN_NAME = re.compile(r"^[^\W\d_]+(?:[ '’.\-][^\W\d_]*)*$")


def is_han_name(text: str) -> bool:
    """Whether text is written in Chinese characters only."""
    return bool(_HAN_NAME.match(text))


def is_latin_name(text: str) -> bool:
    """Whether text is a name in Latin letters (any European diacritics allowed)."""
    if not _LATIN_NAME.match(text):
        return False
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def clean_name(text: str | None) -> str:
    """Trim, fold runs of spaces and normalise to NFC so that equal names compare equal."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


@dataclass(frozen=True)
class PersonName:
    """A name in Chinese characters and/or Latin letters."""

    family_zh: str = ""
    given_zh: str = ""
    family_latin: str = ""
    given_latin: str = ""

    @property
    def chinese(self) -> str:
        """The Chinese form, family name first without a space (张伟)."""
        return f"{self.family_zh}{self.given_zh}"

    @property
    def latin(self) -> str:
        """The Latin form: family name first for people with a Chinese name (ZHANG Wei follows
        Chinese order), given name first otherwise (Łukasz Kowalski)."""
        if self.chinese:
            parts = (self.family_latin, self.given_latin)
        else:
            parts = (self.given_latin, self.family_latin)
        return " ".join(p for p in parts if p)

    def display(self, language: str = "en") -> str:
        """Both forms when both exist, the viewer's script first: 张伟 (Zhang Wei)."""
        chinese, latin = self.chinese, self.latin
        if chinese and latin:
            return f"{chinese} ({latin})" if language == "zh" else f"{latin} ({chinese})"
        return chinese or latin

    def __str__(self) -> str:
        return self.display()

    @property
    def is_empty(self) -> bool:
        """Whether no name was given at all."""
        return not (self.chinese or self.latin)
