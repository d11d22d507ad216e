"""Rules of account administration: role changes and deactivation, always audited."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.auth.models import User, UserRole
from app.auth.services import make_reset_token
from app.core.access import Role
from app.core.audit import record
from app.core.errors import DomainError


class SelfLockout(DomainError):
    """An admin tried to remove their own admin role or deactivate themselves."""

    def __init__(self):
        super().__init__(
            _l(
                "You cannot remove your own administrator role or deactivate your own account. Ask another administrator."
            )
        )


class NoRole(DomainError):
    """An account must keep at least one role."""

    def __init__(self):
        super().__init__(_l("Choose at least one role."))


def search_users(q: str = "", role: str = "", status: str = "") -> sa.Select:
    """A query for the user list, filtered by text, role and status, ordered by e-mail."""
    # The list shows each account's roles: load them with the page, not one account at a time.
    query = sa.select(User).options(selectinload(User.role_rows)).order_by(User.email)
    if q:
        pattern = f"%{q.strip().lower()}%"
        query = query.where(
            sa.or_(
                sa.func.lower(User.email).like(pattern),
                sa.func.lower(User.family_name_latin).like(pattern),
                sa.func.lower(User.given_name_latin).like(pattern),
                (User.family_name_zh + User.given_name_zh).like(f"%{q.strip()}%"),
                sa.func.lower(User.organisation).like(pattern),
            )
        )
    if role in {r.value for r in Role}:
        query = query.where(User.id.in_(sa.select(UserRole.user_id).where(UserRole.role == role)))
    if status == "active":
        query = query.where(User.active.is_(True))
    elif status == "inactive":
        query = query.where(User.active.is_(False))
    return query


def change_access(admin: User, user: User, roles: set[Role], active: bool, note: str = "") -> bool:
    """Set a user's roles and active flag, recording both states in the audit log.

    Returns whether anything changed.
    """
    if not roles:
        raise NoRole()
    if user.id == admin.id and (Role.ADMIN not in roles or not active):
        raise SelfLockout()
    before = {"roles": sorted(user.role_set), "active": user.active}
    after = {"roles": sorted(roles), "active": active}
    if before == after:
        return False
    user.set_roles(roles)
    user.active = active
    if before["roles"] != after["roles"]:
        record(
            admin,
            "user.roles_changed",
            user,
            before={"roles": before["roles"]},
            after={"roles": after["roles"]},
            note=note,
        )
    if before["active"] != active:
        record(
            admin,
            "user.activated" if active else "user.deactivated",
            user,
            before={"active": before["active"]},
            after={"active": active},
            note=note,
        )
    return True


def issue_reset_link_token(admin: User, user: User) -> str:
    """A one-time reset token an admin hands over (for officials who cannot receive e-mail)."""
    record(admin, "user.reset_link_issued", user)
    return make_reset_token(user, issued_by_admin=True)
