"""The audit log: who did what to which object, with the state before and after."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.auth.models import User


class AuditEntry(db.Model):
    """One sensitive action."""

    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it happened.
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    #: Who did it (None for the command line or the system).
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: What was done, as a dotted name: 'user.roles_changed', 'user.deactivated' ...
    action: Mapped[str] = mapped_column(sa.String(80), index=True)
    #: The kind of object acted on: 'user', 'workshop' ...
    object_type: Mapped[str] = mapped_column(sa.String(40), default="")
    #: The object's id, as text.
    object_id: Mapped[str] = mapped_column(sa.String(64), default="")
    #: The relevant fields before the action.
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    #: The relevant fields after the action.
    after: Mapped[dict | None] = mapped_column(sa.JSON)
    #: A reason or remark given with the action.
    note: Mapped[str] = mapped_column(sa.Text, default="")
    #: The requester's address, when the action came through the web.
    ip_address: Mapped[str] = mapped_column(sa.String(45), default="")

    actor: Mapped[User | None] = relationship("User", lazy="raise")


def record(
    actor: Any,
    action: str,
    obj: Any = None,
    *,
    object_type: str | None = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditEntry:
    """Add an audit entry to the session (the caller commits with the action itself)."""
    if object_type is None and obj is not None:
        object_type = re.sub(r"(?<!^)(?=[A-Z])", "_", type(obj).__name__).lower()
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type or "",
        object_id=str(getattr(obj, "id", "") or "") if obj is not None else "",
        before=before,
        after=after,
        note=note,
        ip_address=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(entry)
    return entry


#: What an erased value reads as in the audit log.
ERASED = "[erased]"
#: Keys of before/after values that hold a person's data when the entry is about that person.
PERSONAL_KEYS = frozenset(
    {
        "email",
        "former_email",
        "source_email",
        "family_name_zh",
        "given_name_zh",
        "family_name_latin",
        "given_name_latin",
        "name",
        "organisation",
        "position",
        "reason",
        "note",
        "passport_number",
        "date_of_birth",
        "dietary_needs",
        "accessibility_needs",
    }
)


def _scrub_value(value: Any, addresses: list[str], about_person: bool) -> Any:
    if isinstance(value, dict):
        return {
            key: ERASED
            if about_person and key in PERSONAL_KEYS and item not in (None, "")
            else _scrub_value(item, addresses, about_person)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub_value(item, addresses, about_person) for item in value]
    if isinstance(value, str) and any(a in value.lower() for a in addresses):
        return ERASED
    return value


def scrub(addresses: list[str], user_ids: list[int]) -> int:
    """Erase people's data from the audit log while keeping who did what and when: entries about
    the people lose their notes (deletion reasons) and their personal before/after values, and
    every entry loses the people's e-mail addresses. Returns how many entries changed."""
    addresses = [a.strip().lower() for a in addresses if a and a.strip()]
    about = sa.and_(
        AuditEntry.object_type == "user", AuditEntry.object_id.in_([str(i) for i in user_ids])
    )
    conditions = [about]
    for address in addresses:
        pattern = f"%{address}%"
        conditions += [
            sa.cast(AuditEntry.before, sa.Text).ilike(pattern),
            sa.cast(AuditEntry.after, sa.Text).ilike(pattern),
            AuditEntry.note.ilike(pattern),
        ]
    changed = 0
    for entry in db.session.scalars(sa.select(AuditEntry).where(sa.or_(*conditions))):
        about_person = entry.object_type == "user" and entry.object_id in {str(i) for i in user_ids}
        entry.before = _scrub_value(entry.before, addresses, about_person)
        entry.after = _scrub_value(entry.after, addresses, about_person)
        if entry.note and (about_person or any(a in entry.note.lower() for a in addresses)):
            entry.note = ERASED
        changed += 1
    return changed
