"""Exchanges, the institutions they link, their delegations, itineraries and documents."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.auth.names import PersonName
from app.core.db import UTCDateTime, utcnow
from app.core.labels import LabelledEnum
from app.core.storage import StoredFile
from app.extensions import db
from app.learning.models import Module
from app.workshops.models import Workshop

from .workflow import Status


class Direction(LabelledEnum):
    """Which way the delegation travels."""

    EU_TO_CHINA = "eu_to_china", _l("EU to China")
    CHINA_TO_EU = "china_to_eu", _l("China to EU")
    MULTILATERAL = "multilateral", _l("Multilateral")


class AuthorityKind(LabelledEnum):
    """The kind of authority an institution is."""

    MINISTRY = "ministry", _l("Ministry")
    MIGRATION = "migration", _l("Migration authority")
    LABOUR_INSPECTION = "labour_inspection", _l("Labour inspectorate")
    EMPLOYMENT_SERVICE = "employment_service", _l("Employment service")
    PROVINCIAL_DEPARTMENT = "provincial_department", _l("Provincial or local department")
    INTERNATIONAL_ORGANISATION = "international_organisation", _l("International organisation")
    OTHER = "other", _l("Other")


class MemberRole(LabelledEnum):
    """A delegation member's part in the visit."""

    HEAD = "head", _l("Head of delegation")
    MEMBER = "member", _l("Member")
    INTERPRETER = "interpreter", _l("Interpreter")
    TRAINER = "trainer", _l("Trainer")
    OBSERVER = "observer", _l("Observer")


class DocumentKind(LabelledEnum):
    """What an exchange document is."""

    PROGRAMME = "programme", _l("Programme")
    INVITATION = "invitation", _l("Invitation letter")
    FINAL_REPORT = "final_report", _l("Final report")
    OTHER = "other", _l("Other document")


class DocumentVisibility(LabelledEnum):
    """Who besides coordinators and admins may see and download an exchange document."""

    STAFF = "staff", _l("Coordinators and administrators only")
    DELEGATION = "delegation", _l("The whole delegation")
    MEMBER = "member", _l("One delegation member")


#: Invitation letters list every member's passport data, and "other" documents may be passport
#: scans: those are for staff unless the uploader says otherwise.
DEFAULT_VISIBILITY = {
    "programme": DocumentVisibility.DELEGATION,
    "final_report": DocumentVisibility.DELEGATION,
    "invitation": DocumentVisibility.STAFF,
    "other": DocumentVisibility.STAFF,
}


#: Workshops that came out of an exchange (its outcomes).
exchange_workshops = sa.Table(
    "exchange_workshops",
    db.metadata,
    sa.Column("exchange_id", sa.ForeignKey("exchanges.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
)

#: Training modules that came out of an exchange (its outcomes).
exchange_modules = sa.Table(
    "exchange_modules",
    db.metadata,
    sa.Column("exchange_id", sa.ForeignKey("exchanges.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("module_id", sa.ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True),
)


class Institution(db.Model):
    """An authority that sends or hosts delegations (a reusable list)."""

    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Name in English.
    name_en: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Name in Chinese.
    name_zh: Mapped[str] = mapped_column(sa.String(300), default="")
    #: ISO 3166-1 alpha-2 country code.
    country: Mapped[str] = mapped_column(sa.String(2))
    #: City where it sits.
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    #: Kind of authority (AuthorityKind).
    kind: Mapped[str] = mapped_column(sa.String(40))


class Exchange(db.Model):
    """A study visit or personnel exchange between EU member-state and Chinese authorities."""

    __tablename__ = "exchanges"
    __table_args__ = (
        sa.CheckConstraint("end_date >= start_date", name="dates_in_order"),
        #: The dashboard finds exchanges completed in a period by status and last day.
        sa.Index("ix_exchanges_status_end_date", "status", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Short title in English.
    title_en: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Short title in Chinese.
    title_zh: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Direction (Direction).
    direction: Mapped[str] = mapped_column(sa.String(20), index=True)
    #: Purpose in English.
    purpose_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: Purpose in Chinese.
    purpose_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: Topics in English.
    topics_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: Topics in Chinese.
    topics_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: The institution sending the delegation.
    sending_institution_id: Mapped[int] = mapped_column(
        sa.ForeignKey("institutions.id"), index=True
    )
    #: The institution hosting it.
    host_institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id"), index=True)
    #: Cities visited, as written by the coordinator.
    cities: Mapped[str] = mapped_column(sa.String(300), default="")
    #: First day.
    start_date: Mapped[date] = mapped_column(sa.Date, index=True)
    #: Last day.
    end_date: Mapped[date] = mapped_column(sa.Date)
    #: Who pays (e.g. the EU programme, a member state, the host).
    funding_source: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Where it stands (workflow.Status).
    status: Mapped[str] = mapped_column(sa.String(20), default=Status.PROPOSED.value, index=True)
    #: After completion: findings, in English.
    findings_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: After completion: findings, in Chinese.
    findings_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: After completion: follow-up actions, in English.
    follow_up_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: After completion: follow-up actions, in Chinese.
    follow_up_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: Who recorded it.
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When it was recorded.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    sending_institution: Mapped[Institution] = relationship(foreign_keys=[sending_institution_id])
    host_institution: Mapped[Institution] = relationship(foreign_keys=[host_institution_id])
    members: Mapped[list[DelegationMember]] = relationship(
        back_populates="exchange", cascade="all, delete-orphan", order_by="DelegationMember.id"
    )
    itinerary: Mapped[list[ItineraryItem]] = relationship(
        back_populates="exchange", cascade="all, delete-orphan", order_by="ItineraryItem.starts_at"
    )
    status_changes: Mapped[list[StatusChange]] = relationship(
        back_populates="exchange", cascade="all, delete-orphan", order_by="StatusChange.changed_at"
    )
    outcome_workshops: Mapped[list[Workshop]] = relationship(
        secondary=exchange_workshops, order_by="Workshop.starts_at"
    )
    outcome_modules: Mapped[list[Module]] = relationship(
        secondary=exchange_modules, order_by="Module.slug"
    )
    documents: Mapped[list[ExchangeDocument]] = relationship(
        back_populates="exchange", cascade="all, delete-orphan", order_by="ExchangeDocument.id"
    )

    @property
    def status_enum(self) -> Status:
        """The status as the workflow's enum."""
        return Status(self.status)


class StatusChange(db.Model):
    """One recorded move through the workflow: who, when, why."""

    __tablename__ = "exchange_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The exchange.
    exchange_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchanges.id", ondelete="CASCADE"), index=True
    )
    #: Status before.
    from_status: Mapped[str] = mapped_column(sa.String(20))
    #: Status after.
    to_status: Mapped[str] = mapped_column(sa.String(20))
    #: Who made the change.
    changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When.
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Why.
    reason: Mapped[str] = mapped_column(sa.Text, default="")

    exchange: Mapped[Exchange] = relationship(back_populates="status_changes")
    changed_by: Mapped[User | None] = relationship()


class DelegationMember(db.Model):
    """A person in the delegation: a platform user or an external person."""

    __tablename__ = "delegation_members"
    __table_args__ = (
        sa.Index(
            "uq_delegation_members_exchange_user",
            "exchange_id",
            "user_id",
            unique=True,
            postgresql_where=sa.text("user_id IS NOT NULL"),
            sqlite_where=sa.text("user_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The exchange.
    exchange_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchanges.id", ondelete="CASCADE"), index=True
    )
    #: The platform account, when the person has one.
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: Family name in Chinese characters (external people).
    family_name_zh: Mapped[str] = mapped_column(sa.String(50), default="")
    #: Given name in Chinese characters (external people).
    given_name_zh: Mapped[str] = mapped_column(sa.String(50), default="")
    #: Family name in Latin letters (external people).
    family_name_latin: Mapped[str] = mapped_column(sa.String(100), default="")
    #: Given name(s) in Latin letters (external people).
    given_name_latin: Mapped[str] = mapped_column(sa.String(100), default="")
    #: Organisation (external people).
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Position (external people).
    position: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Part in the delegation (MemberRole).
    role: Mapped[str] = mapped_column(sa.String(20), default=MemberRole.MEMBER.value)
    #: True for accompanying persons (family members and the like).
    accompanying: Mapped[bool] = mapped_column(default=False)
    #: Passport number; optional, seen only by coordinators and admins.
    passport_number: Mapped[str | None] = mapped_column(sa.String(40))
    #: Date of birth; optional, seen only by coordinators and admins.
    date_of_birth: Mapped[date | None] = mapped_column(sa.Date)

    exchange: Mapped[Exchange] = relationship(back_populates="members")
    user: Mapped[User | None] = relationship()

    @property
    def name(self) -> PersonName:
        """The member's name: from the account when linked, else as recorded."""
        if self.user is not None:
            return self.user.name
        return PersonName(
            self.family_name_zh, self.given_name_zh, self.family_name_latin, self.given_name_latin
        )

    @property
    def organisation_shown(self) -> str:
        """Organisation from the account when linked, else as recorded."""
        return self.user.organisation if self.user is not None else self.organisation

    @property
    def position_shown(self) -> str:
        """Position from the account when linked, else as recorded."""
        return self.user.position if self.user is not None else self.position


class ItineraryItem(db.Model):
    """A dated visit or meeting, at a place with its own time zone."""

    __tablename__ = "itinerary_items"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="times_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The exchange.
    exchange_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchanges.id", ondelete="CASCADE"), index=True
    )
    #: Start (UTC).
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: End (UTC).
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: IANA time zone of the place: times are shown in it.
    timezone: Mapped[str] = mapped_column(sa.String(64))
    #: Host institution of this visit, when it is on the list.
    host_institution_id: Mapped[int | None] = mapped_column(sa.ForeignKey("institutions.id"))
    #: Place (address or building).
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Topic in English.
    topic_en: Mapped[str] = mapped_column(sa.String(500), default="")
    #: Topic in Chinese.
    topic_zh: Mapped[str] = mapped_column(sa.String(500), default="")

    exchange: Mapped[Exchange] = relationship(back_populates="itinerary")
    host_institution: Mapped[Institution | None] = relationship()


class ExchangeDocument(db.Model):
    """A document of an exchange (programme, invitation letter, final report); versioned."""

    __tablename__ = "exchange_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The exchange.
    exchange_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchanges.id", ondelete="CASCADE"), index=True
    )
    #: What it is (DocumentKind).
    kind: Mapped[str] = mapped_column(sa.String(20))
    #: Title given by the uploader.
    title: Mapped[str] = mapped_column(sa.String(300))
    #: Who besides staff may see it (DocumentVisibility).
    visibility: Mapped[str] = mapped_column(
        sa.String(20), default=DocumentVisibility.STAFF.value, server_default="staff"
    )
    #: The one member who may see it, with visibility "member" (None: staff only).
    member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("delegation_members.id", ondelete="SET NULL"), index=True
    )

    exchange: Mapped[Exchange] = relationship(back_populates="documents")
    member: Mapped[DelegationMember | None] = relationship()
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="DocumentVersion.number.desc()",
    )

    @property
    def current(self) -> DocumentVersion | None:
        """The newest version."""
        return self.versions[0] if self.versions else None


class DocumentVersion(db.Model):
    """One uploaded version of an exchange document; earlier versions are kept."""

    __tablename__ = "exchange_document_versions"
    __table_args__ = (sa.UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The document.
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exchange_documents.id", ondelete="CASCADE"), index=True
    )
    #: 1, 2, 3 ...
    number: Mapped[int]
    #: The stored file.
    stored_file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id"))
    #: Who uploaded it.
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When.
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    document: Mapped[ExchangeDocument] = relationship(back_populates="versions")
    stored_file: Mapped[StoredFile] = relationship()
