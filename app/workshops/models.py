"""Workshops, their agenda, registrations and attendance."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.db import UTCDateTime, utcnow
from app.core.labels import LabelledEnum
from app.extensions import db
from app.learning.models import Module

if TYPE_CHECKING:  # quizzes build on workshops: the relationship names the class by string
    from app.quizzes.models import Quiz


class WorkshopKind(LabelledEnum):
    """What sort of event a workshop is."""

    CAPACITY_BUILDING = "capacity_building", _l("Capacity-building workshop")
    LAW_POLICY_REVIEW = "law_policy_review", _l("Law and policy review workshop")
    EMPLOYERS_DIALOGUE = "employers_dialogue", _l("Employers' dialogue on the demand side")
    AWARENESS_TRAINING = "awareness_training", _l("Awareness-campaign training")
    OTHER = "other", _l("Other")


class WorkshopStatus(LabelledEnum):
    """Where a workshop is in its life."""

    DRAFT = "draft", _l("Draft")
    PUBLISHED = "published", _l("Published")
    REGISTRATION_CLOSED = "registration_closed", _l("Registration closed")
    COMPLETED = "completed", _l("Completed")
    CANCELLED = "cancelled", _l("Cancelled")


#: Statuses in which trainees see a workshop.
VISIBLE_STATUSES = (
    WorkshopStatus.PUBLISHED,
    WorkshopStatus.REGISTRATION_CLOSED,
    WorkshopStatus.COMPLETED,
    WorkshopStatus.CANCELLED,
)


class RegistrationStatus(LabelledEnum):
    """Where a registration stands."""

    REQUESTED = "requested", _l("Awaiting approval")
    CONFIRMED = "confirmed", _l("Confirmed")
    WAITING = "waiting", _l("On the waiting list")
    WITHDRAWN = "withdrawn", _l("Withdrawn")
    DECLINED = "declined", _l("Declined")


#: A person holds at most one registration in these statuses per workshop.
LIVE_STATUSES = (
    RegistrationStatus.REQUESTED,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
)
_LIVE_SQL = "status IN ('requested', 'confirmed', 'waiting')"


workshop_trainers = sa.Table(
    "workshop_trainers",
    db.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Workshop(db.Model):
    """A capacity-building event of one to a few days, in one place and one time zone."""

    __tablename__ = "workshops"
    __table_args__ = (
        sa.CheckConstraint("capacity >= 1", name="capacity_positive"),
        sa.CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="seats_in_range"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        #: The dashboard's indicators start from the workshops held: completed ones starting in
        #: a period.
        sa.Index("ix_workshops_status_starts_at", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Title in English.
    title_en: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Title in Chinese.
    title_zh: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Description in English (plain text).
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: Description in Chinese (plain text).
    description_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: The sort of workshop (WorkshopKind).
    kind: Mapped[str] = mapped_column(sa.String(30), default=WorkshopKind.CAPACITY_BUILDING)
    #: Who organises it, e.g. "ILO, MOHRSS, Fujian HRSS Department".
    organisers: Mapped[str] = mapped_column(sa.String(300), default="")
    #: ISO 3166-1 alpha-2 country code.
    country: Mapped[str] = mapped_column(sa.String(2), default="CN", index=True)
    #: GB/T 2260 province code when in China, else ''.
    province: Mapped[str] = mapped_column(sa.String(2), default="", index=True)
    #: City, as the organisers write it.
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    #: Venue name.
    venue: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Venue street address.
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    #: IANA time zone the workshop runs in; every time is shown in it.
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Asia/Shanghai")
    #: When it starts (UTC).
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: When it ends (UTC).
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: Number of seats.
    capacity: Mapped[int] = mapped_column(default=30)
    #: Seats held by confirmed registrations; changed only by conditional UPDATEs.
    seats_taken: Mapped[int] = mapped_column(default=0)
    #: Registration opens (UTC); None: as soon as the workshop is published.
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Registration closes (UTC); None: when the workshop starts.
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Whether a coordinator approves each registration before it holds a seat.
    requires_approval: Mapped[bool] = mapped_column(default=False)
    #: Whether the registration form asks for dietary needs.
    asks_dietary: Mapped[bool] = mapped_column(default=True)
    #: Whether the registration form asks for accessibility needs.
    asks_accessibility: Mapped[bool] = mapped_column(default=True)
    #: Whether the registration form asks if interpretation is needed.
    asks_interpretation: Mapped[bool] = mapped_column(default=True)
    #: Where it is in its life (WorkshopStatus).
    status: Mapped[str] = mapped_column(sa.String(30), default=WorkshopStatus.DRAFT, index=True)
    #: Attendance rate (percent) needed for a certificate.
    attendance_threshold_percent: Mapped[int] = mapped_column(default=80)
    #: Why it was cancelled, shown on its page.
    cancellation_reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: Who created it.
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When it was created.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When it was last changed.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    #: The quiz its participants take before it (a module's pre-test); it closes when it starts.
    pre_quiz_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("quizzes.id", ondelete="SET NULL"), index=True
    )
    #: The quiz its participants take after it (a module's post-test).
    post_quiz_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("quizzes.id", ondelete="SET NULL"), index=True
    )

    trainers: Mapped[list[User]] = relationship(secondary=workshop_trainers, lazy="selectin")
    module_links: Mapped[list[WorkshopModule]] = relationship(
        cascade="all, delete-orphan", order_by="WorkshopModule.id"
    )
    sessions: Mapped[list[WorkshopSession]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        order_by="WorkshopSession.starts_at",
    )
    pre_quiz: Mapped[Quiz | None] = relationship("Quiz", foreign_keys=[pre_quiz_id])
    post_quiz: Mapped[Quiz | None] = relationship("Quiz", foreign_keys=[post_quiz_id])

    def is_trainer(self, user) -> bool:
        """Whether `user` is one of the workshop's assigned trainers."""
        return any(t.id == user.id for t in self.trainers)

    @property
    def seats_left(self) -> int:
        """Seats not yet held by a confirmed registration."""
        return max(self.capacity - self.seats_taken, 0)

    def modules(self, timing: str) -> list[Module]:
        """The modules to take before or after the workshop."""
        return [link.module for link in self.module_links if link.timing == timing]

    def __repr__(self) -> str:
        return f"<Workshop {self.id} {self.title_en!r}>"


class WorkshopSession(db.Model):
    """One item on a workshop's agenda: a talk, an exercise, or a break or meal."""

    __tablename__ = "workshop_sessions"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The workshop it belongs to.
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    #: Title in English.
    title_en: Mapped[str] = mapped_column(sa.String(200), default="")
    #: Title in Chinese.
    title_zh: Mapped[str] = mapped_column(sa.String(200), default="")
    #: When it starts (UTC).
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: When it ends (UTC).
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: Room, as written on the venue's signs.
    room: Mapped[str] = mapped_column(sa.String(100), default="")
    #: Speaker(s), as they should be printed.
    speakers: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Whether it counts for attendance (breaks and meals do not).
    counts_for_attendance: Mapped[bool] = mapped_column(default=True)
    #: The training module the session teaches from, if any.
    module_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("modules.id", ondelete="SET NULL"), index=True
    )

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")
    module: Mapped[Module | None] = relationship(lazy="selectin")


class ModuleTiming(StrEnum):
    """Whether trainees should take a module before or after the workshop."""

    BEFORE = "before"
    AFTER = "after"


class WorkshopModule(db.Model):
    """A training module that a workshop's trainees should take before or after it."""

    __tablename__ = "workshop_modules"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "module_id", "timing"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The workshop.
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    #: The module.
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"))
    #: Before or after the workshop (ModuleTiming).
    timing: Mapped[str] = mapped_column(sa.String(10))

    module: Mapped[Module] = relationship(lazy="selectin")


class Registration(db.Model):
    """One person's registration for one workshop; withdrawn and declined ones stay as history."""

    __tablename__ = "registrations"
    __table_args__ = (
        sa.Index(
            "uq_registrations_live",
            "workshop_id",
            "user_id",
            unique=True,
            postgresql_where=sa.text(_LIVE_SQL),
            sqlite_where=sa.text(_LIVE_SQL),
        ),
        sa.Index("ix_registrations_queue", "workshop_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The workshop.
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"))
    #: The participant.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: Where it stands (RegistrationStatus).
    status: Mapped[str] = mapped_column(sa.String(20))
    #: Answer: dietary needs.
    dietary_needs: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Answer: accessibility needs.
    accessibility_needs: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Answer: whether the participant needs interpretation.
    needs_interpretation: Mapped[bool] = mapped_column(default=False)
    #: When it arrived; with the id it gives the waiting list's order.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The coordinator who approved or declined it.
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When it was approved or declined.
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When it was last changed.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    #: When the day-before reminder went out (None: not yet), so `flask send-reminders` sends
    #: each reminder once however often cron runs it.
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    workshop: Mapped[Workshop] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class AttendanceRecord(db.Model):
    """Whether one participant attended one session, and who recorded it."""

    __tablename__ = "attendance_records"
    __table_args__ = (sa.UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The session.
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshop_sessions.id", ondelete="CASCADE")
    )
    #: The participant.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: Present, late, excused or absent (Mark).
    mark: Mapped[str] = mapped_column(sa.String(10))
    #: Who recorded it.
    marked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: When it was recorded.
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class CalendarFeed(db.Model):
    """A user's private calendar feed: a secret URL a calendar program subscribes to.

    Only a hash of the secret is stored; making a new one or revoking it ends the old URL.
    """

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Whose registrations the feed lists (one feed per user).
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: SHA-256 of the secret token in the feed's URL.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: When the current URL was made.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When a calendar program last fetched it.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
