"""Controlled lists of places: Chinese provinces, countries (EU member states first), time zones.

Names come from the GB/T 2260 province list and from Babel's locale data, so both languages are
always complete and no place name has to be typed into the translation catalogue.

Lists are sorted as each language sorts: English alphabetically, Chinese in pinyin order (Babel has
no collation; pypinyin is pure Python with its own dictionary, where PyICU would need the ICU C++
library on every machine). Time zones are the canonical IANA zones of zone.tab, named by place in
the viewer's language; stored legacy aliases (Asia/Chongqing ...) map to their canonical zone.
"""

from __future__ import annotations

import importlib.resources
from functools import cache

from babel import Locale
from babel.dates import get_timezone_location
from pypinyin import Style, lazy_pinyin

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


def sort_key(text: str, language: str) -> tuple:
    """How `language` orders `text`: pinyin with tones for Chinese (then the characters, so equal
    readings stay apart), case-folded letters for English."""
    if language == "zh":
        return (lazy_pinyin(text, style=Style.TONE3, errors="default"), text)
    return (text.casefold(), text)


def country_choices(language: str) -> list[tuple[str, str]]:
    """(code, name) pairs: EU member states, then China, then every other country; each group
    in the order of the language (pinyin for Chinese)."""
    return list(_sorted_countries(language))


@cache
def _sorted_countries(language: str) -> tuple[tuple[str, str], ...]:
    # Sorted once per process and language: pinyin keys for ~250 names cost tens of ms.
    names = _territories(language)

    def by_name(code: str) -> tuple:
        return sort_key(names[code], language)

    eu = sorted(EU_MEMBER_STATES, key=by_name)
    rest = sorted((c for c in names if c not in EU_MEMBER_STATES and c != CHINA), key=by_name)
    return tuple((c, names[c]) for c in (*eu, CHINA, *rest))


def province_choices(language: str) -> list[tuple[str, str]]:
    """(code, name) pairs of China's provincial-level divisions in GB/T 2260 order."""
    return [(code, _PROVINCE_NAMES[code][language]) for code, _en, _zh in PROVINCES]


UTC = "UTC"
_UTC_NAMES = {"en": "Coordinated Universal Time (UTC)", "zh": "协调世界时（UTC）"}


def _tzdata_file(name: str) -> str:
    return importlib.resources.files("tzdata").joinpath("zoneinfo", name).read_text("utf-8")


@cache
def _zone_countries() -> dict[str, str]:
    """Canonical zone -> country code, from the IANA zone.tab (no aliases, no Etc/ zones)."""
    rows = (line.split("\t") for line in _tzdata_file("zone.tab").splitlines())
    return {row[2]: row[0] for row in rows if len(row) >= 3 and not row[0].startswith("#")}


@cache
def _zone_links() -> dict[str, str]:
    """Alias -> the zone it links to, from the IANA tzdata.zi ('L target alias' lines)."""
    links = {}
    for line in _tzdata_file("tzdata.zi").splitlines():
        if line.startswith("L "):
            _l, target, alias = line.split()
            links[alias] = target
    return links


@cache
def timezone_names() -> frozenset[str]:
    """The time zones the lists offer: the canonical IANA zones and UTC."""
    return frozenset({*_zone_countries(), UTC})


def canonical_timezone(zone: str | None) -> str:
    """The canonical zone for a stored value: Asia/Chongqing -> Asia/Shanghai, Asia/Calcutta ->
    Asia/Kolkata, Etc/UTC -> UTC. A canonical or unknown value comes back unchanged."""
    zone = zone or ""
    if zone in timezone_names():
        return zone
    seen = {zone}
    target = _zone_links().get(zone, "")
    while target and target not in timezone_names() and target not in seen:
        seen.add(target)
        target = _zone_links().get(target, "")
    if target in timezone_names():
        return target
    return UTC if zone in {"Etc/UTC", "Etc/GMT", "GMT", "UCT", "Zulu", "Universal"} else zone


def timezone_label(zone: str, language: str) -> str:
    """A zone named by its place in `language`: 中国（上海）时间, Belgium Time."""
    if zone == UTC:
        return _UTC_NAMES[language]
    return get_timezone_location(zone, locale=_LOCALES[language])


#: Zones of China's provincial-level divisions, first in every list.
CHINA_TIMEZONES: tuple[str, ...] = ("Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau")


def eu_timezones() -> frozenset[str]:
    """Every canonical zone kept in an EU member state (Europe/Brussels, Atlantic/Canary ...)."""
    return frozenset(z for z, c in _zone_countries().items() if c in EU_MEMBER_STATES)


@cache
def timezone_choices(language: str = "en") -> list[tuple[str, str]]:
    """(zone, name) pairs: China's zones, then the EU member states' zones, then UTC, then every
    other canonical zone; the EU and other zones in the order of `language`."""

    def by_name(zone: str) -> tuple:
        return sort_key(timezone_label(zone, language), language)

    eu = sorted(eu_timezones(), key=by_name)
    rest = sorted(
        (z for z in timezone_names() if z not in {*CHINA_TIMEZONES, *eu, UTC}), key=by_name
    )
    return [(z, timezone_label(z, language)) for z in (*CHINA_TIMEZONES, *eu, UTC, *rest)]


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


def city_name(city: str, city_zh: str, language: str) -> str:
    """The city as the language writes it: the Chinese name on Chinese pages when there is one."""
    city, city_zh = (city or "").strip(), (city_zh or "").strip()
    if language == "zh":
        return city_zh or city
    return city or city_zh


def _is_han(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def place_name(
    country: str | None, province: str | None, city: str, language: str, city_zh: str = ""
) -> str:
    """A place as each language writes it: 福建省福州 (largest first; Chinese leaves out 中国
    when a province is named) or Fuzhou, Fujian, China (smallest first).

    `city_zh` is the city's Chinese name, used on Chinese pages (山东省济南); without one, a city
    typed in Latin letters is set apart by a space (山东省 Jinan), never glued to the province."""
    obvious = language == "zh" and country == CHINA and bool(province)
    city = city_name(city, city_zh, language)
    parts = [
        city,
        province_name(province, language),
        "" if obvious else country_name(country, language),
    ]
    parts = [p for p in parts if p]
    if language == "zh":
        region = "".join(reversed(parts[1:] if city else parts))
        if not city:
            return region
        if not region:
            return city
        return f"{region}{city}" if _is_han(city[0]) else f"{region} {city}"
    return ", ".join(parts)
