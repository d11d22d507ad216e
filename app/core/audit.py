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
