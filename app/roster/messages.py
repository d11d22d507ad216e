"""The roster import's problems in the coordinator's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .columns import MappingCode, MappingProblem
from .nominations import RowCode, RowProblem
from .reading import MAX_ROWS, FileCode, FileProblem

_FILE_MESSAGES = {
    FileCode.WRONG_TYPE: _l(
        "This is not a CSV or XLSX file. Save the list from your spreadsheet program as CSV or as an Excel workbook (.xlsx) and upload it again."
    ),
    FileCode.MACROS: _l(
        "The workbook contains macros, which are not accepted. Save it as an ordinary Excel workbook (.xlsx) and upload it again."
    ),
    FileCode.DAMAGED: _l(
        "The file could not be read: it may be damaged or protected with a password. Save it again as .xlsx or CSV and upload it."
    ),
    FileCode.ENCODING: _l(
        "The text of the CSV file could not be read. Save it as “CSV UTF-8” (or as .xlsx) and upload it again."
    ),
    FileCode.EMPTY: _l("The file is empty."),
    FileCode.NO_DATA: _l("The file has a header row but no people below it."),
}


def file_message(problem: FileProblem) -> str:
    """Why a whole file was refused."""
    if problem.code is FileCode.TOO_MANY_ROWS:
        return _(
            "The list has more than %(limit)d people. Split it into smaller files.", limit=MAX_ROWS
        )
    if problem.code is FileCode.TOO_MANY_COLUMNS:
        return _(
            "The file has more than %(limit)d columns. Keep only the columns of the list.",
            limit=problem.params.get("limit", 0),
        )
    return str(_FILE_MESSAGES[problem.code])


def mapping_message(problem: MappingProblem) -> str:
    """What is wrong with a column mapping."""
    if problem.code is MappingCode.NO_EMAIL:
        return _("Choose the column that holds the e-mail addresses.")
    if problem.code is MappingCode.NO_NAME:
        return _("Choose at least one column that holds the names.")
    return _(
        "“%(target)s” is chosen for more than one column. Choose it for one column only.",
        target=problem.target.label,
    )


def row_message(problem: RowProblem) -> str:
    """One row problem, in the coordinator's language."""
    code, value = problem.code, problem.value
    if code is RowCode.NO_NAME:
        return _("The name is missing.")
    if code is RowCode.NO_EMAIL:
        return _("The e-mail address is missing.")
    if code is RowCode.BAD_EMAIL:
        return _("“%(value)s” is not a valid e-mail address.", value=value)
    if code is RowCode.DUPLICATE_EMAIL:
        return _(
            "The e-mail address %(value)s is already in row %(row)d of the file.",
            value=value,
            row=problem.other_row,
        )
    if code is RowCode.NOT_CHINESE:
        return _("“%(value)s” is not written in Chinese characters.", value=value)
    if code is RowCode.NOT_LATIN:
        return _("“%(value)s” is not written in Latin letters.", value=value)
    if code is RowCode.UNKNOWN_PROVINCE:
        return _(
            "“%(value)s” is not a province of China. Write the province's name in Chinese or English (e.g. Fujian) or its two-digit code (e.g. 35).",
            value=value,
        )
    if code is RowCode.UNKNOWN_GENDER:
        return _(
            "“%(value)s” is not a gender the platform records. Write female, male or other, in Chinese or English, or leave the cell empty.",
            value=value,
        )
    if code is RowCode.TOO_LONG:
        return _("The text beginning “%(value)s” is too long.", value=value)
    return _(
        "The account with the e-mail address %(value)s is deactivated. Ask an administrator to reactivate it, or remove the row.",
        value=value,
    )
