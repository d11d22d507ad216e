"""Column recognition and row checks of nomination lists."""

from __future__ import annotations

import pytest

from app.roster.cells import province_code, split_chinese_name, split_latin_name
from app.roster.columns import MappingCode, Target, check_mapping, guess_mapping, recognise_header
from app.roster.nominations import RowCode, check_rows
from app.roster.reading import Table


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("姓名", Target.NAME_ZH),
        ("中文姓名", Target.NAME_ZH),
        ("拼音", Target.NAME_LATIN),
        ("邮箱", Target.EMAIL),
        ("电子邮件", Target.EMAIL),
        ("E-mail address", Target.EMAIL),
        ("*Email", Target.EMAIL),
        ("单位", Target.ORGANISATION),
        ("工作单位", Target.ORGANISATION),
        ("Organization", Target.ORGANISATION),
        ("职务", Target.POSITION),
        ("省份", Target.PROVINCE),
        ("性别", Target.GENDER),
        ("Family name", Target.FAMILY_NAME_LATIN),
        ("First name", Target.GIVEN_NAME_LATIN),
        ("备注", Target.IGNORE),
    ],
)
def test_common_headers_are_recognised(header, target):
    assert recognise_header(header) is target


def test_a_name_column_is_chinese_or_latin_by_what_it_holds():
    table = Table(
        headers=["Name", "Email", "Email"],
        rows=[(2, ["Maria Rossi", "m@x.eu", "x"]), (3, ["Jan Novak", "j@x.eu", "y"])],
    )
    assert guess_mapping(table) == [Target.NAME_LATIN, Target.EMAIL, Target.IGNORE]
    table.rows = [(2, ["张伟", "z@x.cn", ""]), (3, ["李强", "l@x.cn", ""])]
    assert guess_mapping(table)[0] is Target.NAME_ZH


def test_mapping_needs_an_email_and_a_name_and_no_target_twice():
    problems = check_mapping([Target.POSITION, Target.POSITION])
    assert {p.code for p in problems} == {
        MappingCode.TWICE,
        MappingCode.NO_EMAIL,
        MappingCode.NO_NAME,
    }
    assert check_mapping([Target.NAME_ZH, Target.EMAIL, Target.IGNORE, Target.IGNORE]) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [("福建", "35"), ("福建省", "35"), ("Fujian", "35"), ("fujian province", "35"), ("35", "35"),
     ("内蒙古", "15"), ("Inner Mongolia", "15"), ("广西", "45"), ("香港", "81"), ("Macau", "82"),
     ("北京", "11"), ("北京市", "11"), ("Shaanxi", "61"), ("Shanxi", "14"), ("火星", None),
     ("99", None)],
)  # fmt: skip
def test_provinces_in_chinese_english_or_as_codes(text, code):
    assert province_code(text) == code


def test_chinese_names_are_split_with_compound_surnames():
    assert split_chinese_name("张伟") == ("张", "伟")
    assert split_chinese_name("欧阳娜娜") == ("欧阳", "娜娜")
    assert split_chinese_name("买买提·艾力") == ("", "买买提·艾力")


def test_latin_names_are_split_by_comma_capitals_or_order():
    assert split_latin_name("Zhang, Wei", True) == ("Zhang", "Wei")
    assert split_latin_name("ZHANG Wei", True) == ("Zhang", "Wei")
    assert split_latin_name("Wei ZHANG", True) == ("Zhang", "Wei")
    assert split_latin_name("Zhang Wei", True) == ("Zhang", "Wei")
    assert split_latin_name("Maria Rossi", False) == ("Rossi", "Maria")


def _table(*rows):
    return Table(
        headers=["姓名", "拼音", "邮箱", "单位", "省份", "性别"],
        rows=[(number, list(cells)) for number, cells in enumerate(rows, start=2)],
    )


MAPPING = [Target.NAME_ZH, Target.NAME_LATIN, Target.EMAIL, Target.ORGANISATION,
           Target.PROVINCE, Target.GENDER]  # fmt: skip


def test_a_good_row_becomes_a_nominee():
    checked = check_rows(
        _table(["张伟", "ZHANG Wei", " Zhang.Wei@FJ.gov.cn ", "福建省人社厅", "福建省", "男"]),
        MAPPING,
    )
    assert checked.problems == []
    (nominee,) = checked.nominees
    assert (nominee.family_name_zh, nominee.given_name_zh) == ("张", "伟")
    assert (nominee.family_name_latin, nominee.given_name_latin) == ("Zhang", "Wei")
    assert nominee.email == "zhang.wei@fj.gov.cn"
    assert (nominee.province, nominee.gender) == ("35", "male")
    assert nominee.profile()["country"] == "CN"
    assert nominee.profile()["preferred_language"] == "zh"


@pytest.mark.parametrize(
    ("cells", "column", "code"),
    [
        (["", "", "a@x.cn", "", "", ""], "A", RowCode.NO_NAME),
        (["张伟", "", "", "", "", ""], "C", RowCode.NO_EMAIL),
        (["张伟", "", "not-an-address", "", "", ""], "C", RowCode.BAD_EMAIL),
        (["张伟", "", "a@x.cn", "", "火星", ""], "E", RowCode.UNKNOWN_PROVINCE),
        (["张伟", "", "a@x.cn", "", "", "未知"], "F", RowCode.UNKNOWN_GENDER),
        (["Zhang Wei", "", "a@x.cn", "", "", ""], "A", RowCode.NOT_CHINESE),
        (["张伟", "Zhang 3", "a@x.cn", "", "", ""], "B", RowCode.NOT_LATIN),
        (["张伟", "", "a@x.cn", "单" * 201, "", ""], "D", RowCode.TOO_LONG),
    ],
)
def test_each_kind_of_bad_row_is_reported_with_its_row_and_column(cells, column, code):
    checked = check_rows(_table(["李强", "", "li@x.cn", "", "", ""], cells), MAPPING)
    assert [(p.row, p.column, p.code) for p in checked.problems] == [(3, column, code)]
    assert [n.row for n in checked.nominees] == [2]


def test_a_duplicate_email_in_the_file_names_the_first_row():
    checked = check_rows(
        _table(["张伟", "", "a@x.cn", "", "", ""], ["李强", "", "A@X.CN", "", "", ""]), MAPPING
    )
    (problem,) = checked.problems
    assert (problem.row, problem.code, problem.other_row) == (3, RowCode.DUPLICATE_EMAIL, 2)


def test_inactive_accounts_are_a_problem():
    checked = check_rows(
        _table(["张伟", "", "a@x.cn", "", "", ""]), MAPPING, lambda emails: {"a@x.cn"}
    )
    assert [p.code for p in checked.problems] == [RowCode.ACCOUNT_INACTIVE]
    assert checked.nominees == []
