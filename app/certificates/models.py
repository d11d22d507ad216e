"""Certificate templates (set by admins) and the certificates issued from them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.db import UTCDateTime, utcnow
from app.core.labels import LabelledEnum
from app.extensions import db

from .codes import display
from .eligibility import Kind


class Status(LabelledEnum):
    """Where a certificate stands."""

    LIVE = "live", _l("Valid")
    SUPERSEDED = "superseded", _l("Superseded")
    REVOKED = "revoked", _l("Revoked")


class CertificateTemplate(db.Model):
    """The look and wording of one kind of certificate, set by admins without editing code."""

    __tablename__ = "certificate_templates"
    __table_args__ = (
        sa.Index(
            "uq_certificate_templates_default_kind",
            "kind",
            unique=True,
            postgresql_where=sa.text("is_default"),
            sqlite_where=sa.text("is_default"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A name admins recognise it by.
    name: Mapped[str] = mapped_column(sa.String(120))
    #: The kind of certificate it is for (eligibility.Kind).
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    #: Whether new certificates of its kind use it (one default per kind).
    is_default: Mapped[bool] = mapped_column(default=False)
    #: Heading in English, e.g. "Certificate of Attendance".
    heading_en: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Heading in Chinese, e.g. 结业证书.
    heading_zh: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Words before the name in English, e.g. "This is to certify that".
    preamble_en: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Words before the name in Chinese, e.g. 兹证明.
    preamble_zh: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Words between the name and the event in English, e.g. "attended the training workshop".
    statement_en: Mapped[str] = mapped_column(sa.String(500), default="")
    #: Words between the name and the event in Chinese, e.g. 参加了.
    statement_zh: Mapped[str] = mapped_column(sa.String(500), default="")
    #: Issuing organisations in English, one a line.
    issuers_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: Issuing organisations in Chinese, one a line, in the same order.
    issuers_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: Logos: stored file ids, left to right.
    logo_file_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: Signatories: [{"name", "title_en", "title_zh", "file_id"}], left to right.
    signatories: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: The seal image (a stored file), if any.
    seal_file_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stored_files.id"))
    #: Main colour (frame, heading, name) as #RRGGBB.
    colour: Mapped[str] = mapped_column(sa.String(7), default="#1F3A5F")
    #: Accent colour (inner frame, rule) as #RRGGBB.
    accent: Mapped[str] = mapped_column(sa.String(7), default="#B8860B")
    #: Who changed it last.
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When it was changed last.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def issuer_lines(self) -> tuple[list[str], list[str]]:
        """The issuing organisations in each language, paired line by line."""
        english = [line.strip() for line in self.issuers_en.splitlines() if line.strip()]
        chinese = [line.strip() for line in self.issuers_zh.splitlines() if line.strip()]
        length = max(len(english), len(chinese))
        english += chinese[len(english) : length]  # a line missing in one language shows the other
        chinese += english[len(chinese) : length]
        return english, chinese


class Certificate(db.Model):
    """One certificate issued to one person for one workshop, module or exchange; frozen at issue."""

    __tablename__ = "certificates"
    __table_args__ = (
        sa.Index(
            "uq_certificates_live_holder_kind_subject",
            "holder_id",
            "kind",
            "subject_id",
            unique=True,
            postgresql_where=sa.text("status = 'live'"),
            sqlite_where=sa.text("status = 'live'"),
        ),
        sa.Index("ix_certificates_kind_subject", "kind", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What it certifies (eligibility.Kind): attendance, completion or participation.
    kind: Mapped[str] = mapped_column(sa.String(20))
    #: The workshop, module or exchange id (by kind); no foreign key: the certificate outlives it.
    subject_id: Mapped[int]
    #: The person it was issued to (None only if the account row itself was removed).
    holder_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: The template it was drawn from (its wording and images are copied into the snapshot).
    template_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("certificate_templates.id", ondelete="SET NULL")
    )
    #: Verification code, canonical form (16 Crockford base32 symbols, see codes.py).
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    #: live, superseded or revoked (Status).
    status: Mapped[str] = mapped_column(sa.String(12), default=Status.LIVE.value, index=True)
    #: Everything the certificate prints, frozen at issue (texts in both languages, image hashes).
    snapshot: Mapped[dict] = mapped_column(sa.JSON)
    #: SHA-256 of the PDF rendered from the snapshot; a re-render must reproduce it.
    pdf_sha256: Mapped[str] = mapped_column(sa.String(64))
    #: When it was issued.
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    #: Who issued it (None: issued automatically).
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: Why it was issued to someone who did not qualify under the rules ('' when they did).
    override_reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: The certificate this one replaces, when it was a reissue.
    supersedes_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("certificates.id", ondelete="SET NULL")
    )
    #: When it was revoked.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Who revoked it.
    revoked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: Why it was revoked.
    revoke_reason: Mapped[str] = mapped_column(sa.Text, default="")

    holder: Mapped[User | None] = relationship(foreign_keys=[holder_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
    supersedes: Mapped[Certificate | None] = relationship(remote_side=[id])

    @property
    def code_display(self) -> str:
        """The code in groups of four, as printed."""
        return display(self.code)

    @property
    def kind_enum(self) -> Kind:
        """The kind as the enum."""
        return Kind(self.kind)

    @property
    def title_en(self) -> str:
        """What it certifies, in English (from the snapshot)."""
        return self.snapshot["event"]["title_en"]

    @property
    def title_zh(self) -> str:
        """What it certifies, in Chinese (from the snapshot)."""
        return self.snapshot["event"]["title_zh"]
