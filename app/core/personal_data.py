"""What the platform holds about a person: one registry that every feature adds its part to.

A feature registers an exporter (what it holds about a user, as plain JSON-ready data) and,
where it holds personal data, an eraser (called when an admin anonymises the person). The
account page and the admin's anonymise action call them all, so a new feature cannot be left out
of a data export by forgetting a page.

Each exporter and eraser names the columns it covers ("table.column"): every column that points at
users.id, and every column whose name says it holds a person's data (names, e-mail addresses,
passport data, needs, reasons, notes), must be covered by an exporter and by an eraser, or be
declared with `kept_on_erasure` (the row stays, linked to the anonymised account, and holds
nothing else about the person) or `staff_record` (it only says which staff member did something).
tests/admin/test_personal_data_registry.py fails for any column left out, so a new table cannot be
forgotten.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: dict[str, Eraser] = {}
#: Erasers that must run after the others (the account's: the others still need the address).
_LAST: set[str] = set()
#: "table.column" -> the section whose exporter lists it.
_EXPORTED: dict[str, str] = {}
#: "table.column" -> the section whose eraser erases it.
_ERASED: dict[str, str] = {}
#: "table.column" -> why erasure leaves it as it is.
_KEPT: dict[str, str] = {}
#: "table.column" naming the staff member who did something: neither exported nor erased.
_STAFF_RECORDS: set[str] = set()

#: Column names that say a column holds a person's data, whatever its table.
PERSONAL_COLUMN = re.compile(
    r"(^|_)(e?mail|email_address|family_name|given_name|passport|date_of_birth|dietary|"
    r"accessibility|phone|reason|note)(_|$)"
)
_TITLES: dict[str, Any] = {}
_LABELS: dict[str, Any] = {}


def exporter(
    section: str, title: Any, labels: dict[str, Any], covers: Iterable[str] = ()
) -> Callable[[Exporter], Exporter]:
    """Register the function that lists what a feature holds about a user, under `section`.

    `title` names the section and `labels` name its fields on the readable page (lazy strings);
    the JSON download keeps the plain keys. `covers` names the columns ("table.column") it lists.
    """

    def register(function: Exporter) -> Exporter:
        _EXPORTERS[section] = function
        _EXPORTED.update(dict.fromkeys(covers, section))
        _TITLES[section] = title
        _LABELS.update(labels)
        return function

    return register


def section_title(section: str) -> str:
    """A section's name in the current language."""
    return str(_TITLES.get(section, section))


def field_label(key: str) -> str:
    """A field's name in the current language (the key itself when none was registered)."""
    return str(_LABELS.get(key, key))


def eraser(
    section: str, covers: Iterable[str] = (), last: bool = False
) -> Callable[[Eraser], Eraser]:
    """Register the function that erases a feature's personal data about a user; `covers` names
    the columns ("table.column") it erases or unlinks; `last` runs it after every other eraser."""

    def register(function: Eraser) -> Eraser:
        _ERASERS[section] = function
        _ERASED.update(dict.fromkeys(covers, section))
        if last:
            _LAST.add(section)
        return function

    return register


def kept_on_erasure(*columns: str, why: str) -> None:
    """Declare columns that erasure leaves: the row stays for statistics or history, linked to the
    anonymised account, and holds nothing else about the person."""
    _KEPT.update(dict.fromkeys(columns, why))


def staff_record(*columns: str) -> None:
    """Declare columns that only say which staff member did something (issued, decided, uploaded):
    the work's record, kept as it was and pointing at the anonymised account."""
    _STAFF_RECORDS.update(columns)


def personal_columns(metadata) -> list[str]:
    """Every "table.column" that points at users.id or whose name says it holds personal data."""
    found = set()
    for table in metadata.tables.values():
        for column in table.columns:
            points_at_user = any(
                key.column.table.name == "users" and key.column.name == "id"
                for key in column.foreign_keys
            )
            named_personal = (
                table.name != "users"
                and PERSONAL_COLUMN.search(column.name)
                and not isinstance(column.type, sa.Boolean)  # "asks_dietary": a setting
            )
            if points_at_user or named_personal:
                found.add(f"{table.name}.{column.name}")
    return sorted(found)


def without_eraser(metadata) -> list[str]:
    """Personal columns no eraser covers and no declaration explains."""
    declared = _ERASED.keys() | _KEPT.keys() | _STAFF_RECORDS
    return [name for name in personal_columns(metadata) if name not in declared]


def without_exporter(metadata) -> list[str]:
    """Personal columns pointing at users.id that no exporter lists and that are no staff record."""
    declared = _EXPORTED.keys() | _STAFF_RECORDS
    users = {name for name in personal_columns(metadata) if _points_at_users(metadata, name)}
    return sorted(users - declared)


def _points_at_users(metadata, name: str) -> bool:
    table, column = name.split(".")
    return any(
        key.column.table.name == "users" for key in metadata.tables[table].c[column].foreign_keys
    )


def collect(user: Any) -> dict[str, Any]:
    """Everything the platform holds about `user`, section by section."""
    return {section: export(user) for section, export in sorted(_EXPORTERS.items())}


def erase(user: Any) -> list[str]:
    """Run every eraser for `user` (the caller commits); returns the sections erased."""
    for _section, function in sorted(_ERASERS.items(), key=lambda item: item[0] in _LAST):
        function(user)
    return sorted(_ERASERS)


# Shared infrastructure's own tables (the audit log and the outbox are the account's sections).
staff_record("stored_files.uploaded_by_id")
