"""Merging two accounts of one person: one registry that every feature adds its tables to.

When an admin merges account A (merged away) into account B (kept), every row that points at A
through a foreign key to `users.id` must be dealt with. Each feature registers, for each such
column of its own tables, one rule:

    from app.core.account_merge import moves, resolver

    moves("certificates", "issued_by_id", _l("Certificates issued"))      # plain move

    @resolver("quiz_attempts", "user_id", _l("Quiz attempts"))            # move with conflicts
    def _settle_attempts(source_id: int, target_id: int) -> int:
        ...delete or adjust A's rows that would clash with B's (a unique constraint)...
        return how_many_rows_were_settled

    moves("audit_log", "actor_id", _l("Audit log entries"), keep=True)   # history: stays with A

A resolver runs first and settles the rows that would break a unique constraint (both registered
for one workshop, both done with one lesson ...); then every remaining row of A is moved to B by
one UPDATE. `keep=True` leaves the rows with A (records of what A did, which must not be
rewritten). Register the rules in a module of your feature that is imported when the app starts
(e.g. `<feature>/account_merge.py`, imported from the blueprint's `__init__`).

`unregistered()` lists every foreign key to users.id in the models that has no rule; a merge is
refused while any exists, and tests/admin/test_account_merge.py fails, so a new table cannot be
forgotten. The admin's merge service (app/admin/merging.py) calls `merge_rows`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from app.extensions import db

#: A resolver: (source user id, target user id) -> number of clashing rows settled.
Resolver = Callable[[int, int], int]


@dataclass(frozen=True)
class MergeRule:
    """What happens to one column pointing at users.id when two accounts are merged."""

    table: str
    column: str
    #: What the rows are, shown on the confirmation page (a lazy string).
    label: Any
    #: Settles rows that would clash with the kept account's rows; None when none can.
    resolve: Resolver | None = None
    #: True: the rows stay with the merged-away account (history that must not be rewritten).
    keep: bool = False


@dataclass(frozen=True)
class RuleOutcome:
    """What a merge did (or would do) with one rule's rows."""

    rule: MergeRule
    #: Rows of the merged-away account that the rule covers, before the merge.
    found: int
    #: Rows moved to the kept account.
    moved: int
    #: Rows settled by the resolver (combined with or dropped in favour of the kept account's).
    settled: int


_RULES: dict[tuple[str, str], MergeRule] = {}


def _register(rule: MergeRule) -> None:
    key = (rule.table, rule.column)
    if key in _RULES and _RULES[key] != rule:
        raise RuntimeError(f"two merge rules for {rule.table}.{rule.column}")
    _RULES[key] = rule


def moves(table: str, column: str, label: Any, *, keep: bool = False) -> None:
    """Register a column whose rows simply move to the kept account (or stay, with keep=True)."""
    _register(MergeRule(table, column, label, None, keep))


def resolver(table: str, column: str, label: Any) -> Callable[[Resolver], Resolver]:
    """Register a column whose rows can clash with the kept account's, with the function that
    settles the clashes before the remaining rows are moved."""

    def register(function: Resolver) -> Resolver:
        _register(MergeRule(table, column, label, function, False))
        return function

    return register


def rules() -> list[MergeRule]:
    """Every registered rule, in a stable order."""
    return [_RULES[key] for key in sorted(_RULES)]


def user_foreign_keys() -> list[tuple[str, str]]:
    """(table, column) of every column in the models that references users.id."""
    found = set()
    for table in db.metadata.tables.values():
        for key in table.foreign_keys:
            if key.column.table.name == "users" and key.column.name == "id":
                found.add((table.name, key.parent.name))
    return sorted(found)


def unregistered() -> list[tuple[str, str]]:
    """Foreign keys to users.id that no feature has registered a merge rule for."""
    return [key for key in user_foreign_keys() if key not in _RULES]


def _column(rule: MergeRule) -> sa.Column:
    return db.metadata.tables[rule.table].c[rule.column]


def count_rows(rule: MergeRule, user_id: int) -> int:
    """How many rows of the rule's table point at the user through the rule's column."""
    column = _column(rule)
    return db.session.scalar(sa.select(sa.func.count()).where(column == user_id)) or 0


def merge_rows(source_id: int, target_id: int) -> list[RuleOutcome]:
    """Apply every rule: settle clashes, then move the rest of the source's rows to the target
    (the caller flushes, audits and commits; nothing here commits)."""
    if source_id == target_id:
        raise ValueError("an account cannot be merged into itself")
    db.session.flush()
    outcomes = []
    for rule in rules():
        found = count_rows(rule, source_id)
        if rule.keep or not found:
            outcomes.append(RuleOutcome(rule, found, 0, 0))
            continue
        settled = rule.resolve(source_id, target_id) if rule.resolve else 0
        db.session.flush()
        column = _column(rule)
        result = db.session.execute(
            sa.update(column.table)
            .where(column == source_id)
            .values({column.name: target_id})
            .execution_options(synchronize_session=False)
        )
        outcomes.append(RuleOutcome(rule, found, result.rowcount or 0, settled))
    db.session.expire_all()
    return outcomes


# --- Shared infrastructure's own tables -----------------------------------------------------------


def _register_core_rules() -> None:
    from flask_babel import lazy_gettext as _l

    moves("stored_files", "uploaded_by_id", _l("Uploaded files"))
    moves("outbox", "to_user_id", _l("E-mails sent to the person"))
    moves("jobs", "owner_id", _l("Background work started"))
    # The audit log says who did what at the time; rewriting it would falsify it.
    moves("audit_log", "actor_id", _l("Actions in the audit log (kept as recorded)"), keep=True)


_register_core_rules()
