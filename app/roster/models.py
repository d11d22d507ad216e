"""A nomination list between its upload and its import."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, utcnow
from app.core.storage import StoredFile
from app.extensions import db
from app.workshops.models import Workshop


class RosterImport(db.Model):
    """An uploaded nomination list waiting for its column mapping, preview and import.

    The row and its stored file live only until the list is imported or discarded (or for a
    day, after which they are pruned), so the file is kept no longer than the preview needs it.
    """

    __tablename__ = "roster_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The workshop the people are nominated for.
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    #: The coordinator who uploaded the list; only they see it.
    uploaded_by_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    #: The uploaded file.
    stored_file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id"))
    #: The coordinator's column mapping: one target per column ('' = ignored); None until set.
    mapping: Mapped[list | None] = mapped_column(sa.JSON)
    #: When it was uploaded.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    workshop: Mapped[Workshop] = relationship()
    stored_file: Mapped[StoredFile] = relationship()
