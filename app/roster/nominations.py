"""Turning a nomination list's rows into people: column recognition and row checks.

Pure: no Flask, no database. The headers bureaus write (姓名, 拼音, 邮箱, 工作单位, 省份 ... or Name,
E-mail, Organisation ...) are recognised; the coordinator may change the mapping. Every row is then
checked and either becomes a `Nominee` or yields `RowProblem`s (row number as the spreadsheet shows
it, column, problem code) that the pages word in the coordinator's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from email_validator import EmailNotValidError, validate_email

from app.auth.names import clean_name, is_han_name, is_latin_name
from app.core.places import PROVINCES

from .reading import Table, column_letter


class Target(StrEnum):
    """What a column of the file holds."""

    IGNORE = ""
    NAME_ZH = "name_zh"
    FAMILY_NAME_ZH = "family_name_zh"
    GIVEN_NAME_ZH = "given_name_zh"
    NAME_LATIN = "name_latin"
    FAMILY_NAME_LATIN = "family_name_latin"
    GIVEN_NAME_LATIN = "given_name_latin"
    EMAIL = "email"
    ORGANISATION = "organisation"
    POSITION = "position"
    PROVINCE = "province"
    GENDER = "gender"


#: Headers recognised for each target, compared after `header_key` (lower-case, no spaces,
#: no punctuation, no "*" marking required columns).
HEADERS: dict[Target, tuple[str, ...]] = {
    Target.NAME_ZH: (
        "姓名", "中文姓名", "中文名", "名字", "学员姓名", "参训人员", "参训人员姓名", "人员姓名",
        "姓名中文", "chinesename", "nameinchinese", "namechinese", "namezh", "namecn",
    ),
    Target.FAMILY_NAME_ZH: ("姓", "中文姓", "姓氏", "familynamechinese", "familynamezh"),
    Target.GIVEN_NAME_ZH: ("名", "中文名字", "givennamechinese", "givennamezh"),
    Target.NAME_LATIN: (
        "拼音", "姓名拼音", "拼音姓名", "英文名", "英文姓名", "外文姓名", "name", "fullname",
        "namelatin", "nameinlatinletters", "englishname", "pinyin", "nameenglish", "nameen",
        "participant", "participantname",
    ),
    Target.FAMILY_NAME_LATIN: (
        "姓拼音", "拼音姓", "英文姓", "familyname", "surname", "lastname", "familynamelatin",
    ),
    Target.GIVEN_NAME_LATIN: (
        "名拼音", "拼音名", "英文名字", "givenname", "givennames", "firstname", "givennamelatin",
    ),
    Target.EMAIL: (
        "邮箱", "电子邮件", "电子邮箱", "邮件", "电邮", "邮箱地址", "电子邮件地址", "email",
        "emailaddress", "mail", "emailadress",
    ),
    Target.ORGANISATION: (
        "单位", "工作单位", "所在单位", "单位名称", "机构", "工作机构", "部门", "单位及部门",
        "organisation", "organization", "institution", "employer", "agency", "authority",
    ),
    Target.POSITION: (
        "职务", "职位", "职务职称", "岗位", "position", "jobtitle", "title", "post", "function",
    ),
    Target.PROVINCE: ("省份", "省", "所在省份", "省市", "所在省", "province", "region"),
    Target.GENDER: ("性别", "gender", "sex"),
}  # fmt: skip

#: Targets that may be given at most once in a mapping.
SINGLE_TARGETS = tuple(t for t in Target if t is not Target.IGNORE)

_NOT_KEY = re.compile(r"[\W_]+")


def header_key(text: str) -> str:
    """A header reduced for comparison: NFKC, lower-case, letters and digits only."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return _NOT_KEY.sub("", folded)


_HEADER_LOOKUP = {key: target for target, keys in HEADERS.items() for key in keys}


def recognise_header(text: str) -> Target:
    """The target a header names, or IGNORE."""
    return _HEADER_LOOKUP.get(header_key(text), Target.IGNORE)


def header_score(cells: list[str]) -> int:
    """How many cells of a row are recognised headers (used to find the header row)."""
    return sum(recognise_header(c) is not Target.IGNORE for c in cells)


def guess_mapping(table: Table) -> list[Target]:
    """A target for each column: recognised headers, the first column per target only.

    A plain "姓名"/"Name" column is taken as Chinese or Latin by what most of its cells hold.
    """
    mapping: list[Target] = []
    for index, header in enumerate(table.headers):
        target = recognise_header(header)
        if target in (Target.NAME_ZH, Target.NAME_LATIN):
            values = [cells[index] for _n, cells in table.rows if cells[index]]
            han = sum(is_han_name(v.replace(" ", "")) for v in values)
            if values and han * 2 > len(values):
                target = Target.NAME_ZH
            elif values and header_key(header) in {"姓名", "名字", "name", "fullname"}:
                target = Target.NAME_LATIN
        if target in mapping:
            target = Target.IGNORE
        mapping.append(target)
    return mapping


class MappingCode(StrEnum):
    """Why a column mapping cannot be used."""

    NO_EMAIL = "no_email"
    NO_NAME = "no_name"
    TWICE = "twice"


@dataclass(frozen=True)
class MappingProblem:
    """A mapping problem; `target` names the doubly used target for TWICE."""

    code: MappingCode
    target: Target | None = None


def check_mapping(mapping: list[Target]) -> list[MappingProblem]:
    """What is wrong with a mapping (empty when it can be used)."""
    problems = []
    for target in SINGLE_TARGETS:
        if mapping.count(target) > 1:
            problems.append(MappingProblem(MappingCode.TWICE, target))
    if Target.EMAIL not in mapping:
        problems.append(MappingProblem(MappingCode.NO_EMAIL))
    names = {
        Target.NAME_ZH,
        Target.FAMILY_NAME_ZH,
        Target.GIVEN_NAME_ZH,
        Target.NAME_LATIN,
        Target.FAMILY_NAME_LATIN,
        Target.GIVEN_NAME_LATIN,
    }
    if not names & set(mapping):
        problems.append(MappingProblem(MappingCode.NO_NAME))
    return problems


# --- Values --------------------------------------------------------------------------------------

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


# --- Rows ----------------------------------------------------------------------------------------


class RowCode(StrEnum):
    """What is wrong in one cell or row."""

    NO_NAME = "no_name"
    NO_EMAIL = "no_email"
    BAD_EMAIL = "bad_email"
    DUPLICATE_EMAIL = "duplicate_email"
    NOT_CHINESE = "not_chinese"
    NOT_LATIN = "not_latin"
    UNKNOWN_PROVINCE = "unknown_province"
    UNKNOWN_GENDER = "unknown_gender"
    TOO_LONG = "too_long"
    ACCOUNT_INACTIVE = "account_inactive"


@dataclass(frozen=True)
class RowProblem:
    """One problem: row number as the spreadsheet shows it, the column and its header."""

    row: int
    column: str
    header: str
    code: RowCode
    value: str = ""
    other_row: int | None = None


@dataclass
class Nominee:
    """One person of the list, as they will be imported."""

    row: int
    email: str
    family_name_zh: str = ""
    given_name_zh: str = ""
    family_name_latin: str = ""
    given_name_latin: str = ""
    organisation: str = ""
    position: str = ""
    province: str = ""
    gender: str | None = None
    #: Profile fields the file gave (to fill blanks of an existing account).
    given: set[str] = field(default_factory=set)

    def profile(self) -> dict:
        """The account fields the row gives, for a new account."""
        values = {
            name: getattr(self, name)
            for name in (
                "family_name_zh",
                "given_name_zh",
                "family_name_latin",
                "given_name_latin",
                "organisation",
                "position",
                "province",
                "gender",
            )
        }
        values["country"] = "CN" if self.province else ""
        values["preferred_language"] = "zh" if self.family_name_zh or self.given_name_zh else "en"
        return values


#: Longest value of each account field (the columns' sizes in the users table).
MAX_LENGTHS = {
    "family_name_zh": 50,
    "given_name_zh": 50,
    "family_name_latin": 100,
    "given_name_latin": 100,
    "organisation": 200,
    "position": 200,
    "email": 254,
}


#: The columns an account field can come from, for pointing at the cell that is too long.
_SOURCES = {
    "family_name_zh": (Target.FAMILY_NAME_ZH, Target.NAME_ZH, Target.NAME_LATIN),
    "given_name_zh": (Target.GIVEN_NAME_ZH, Target.NAME_ZH, Target.NAME_LATIN),
    "family_name_latin": (Target.FAMILY_NAME_LATIN, Target.NAME_LATIN),
    "given_name_latin": (Target.GIVEN_NAME_LATIN, Target.NAME_LATIN),
    "organisation": (Target.ORGANISATION,),
    "position": (Target.POSITION,),
}


@dataclass
class Checked:
    """The outcome of checking every row: nominees when there are no problems."""

    nominees: list[Nominee]
    problems: list[RowProblem]


def check_rows(
    table: Table,
    mapping: list[Target],
    inactive_emails: Callable[[Iterable[str]], set[str]] | None = None,
) -> Checked:
    """Check every row of `table` under `mapping`; `inactive_emails(addresses)` names the
    addresses of deactivated accounts, which cannot be registered."""
    where = {target: index for index, target in enumerate(mapping) if target is not Target.IGNORE}
    nominees: list[Nominee] = []
    problems: list[RowProblem] = []
    first_row_of: dict[str, int] = {}

    def column(target: Target) -> tuple[str, str]:
        index = where[target]
        return column_letter(index), table.headers[index]

    for number, cells in table.rows:

        def value(target: Target, cells=cells) -> str:
            return clean_name(cells[where[target]]) if target in where else ""

        def problem(target: Target, code: RowCode, text: str = "", other=None, row=number):
            letter, header = column(target)
            problems.append(RowProblem(row, letter, header, code, text, other))

        nominee = Nominee(row=number, email="")
        before = len(problems)
        # Names in Chinese characters.
        if Target.NAME_ZH in where and value(Target.NAME_ZH):
            full = value(Target.NAME_ZH).replace(" ", "")
            if is_han_name(full):
                nominee.family_name_zh, nominee.given_name_zh = split_chinese_name(full)
            else:
                problem(Target.NAME_ZH, RowCode.NOT_CHINESE, full)
        for target, attribute in (
            (Target.FAMILY_NAME_ZH, "family_name_zh"),
            (Target.GIVEN_NAME_ZH, "given_name_zh"),
        ):
            text = value(target).replace(" ", "")
            if text:
                if is_han_name(text):
                    setattr(nominee, attribute, text)
                else:
                    problem(target, RowCode.NOT_CHINESE, text)
        chinese_order = bool(nominee.family_name_zh or nominee.given_name_zh)
        # Names in Latin letters.
        if Target.NAME_LATIN in where and value(Target.NAME_LATIN):
            full = value(Target.NAME_LATIN)
            if is_han_name(full.replace(" ", "")) and not chinese_order:
                # A "Name" column holding Chinese characters: take it as the Chinese name.
                nominee.family_name_zh, nominee.given_name_zh = split_chinese_name(full)
            elif is_latin_name(clean_name(full.replace(",", " "))):
                nominee.family_name_latin, nominee.given_name_latin = split_latin_name(
                    full, chinese_order
                )
            else:
                problem(Target.NAME_LATIN, RowCode.NOT_LATIN, full)
        for target, attribute in (
            (Target.FAMILY_NAME_LATIN, "family_name_latin"),
            (Target.GIVEN_NAME_LATIN, "given_name_latin"),
        ):
            text = value(target)
            if text:
                if is_latin_name(text):
                    setattr(nominee, attribute, text)
                else:
                    problem(target, RowCode.NOT_LATIN, text)
        name_targets = [
            t
            for t in (
                Target.NAME_ZH,
                Target.NAME_LATIN,
                Target.FAMILY_NAME_ZH,
                Target.FAMILY_NAME_LATIN,
                Target.GIVEN_NAME_ZH,
                Target.GIVEN_NAME_LATIN,
            )
            if t in where
        ]
        has_name = any(
            (nominee.family_name_zh, nominee.given_name_zh, nominee.family_name_latin,
             nominee.given_name_latin)
        )  # fmt: skip
        if not has_name and len(problems) == before and name_targets:
            problem(name_targets[0], RowCode.NO_NAME)
        # E-mail.
        raw_email = value(Target.EMAIL)
        email = normalise_email(raw_email)
        if not email:
            problem(Target.EMAIL, RowCode.NO_EMAIL)
        elif not email_ok(email) or len(email) > MAX_LENGTHS["email"]:
            problem(Target.EMAIL, RowCode.BAD_EMAIL, raw_email)
        elif email in first_row_of:
            problem(Target.EMAIL, RowCode.DUPLICATE_EMAIL, raw_email, first_row_of[email])
        else:
            first_row_of[email] = number
        nominee.email = email
        # Organisation and position.
        for target, attribute in (
            (Target.ORGANISATION, "organisation"),
            (Target.POSITION, "position"),
        ):
            setattr(nominee, attribute, value(target))
        # Province and gender.
        if value(Target.PROVINCE):
            code = province_code(value(Target.PROVINCE))
            if code is None:
                problem(Target.PROVINCE, RowCode.UNKNOWN_PROVINCE, value(Target.PROVINCE))
            else:
                nominee.province = code
        if Target.GENDER in where:
            known, gender = gender_value(value(Target.GENDER))
            if not known:
                problem(Target.GENDER, RowCode.UNKNOWN_GENDER, value(Target.GENDER))
            nominee.gender = gender
        # Lengths.
        for attribute, limit in MAX_LENGTHS.items():
            if attribute != "email" and len(getattr(nominee, attribute)) > limit:
                candidates = [t for t in _SOURCES[attribute] if t in where]
                problem(candidates[0], RowCode.TOO_LONG, getattr(nominee, attribute)[:40])
        nominee.given = {
            name
            for name, text in nominee.profile().items()
            if text and name not in ("preferred_language",)
        }
        if len(problems) == before:
            nominees.append(nominee)
    if inactive_emails is not None and Target.EMAIL in where:
        inactive = inactive_emails([n.email for n in nominees])
        for nominee in nominees:
            if nominee.email in inactive:
                letter, header = column(Target.EMAIL)
                problems.append(
                    RowProblem(nominee.row, letter, header, RowCode.ACCOUNT_INACTIVE, nominee.email)
                )
        problems.sort(key=lambda p: p.row)
        nominees = [n for n in nominees if n.email not in inactive]
    return Checked(nominees=nominees, problems=problems)
