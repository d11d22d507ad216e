"""Turning a nomination list's rows into people: every row is checked under the column mapping.

Pure: no Flask, no database. Each row either becomes a `Nominee` or yields `RowProblem`s (row
number as the spreadsheet shows it, column, problem code) that the pages word in the
coordinator's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from app.auth.names import clean_name, is_han_name, is_latin_name

from .cells import (
    email_ok,
    gender_value,
    normalise_email,
    province_code,
    split_chinese_name,
    split_latin_name,
)
from .columns import Target
from .reading import Table, column_letter


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


def check_rows(  # noqa: C901 (a file checker: one branch per rule)
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
