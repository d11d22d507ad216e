"""Merging two accounts of one person (an admin's decision), using the merge registry.

Every row that points at the merged-away account moves to the kept one, by the rules the features
registered in app/core/account_merge.py; the kept account's empty profile fields are filled from
the other; the merged-away account is deactivated and its e-mail address freed. One audit entry on
each account records it, and an AccountMerge row keeps the old address for admins.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.auth.models import PERSONAL_FIELDS, User
from app.auth.personal_data import anonymise_account_row
from app.auth.services import hash_password
from app.core import audit
from app.core.account_merge import RuleOutcome, merge_rows, moves, unregistered
from app.core.audit import record
from app.core.errors import DomainError
from app.core.personal_data import eraser, exporter, staff_record
from app.extensions import db

from .models import AccountMerge

#: Profile fields the kept account takes from the other when its own are empty.
FILLED_FIELDS = PERSONAL_FIELDS

# Who merged what is history: it stays as recorded, whatever is merged later.
moves("account_merges", "source_id", _l("Earlier merges of this account"), keep=True)
moves("account_merges", "target_id", _l("Earlier merges into this account"), keep=True)
moves("account_merges", "merged_by_id", _l("Merges made as an administrator"), keep=True)


@exporter("account_merges", _l("Accounts merged into yours"), {
    "former_email": _l("E-mail address of the merged account"), "merged_at": _l("Merged on"),
}, covers=("account_merges.target_id", "account_merges.source_id"))  # fmt: skip
def _export_merges(user: User) -> list:
    rows = db.session.scalars(
        sa.select(AccountMerge)
        .where(AccountMerge.target_id == user.id)
        .order_by(AccountMerge.merged_at)
    )
    return [{"former_email": m.source_email, "merged_at": m.merged_at.isoformat()} for m in rows]


staff_record("account_merges.merged_by_id")


@eraser(
    "account_merges",
    covers=("account_merges.source_id", "account_merges.target_id", "account_merges.source_email"),
)
def _erase_merges(user: User) -> None:
    """An erased person's former addresses are erased from the merge records and the audit log
    too, and the accounts merged into theirs (still holding names and organisation) are
    anonymised like theirs."""
    merges = db.session.scalars(
        sa.select(AccountMerge).where(
            sa.or_(AccountMerge.source_id == user.id, AccountMerge.target_id == user.id)
        )
    ).all()
    merged_away = [db.session.get(User, m.source_id) for m in merges if m.target_id == user.id]
    audit.scrub(
        [m.source_email for m in merges] + [a.email for a in merged_away if a is not None],
        [a.id for a in merged_away if a is not None],
    )
    for account in merged_away:
        if account is not None and account.erased_at is None:
            anonymise_account_row(account)
    db.session.execute(
        sa.update(AccountMerge)
        .where(sa.or_(AccountMerge.source_id == user.id, AccountMerge.target_id == user.id))
        .values(source_email="")
    )


class MergeRefused(DomainError):
    """The two accounts cannot be merged."""

    status = 409


def freed_email(user: User) -> str:
    """The address a merged-away account gets, so its old address can be used again."""
    return f"merged-{user.id}@merged.invalid"


def check_mergeable(admin: User, kept: User, merged: User) -> None:
    """Refuse merges that make no sense or could lock the admin out."""
    if kept.id == merged.id:
        raise MergeRefused(_l("Choose two different accounts."))
    if merged.id == admin.id:
        raise MergeRefused(
            _l("You cannot merge away your own account. Keep it, or ask another administrator.")
        )
    if kept.erased_at is not None or merged.erased_at is not None:
        raise MergeRefused(_l("An account whose data was erased cannot be merged."))
    if merged.email.endswith("@merged.invalid"):
        raise MergeRefused(_l("This account has already been merged into another one."))
    missing = unregistered()
    if missing:
        raise MergeRefused(
            _l(
                "The platform holds data that the merge does not know how to move (%(tables)s). Nothing was changed; tell the programme's developers.",
                tables=", ".join(f"{t}.{c}" for t, c in missing),
            )
        )


@dataclass
class MergeResult:
    """What a merge did (or would do)."""

    outcomes: list[RuleOutcome]
    #: Profile fields of the kept account filled from the other: {field: value}.
    filled: dict[str, str]

    @property
    def moved(self) -> dict[str, int]:
        """Rows moved per table.column, for the audit log."""
        return {f"{o.rule.table}.{o.rule.column}": o.moved for o in self.outcomes if o.moved}


def _merge(admin: User, kept: User, merged: User) -> MergeResult:
    check_mergeable(admin, kept, merged)
    filled = {}
    for name in FILLED_FIELDS:
        if not getattr(kept, name) and getattr(merged, name):
            filled[name] = getattr(merged, name)
            setattr(kept, name, getattr(merged, name))
    kept_id, merged_id = kept.id, merged.id
    outcomes = merge_rows(merged_id, kept_id)
    return MergeResult(outcomes, filled)


def preview_merge(admin: User, kept: User, merged: User) -> MergeResult:
    """What merging would do, worked out by merging inside a savepoint that is then rolled back."""
    check_mergeable(admin, kept, merged)
    savepoint = db.session.begin_nested()
    try:
        result = _merge(admin, kept, merged)
    finally:
        savepoint.rollback()
    db.session.expire_all()
    return result


def merge_accounts(admin: User, kept: User, merged: User, note: str = "") -> AccountMerge:
    """Merge `merged` into `kept` (the caller commits)."""
    old_email = merged.email
    merged_was_active = merged.active
    result = _merge(admin, kept, merged)
    db.session.refresh(merged)
    db.session.refresh(kept)
    merged.active = False
    merged.email = freed_email(merged)
    merged.password_hash = hash_password(secrets.token_urlsafe(32))  # ends sessions and links
    entry = AccountMerge(
        source_id=merged.id,
        target_id=kept.id,
        merged_by_id=admin.id,
        source_email=old_email,
        moved=result.moved,
    )
    db.session.add(entry)
    record(
        admin,
        "user.merged_away",
        merged,
        before={"email": old_email, "active": merged_was_active},
        after={"email": merged.email, "active": False, "merged_into": kept.id},
        note=note,
    )
    record(
        admin,
        "user.merged_into",
        kept,
        after={"merged_from": merged.id, "moved": result.moved, "filled": sorted(result.filled)},
        note=note,
    )
    db.session.flush()
    return entry


def merges_of(user: User) -> tuple[AccountMerge | None, list[AccountMerge]]:
    """(the merge this account was merged away in, merges into this account)."""
    away = db.session.scalar(sa.select(AccountMerge).where(AccountMerge.source_id == user.id))
    into = list(
        db.session.scalars(
            sa.select(AccountMerge)
            .where(AccountMerge.target_id == user.id)
            .order_by(AccountMerge.merged_at)
        )
    )
    return away, into
