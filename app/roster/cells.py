"""What the text of one cell means: names split into family and given, provinces, genders and
e-mail addresses as bureaus write them. Pure: no Flask."""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email

from app.auth.names import clean_name
from app.core.places import PROVINCES

from .columns import header_key

#: Two-character Chinese family names; other names take their first character as family name.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "令狐",
        "轩辕",
        "端木",
        "西门",
        "南宫",
        "独孤",
        "申屠",
        "澹台",
        "公羊",
        "闻人",
        "钟离",
        "濮阳",
        "太史",
        "万俟",
        "呼延",
        "赫连",
        "百里",
        "东郭",
        "拓跋",
        "第五",
        "左丘",
        "公冶",
        "单于",
        "司空",
        "谷梁",
        "梁丘",
        "南门",
        "羊舌",
        "微生",
        "巫马",
        "亓官",
        "仲孙",
        "段干",
        "鲜于",
        "闾丘",
    ]
)


def split_chinese_name(full: str) -> tuple[str, str]:
    """(family, given) of a Chinese name: 张伟 -> 张, 伟; 欧阳修 -> 欧阳, 修. A transcribed name
    with a middle dot (买买提·艾力) has no family name in the Chinese sense: all of it is kept as
    the given name."""
    full = full.replace(" ", "")
    if not full or any(dot in full for dot in "·・．"):
        return "", full
    if len(full) > 2 and full[:2] in COMPOUND_SURNAMES:
        return full[:2], full[2:]
    return full[:1], full[1:]


def split_latin_name(full: str, chinese_order: bool) -> tuple[str, str]:
    """(family, given) of a name in Latin letters.

    "Zhang, Wei" puts the family name before the comma; a word in capitals is the family name
    (ZHANG Wei, Wei ZHANG); otherwise a person with a Chinese name is written family name first
    (Zhang Wei) and anyone else given name first (Maria Rossi).
    """
    full = clean_name(full)
    if "," in full:
        family, _sep, given = full.partition(",")
        return clean_name(family), clean_name(given)
    words = full.split(" ")
    if len(words) == 1:
        return full, ""
    capitals = [w for w in words if len(w) > 1 and w.isupper()]
    if capitals and len(capitals) < len(words):
        family = " ".join(capitals)
        given = " ".join(w for w in words if w not in capitals)
        return family.title() if chinese_order else family, given
    if chinese_order:
        return words[0], " ".join(words[1:])
    return words[-1], " ".join(words[:-1])


def _province_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    suffixes = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
    for code, english, chinese in PROVINCES:
        aliases[code] = code
        aliases[header_key(english)] = code
        aliases[header_key(english.removesuffix(" SAR"))] = code
        aliases[header_key(english + " province")] = code
        aliases[chinese] = code
        for suffix in suffixes:
            if chinese.endswith(suffix):
                aliases[chinese.removesuffix(suffix)] = code
                break
    extra = {"xizang": "54", "neimenggu": "15", "hongkong": "81", "macau": "82", "macao": "82",
             "innermongolia": "15", "guangxizhuang": "45", "ningxiahui": "64", "xinjianguygur": "65"}  # fmt: skip
    aliases.update(extra)
    return aliases


_PROVINCES = _province_aliases()


def province_code(text: str) -> str | None:
    """The GB/T 2260 code of a province written as a code, in Chinese (福建, 福建省) or in English
    (Fujian, Fujian Province); None when it is not one."""
    value = unicodedata.normalize("NFKC", text).strip()
    return _PROVINCES.get(value) or _PROVINCES.get(header_key(value))


#: Gender values accepted (after `header_key`): Chinese, English, and GB/T 2261.1 codes 1 and 2.
GENDERS = {
    "男": "male", "男性": "male", "m": "male", "male": "male", "man": "male", "1": "male",
    "女": "female", "女性": "female", "f": "female", "female": "female", "woman": "female",
    "2": "female", "其他": "other", "其它": "other", "other": "other", "x": "other",
    "不愿透露": None, "未说明": None, "prefernottosay": None, "9": None, "0": None,
}  # fmt: skip


def gender_value(text: str) -> tuple[bool, str | None]:
    """(recognised, stored value) for a gender cell; blank is recognised as "not given"."""
    key = header_key(text)
    if not key:
        return True, None
    if key in GENDERS:
        return True, GENDERS[key]
    return False, None


def normalise_email(text: str) -> str:
    """E-mail addresses are compared case-insensitively."""
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def email_ok(address: str) -> bool:
    """Whether an address is well-formed (no DNS lookup)."""
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
