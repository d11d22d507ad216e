"""How accounts' own rows follow a merge (see app/core/account_merge.py)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.account_merge import moves, resolver
from app.extensions import db

from .models import UserRole
from .sessions import UserSession


@resolver("user_roles", "user_id", _l("Roles (the kept account holds both accounts' roles)"))
def _settle_roles(source_id: int, target_id: int) -> int:
    """A role both accounts hold is kept once."""
    held = sa.select(UserRole.role).where(UserRole.user_id == target_id)
    result = db.session.execute(
        sa.delete(UserRole).where(UserRole.user_id == source_id, UserRole.role.in_(held))
    )
    return result.rowcount or 0


moves("deletion_requests", "user_id", _l("Requests to delete personal data"))
moves("deletion_requests", "handled_by_id", _l("Deletion requests handled"))


@resolver("user_sessions", "user_id", _l("Signed-in sessions (the merged account's end)"))
def _end_merged_sessions(source_id: int, target_id: int) -> int:
    """The merged-away account can no longer sign in: its sessions are deleted, not moved."""
    result = db.session.execute(sa.delete(UserSession).where(UserSession.user_id == source_id))
    return result.rowcount or 0
