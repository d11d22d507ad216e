"""Trainers' materials: files attached to a module or a workshop, with their versions."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, utcnow
from app.core.storage import StoredFile
from app.extensions import db


class Material(db.Model):
    """A trainer's file (slides, handout, reading pack) attached to a module or a workshop; it
    keeps versions."""

    __tablename__ = "materials"
    __table_args__ = (
        sa.CheckConstraint("(module_id IS NULL) <> (workshop_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The module the file belongs to.
    module_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True
    )
    #: The workshop the file belongs to (exactly one of module and workshop is set).
    workshop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    #: Title in English ('' to show the file name).
    title_en: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Title in Chinese ('' to show the file name).
    title_zh: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Who first uploaded it.
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When it was first uploaded.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When it was deleted (hidden); None while it is shown. Staff can restore it.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    versions: Mapped[list[MaterialVersion]] = relationship(
        back_populates="material",
        order_by="MaterialVersion.number.desc()",
        cascade="all, delete-orphan",
    )

    @property
    def current(self) -> MaterialVersion:
        """The newest version, the one people download."""
        return self.versions[0]


class MaterialVersion(db.Model):
    """One uploaded file of a material; replacing a file adds a version and keeps the old one."""

    __tablename__ = "material_versions"
    __table_args__ = (sa.UniqueConstraint("material_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The material.
    material_id: Mapped[int] = mapped_column(
        sa.ForeignKey("materials.id", ondelete="CASCADE"), index=True
    )
    #: 1 for the first upload, then 2, 3 ...
    number: Mapped[int]
    #: The stored file.
    stored_file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id"))
    #: Who uploaded this version.
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    material: Mapped[Material] = relationship(back_populates="versions")
    stored_file: Mapped[StoredFile] = relationship(lazy="joined")
