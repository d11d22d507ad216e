"""How exchange rows follow an account merge (see app/core/account_merge.py).

Both accounts in one delegation: the kept account's membership stays, completed with anything
only the other membership recorded (passport, date of birth, role as head of delegation).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.account_merge import moves, resolver
from app.extensions import db

from .models import DelegationMember, MemberRole

_NOT_COPIED = {"id", "exchange_id", "user_id", "role"}


@resolver("delegation_members", "user_id", _l("Exchange delegation memberships"))
def _settle_members(source_id: int, target_id: int) -> int:
    kept = {
        m.exchange_id: m
        for m in db.session.scalars(
            sa.select(DelegationMember).where(DelegationMember.user_id == target_id)
        )
    }
    settled = 0
    for member in db.session.scalars(
        sa.select(DelegationMember).where(DelegationMember.user_id == source_id)
    ):
        ours = kept.get(member.exchange_id)
        if ours is None:
            continue
        for column in DelegationMember.__table__.columns:
            if column.name not in _NOT_COPIED and getattr(ours, column.key) in (None, ""):
                setattr(ours, column.key, getattr(member, column.key))
        if member.role == MemberRole.HEAD.value:
            ours.role = member.role
        db.session.delete(member)
        settled += 1
    return settled


moves("exchanges", "created_by_id", _l("Exchanges recorded"))
moves("exchange_status_changes", "changed_by_id", _l("Exchange status changes made"))
moves("exchange_document_versions", "uploaded_by_id", _l("Exchange documents uploaded"))
