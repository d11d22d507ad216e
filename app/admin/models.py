"""Records of account administration."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.db import UTCDateTime, utcnow
from app.extensions import db


class AccountMerge(db.Model):
    """Two accounts of one person merged into one: what was merged away into what, by whom."""

    __tablename__ = "account_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The account merged away (now deactivated).
    source_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    #: The account kept.
    target_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    #: The admin who merged them.
    merged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: When.
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The e-mail address the merged-away account had (it was freed for reuse).
    source_email: Mapped[str] = mapped_column(sa.String(254))
    #: Rows moved, per table and column: {"registrations.user_id": 2, ...}.
    moved: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    source: Mapped[User] = relationship(foreign_keys=[source_id])
    target: Mapped[User] = relationship(foreign_keys=[target_id])
