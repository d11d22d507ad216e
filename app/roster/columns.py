"""Which column of a nomination list holds what: the headings bureaus write, recognised.

Pure: no Flask. The headers bureaus write (姓名, 拼音, 邮箱, 工作单位, 省份 ... or Name, E-mail,
Organisation ...) are recognised; the coordinator may change the mapping, which must name an
e-mail column and a name column, each target once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from app.auth.names import is_han_name
from app.core.labels import N_, LabelledEnum

from .reading import Table


class Target(LabelledEnum):
    """What a column of the file holds."""

    IGNORE = "", N_("(not imported)")
    NAME_ZH = "name_zh", N_("Full name in Chinese characters")
    FAMILY_NAME_ZH = "family_name_zh", N_("Family name in Chinese characters")
    GIVEN_NAME_ZH = "given_name_zh", N_("Given name in Chinese characters")
    NAME_LATIN = "name_latin", N_("Full name in Latin letters")
    FAMILY_NAME_LATIN = "family_name_latin", N_("Family name in Latin letters")
    GIVEN_NAME_LATIN = "given_name_latin", N_("Given name(s) in Latin letters")
    EMAIL = "email", N_("E-mail address")
    ORGANISATION = "organisation", N_("Organisation")
    POSITION = "position", N_("Position")
    PROVINCE = "province", N_("Province")
    GENDER = "gender", N_("Gender (optional)")


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
