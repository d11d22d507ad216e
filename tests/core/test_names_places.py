"""People's names and the controlled lists of places."""

from __future__ import annotations

import pytest

from app.auth.names import PersonName, clean_name, is_han_name, is_latin_name
from app.core import places


@pytest.mark.parametrize("name", ["张", "伟", "欧阳", "买买提·艾力", "𠮷"])
def test_han_names(name):
    assert is_han_name(name)


@pytest.mark.parametrize("name", ["Zhang", "张a", "", "1张", "张 伟"])
def test_not_han_names(name):
    assert not is_han_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "Łukasz",
        "Ștefan",
        "Đurđica",
        "O'Brien",
        "Jean-Luc",
        "van der Berg",
        "Ólafsdóttir",
        "Müller",
        "Zhang",
    ],
)
def test_latin_names(name):
    assert is_latin_name(name)


@pytest.mark.parametrize("name", ["张伟", "Иван", "Γιώργος", "R2D2", "", "-", "Smith!"])
def test_not_latin_names(name):
    assert not is_latin_name(name)


def test_clean_name_normalises():
    assert clean_name("  Łukasz   Maria ") == "Łukasz Maria"
    assert clean_name("S\u0326tefan") == "Ș" + "tefan" or clean_name("S\u0326tefan") == "Ștefan"


def test_display_forms():
    both = PersonName("张", "伟", "Zhang", "Wei")
    assert both.display("zh") == "张伟 (Zhang Wei)"
    assert both.display("en") == "Zhang Wei (张伟)"
    european = PersonName(family_latin="Kowalski", given_latin="Łukasz")
    assert european.display("zh") == "Łukasz Kowalski"
    assert PersonName("李", "娜").display("en") == "李娜"
    assert PersonName().is_empty


def test_country_list_order():
    names = places.country_choices("en")
    codes = [code for code, _ in names]
    assert len(places.EU_MEMBER_STATES) == 27
    assert set(codes[:27]) == set(places.EU_MEMBER_STATES)
    assert codes[27] == "CN"
    assert codes[0] == "AT" and names[0][1] == "Austria"
    assert {"HK", "MO", "TW"}.isdisjoint(codes)
    zh = dict(places.country_choices("zh"))
    assert zh["DE"] == "德国" and zh["CN"] == "中国"


def test_provinces_in_both_languages():
    assert len(places.PROVINCES) == 34
    assert places.province_name("35", "zh") == "福建省"
    assert places.province_name("21", "en") == "Liaoning"
    assert places.province_name("99", "en") == ""


def test_timezones_common_first():
    zones = [z for z, _ in places.timezone_choices()]
    assert zones[:4] == list(places.CHINA_TIMEZONES)
    eu = zones[4 : 4 + len(places.eu_timezones())]
    assert set(eu) == places.eu_timezones() and {"Europe/Brussels", "Europe/Vilnius"} <= set(eu)
    assert zones[4 + len(eu)] == "UTC"
    assert len(zones) == len(set(zones))


def test_timezones_named_by_place_without_legacy_aliases():
    for language in ("en", "zh"):
        choices = places.timezone_choices(language)
        zones = {z for z, _ in choices}
        assert zones.isdisjoint({"Asia/Chongqing", "Asia/Harbin", "Asia/Calcutta", "Pacific/Truk"})
        assert len({label for _, label in choices}) == len(choices)
    zh = dict(places.timezone_choices("zh"))
    assert zh["Asia/Shanghai"] == "中国（上海）时间" and zh["Europe/Brussels"] == "比利时时间"
    assert dict(places.timezone_choices("en"))["Europe/Brussels"] == "Belgium Time"
    rest = [label for _, label in places.timezone_choices("zh")][
        4 + len(places.eu_timezones()) + 1 :
    ]
    assert rest == sorted(rest, key=lambda label: places.sort_key(label, "zh"))


def test_stored_legacy_zones_map_to_canonical_ones():
    assert places.canonical_timezone("Asia/Chongqing") == "Asia/Shanghai"
    assert places.canonical_timezone("Asia/Harbin") == "Asia/Shanghai"
    assert places.canonical_timezone("Asia/Calcutta") == "Asia/Kolkata"
    assert places.canonical_timezone("Pacific/Truk") in places.timezone_names()
    assert places.canonical_timezone("Etc/UTC") == "UTC"
    assert places.canonical_timezone("Europe/Warsaw") == "Europe/Warsaw"


def test_countries_sorted_in_pinyin_order_in_chinese():
    zh = places.country_choices("zh")
    eu_names = [name for _, name in zh[:27]]
    # ài ěr lán (爱尔兰), ài shā ní yà (爱沙尼亚), ào dì lì (奥地利), bǎo jiā lì yà (保加利亚) ...
    assert eu_names[:4] == ["爱尔兰", "爱沙尼亚", "奥地利", "保加利亚"]
    assert eu_names.index("德国") < eu_names.index("法国") < eu_names.index("瑞典")
    rest = [name for _, name in zh[28:]]
    assert rest[0].startswith("阿") and rest.index("阿根廷") < rest.index("埃及") < rest.index(
        "巴西"
    )
    english = [name for _, name in places.country_choices("en")[28:]]
    assert english == sorted(english, key=str.casefold)


def test_place_names_in_each_language():
    assert places.place_name("CN", "35", "福州", "zh") == "福建省福州"
    assert places.place_name("CN", "35", "Fuzhou", "en") == "Fuzhou, Fujian, China"
    assert places.place_name("PL", "", "Warszawa", "en") == "Warszawa, Poland"
    assert places.place_name("PL", "", "华沙", "zh") == "波兰华沙"
    assert places.place_name("CN", "", "", "zh") == "中国"
    assert places.place_name("", "", "", "en") == ""


def test_latin_city_names_are_not_glued_to_chinese_regions():
    assert places.place_name("CN", "37", "Jinan", "zh") == "山东省 Jinan"
    assert places.place_name("BE", "", "Brussels", "zh") == "比利时 Brussels"
    assert places.place_name("BE", "", " ", "zh") == "比利时"
    assert places.place_name("", "", "Brussels", "zh") == "Brussels"


def test_cities_in_both_languages():
    assert places.place_name("CN", "37", "Jinan", "zh", "济南") == "山东省济南"
    assert places.place_name("CN", "37", "Jinan", "en", "济南") == "Jinan, Shandong, China"
    assert places.place_name("BE", "", "Brussels", "zh", "布鲁塞尔") == "比利时布鲁塞尔"
    assert places.place_name("CN", "35", "", "en", "福州") == "福州, Fujian, China"
