"""Controlled lists of places: Chinese provinces, countries (EU member states first), time zones.

Names come from the GB/T 2260 province list and from Babel's locale data, so both languages are
always complete and no place name has to be typed into the translation catalogue.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from babel import Locale

#: Provincial-level divisions of China (GB/T 2260 code, English name, Chinese name).
PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("11", "Beijing", "北京市"),
    ("12", "Tianjin", "天津市"),
    ("13", "Hebei", "河北省"),
    ("14", "Shanxi", "山西省"),
    ("15", "Inner Mongolia", "内蒙古自治区"),
    ("21", "Liaoning", "辽宁省"),
    ("22", "Jilin", "吉林省"),
    ("23", "Heilongjiang", "黑龙江省"),
    ("31", "Shanghai", "上海市"),
    ("32", "Jiangsu", "江苏省"),
    ("33", "Zhejiang", "浙江省"),
    ("34", "Anhui", "安徽省"),
    ("35", "Fujian", "福建省"),
    ("36", "Jiangxi", "江西省"),
    ("37", "Shandong", "山东省"),
    ("41", "Henan", "河南省"),
    ("42", "Hubei", "湖北省"),
    ("43", "Hunan", "湖南省"),
    ("44", "Guangdong", "广东省"),
    ("45", "Guangxi", "广西壮族自治区"),
    ("46", "Hainan", "海南省"),
    ("50", "Chongqing", "重庆市"),
    ("51", "Sichuan", "四川省"),
    ("52", "Guizhou", "贵州省"),
    ("53", "Yunnan", "云南省"),
    ("54", "Tibet", "西藏自治区"),
    ("61", "Shaanxi", "陕西省"),
    ("62", "Gansu", "甘肃省"),
    ("63", "Qinghai", "青海省"),
    ("64", "Ningxia", "宁夏回族自治区"),
    ("65", "Xinjiang", "新疆维吾尔自治区"),
    ("71", "Taiwan", "台湾省"),
    ("81", "Hong Kong SAR", "香港特别行政区"),
    ("82", "Macao SAR", "澳门特别行政区"),
)
_PROVINCE_NAMES = {code: {"en": en, "zh": zh} for code, en, zh in PROVINCES}

#: The 27 EU member states (ISO 3166-1 alpha-2), listed first in every country list.
EU_MEMBER_STATES: tuple[str, ...] = (
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
)
CHINA = "CN"
#: Babel territory codes that are not countries, or are listed under China's provinces.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ", "HK", "MO", "TW"})

_LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN"}


@cache
def _territories(language: str) -> dict[str, str]:
    names = Locale.parse(_LOCALES[language]).territories
    return {
        code: name
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def country_codes() -> frozenset[str]:
    """Every country code the lists accept."""
    return frozenset(_territories("en"))


def country_name(code: str | None, language: str) -> str:
    """A country's name in the given language, or '' for an unknown code."""
    return _territories(language).get(code or "", "")


def province_name(code: str | None, language: str) -> str:
    """A Chinese province's name in the given language, or '' for an unknown code."""
    return _PROVINCE_NAMES.get(code or "", {}).get(language, "")


def country_choices(language: str) -> list[tuple[str, str]]:
    """(code, name) pairs: EU member states by name, then China, then every other country."""
    names = _territories(language)
    english = _territories("en")
    # Both languages follow the English order: Babel has no pinyin collation, and one order
    # lets a bilingual coordinator find a country in either list at the same place.
    eu = sorted(EU_MEMBER_STATES, key=english.__getitem__)
    rest = sorted(
        (c for c in names if c not in EU_MEMBER_STATES and c != CHINA), key=english.__getitem__
    )
    return [(c, names[c]) for c in (*eu, CHINA, *rest)]


def province_choices(language: str) -> list[tuple[str, str]]:
    """(code, name) pairs of China's provincial-level divisions in GB/T 2260 order."""
    return [(code, _PROVINCE_NAMES[code][language]) for code, _en, _zh in PROVINCES]


#: Time zones offered first: the programme's usual places.
COMMON_TIMEZONES: tuple[str, ...] = (
    "Asia/Shanghai",
    "Europe/Brussels",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Rome",
    "Europe/Madrid",
    "Europe/Warsaw",
    "Europe/Lisbon",
    "Europe/Athens",
    "Europe/Helsinki",
    "Europe/Dublin",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "UTC",
)


@cache
def timezone_names() -> frozenset[str]:
    """Every IANA time zone this machine knows."""
    return frozenset(available_timezones() | {"UTC"})


@cache
def timezone_choices() -> list[tuple[str, str]]:
    """(zone, zone) pairs: the common zones first, then the rest of the IANA list by name."""
    rest = sorted(
        z
        for z in timezone_names()
        if z not in COMMON_TIMEZONES
        and "/" in z
        and not z.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    )
    return [(z, z) for z in (*COMMON_TIMEZONES, *rest)]


#: The time zone most of a country keeps (EU member states and China), for sensible defaults.
USUAL_TIMEZONES = {
    "AT": "Europe/Vienna", "BE": "Europe/Brussels", "BG": "Europe/Sofia", "HR": "Europe/Zagreb",
    "CY": "Asia/Nicosia", "CZ": "Europe/Prague", "DK": "Europe/Copenhagen", "EE": "Europe/Tallinn",
    "FI": "Europe/Helsinki", "FR": "Europe/Paris", "DE": "Europe/Berlin", "GR": "Europe/Athens",
    "HU": "Europe/Budapest", "IE": "Europe/Dublin", "IT": "Europe/Rome", "LV": "Europe/Riga",
    "LT": "Europe/Vilnius", "LU": "Europe/Luxembourg", "MT": "Europe/Malta",
    "NL": "Europe/Amsterdam", "PL": "Europe/Warsaw", "PT": "Europe/Lisbon",
    "RO": "Europe/Bucharest", "SK": "Europe/Bratislava", "SI": "Europe/Ljubljana",
    "ES": "Europe/Madrid", "SE": "Europe/Stockholm", "CN": "Asia/Shanghai",
}  # fmt: skip


def usual_timezone(country: str | None) -> str:
    """The usual time zone of a country on the programme's map, else Beijing time."""
    return USUAL_TIMEZONES.get(country or "", "Asia/Shanghai")


def place_name(country: str | None, province: str | None, city: str, language: str) -> str:
    """A place as each language writes it: 福建省福州 (largest first, no separators; Chinese
    leaves out 中国 when a province is named) or Fuzhou, Fujian, China (smallest first)."""
    obvious = language == "zh" and country == CHINA and bool(province)
    parts = [
        city.strip(),
        province_name(province, language),
        "" if obvious else country_name(country, language),
    ]
    parts = [p for p in parts if p]
    if language == "zh":
        return "".join(reversed(parts))
    return ", ".join(parts)
