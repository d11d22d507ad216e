"""The dashboard's snapshot: figures the indicators need, computed ahead of the page.

app/dashboard/snapshot.py rebuilds every table here in one transaction (a scheduled job, and on
request); app/dashboard/snapshot_reads.py answers the indicators from them. The tables hold facts
that do not depend on the period asked for (one row per held workshop, per trained person and
workshop, per person's result in a quiz, per completed module) plus a monthly roll-up of quiz
results, so a page reads a few thousand rows whatever the size of the programme.

They are derived data, rebuilt whole at each refresh: no foreign key to users (a merged account
reaches them at the next refresh). Of a person they hold only a user id, to count people once, and
the profile fields the statistics break down by (province or country, type of organisation,
gender), which anonymising an account keeps for statistics too (app/auth/personal_data.py).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime
from app.extensions import db


class Snapshot(db.Model):
    """When the snapshot was last rebuilt (one row, id 1)."""

    __tablename__ = "dashboard_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When the rebuild that wrote the tables started (the figures are as of then).
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: How long the rebuild took, in seconds.
    seconds: Mapped[float] = mapped_column(default=0.0)


class WorkshopFigures(db.Model):
    """A completed workshop: where and when, its pooled attendance and its pre/post-test pairs."""

    __tablename__ = "dashboard_workshops"

    #: The workshop (its row goes at the next refresh when the workshop is deleted).
    workshop_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: WorkshopKind value.
    kind: Mapped[str] = mapped_column(sa.String(40))
    #: When it started.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: ISO country code of the venue.
    country: Mapped[str] = mapped_column(sa.String(2))
    #: GB/T 2260 province code of the venue ('' outside China).
    province: Mapped[str] = mapped_column(sa.String(2))
    #: Attendance: participant-sessions counted, before taking out the excused ones.
    sessions: Mapped[int] = mapped_column(default=0)
    #: Attendance: participant-sessions attended (present or late).
    attended: Mapped[int] = mapped_column(default=0)
    #: Attendance: participant-sessions excused.
    excused: Mapped[int] = mapped_column(default=0)
    #: Knowledge gain: people with both a pre- and a post-test.
    gain_people: Mapped[int] = mapped_column(default=0)
    #: Knowledge gain: the sum of their pre-test scores.
    pre_sum: Mapped[float] = mapped_column(default=0.0)
    #: Knowledge gain: the sum of their post-test scores.
    post_sum: Mapped[float] = mapped_column(default=0.0)


class TrainedPerson(db.Model):
    """A person trained in a completed workshop (attended at least one counting session), with
    when and where, and when they were last trained before it.

    "People trained" counts each person once however many workshops they attended. Rather than
    collecting distinct ids for every period asked, each row carries the start of the same person's
    previous workshop (anywhere, in the same country, in the same province): a person is counted
    by their first row in the period, the one whose previous workshop is before the period.
    """

    __tablename__ = "dashboard_trained"

    #: The workshop (a row of dashboard_workshops).
    workshop_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: The person's user id (no foreign key: derived data, see the module).
    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: When the workshop started.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: ISO country code of the workshop's venue.
    country: Mapped[str] = mapped_column(sa.String(2))
    #: Province code of the workshop's venue ('' outside China).
    province: Mapped[str] = mapped_column(sa.String(2))
    #: Start of the person's previous workshop (None: this is their first).
    previous_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Start of their previous workshop in the same country.
    previous_in_country_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Start of their previous workshop in the same province.
    previous_in_province_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Their province as the breakdown keys it: a province code, 'abroad' or '' (not recorded).
    province_key: Mapped[str] = mapped_column(sa.String(10))
    #: Their type of organisation ('' when not recorded).
    organisation_type: Mapped[str] = mapped_column(sa.String(40))
    #: Their gender ('' when not recorded).
    gender: Mapped[str] = mapped_column(sa.String(20))


class QuizResult(db.Model):
    """One person's counted result in one quiz with a pass mark, without saying whose."""

    __tablename__ = "dashboard_quiz_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The quiz.
    quiz_id: Mapped[int]
    #: When their last graded attempt was submitted (the result counts in that period).
    last_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: Whether any of their attempts passed (quizzes graded by the highest attempt).
    passed_any: Mapped[bool]
    #: Whether their last attempt passed (quizzes graded by the last attempt).
    passed_last: Mapped[bool]
    #: Country of the person's profile ('' when not recorded).
    country: Mapped[str] = mapped_column(sa.String(2))
    #: Province of the person's profile ('' when not recorded).
    province: Mapped[str] = mapped_column(sa.String(2))


class QuizMonth(db.Model):
    """Quiz results rolled up per UTC calendar month, quiz and place."""

    __tablename__ = "dashboard_quiz_months"

    #: First moment of the month, UTC.
    month: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    quiz_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: Country of the people's profiles.
    country: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    #: Province of the people's profiles.
    province: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    #: Results counted.
    results: Mapped[int]
    #: Of which any attempt passed.
    passed_any: Mapped[int]
    #: Of which the last attempt passed.
    passed_last: Mapped[int]


class ModuleCompletion(db.Model):
    """A module completed by someone (every current lesson done), without saying whose."""

    __tablename__ = "dashboard_completions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The module.
    module_id: Mapped[int]
    #: When its last lesson was marked done.
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: Country of the learner's profile ('' when not recorded).
    country: Mapped[str] = mapped_column(sa.String(2))
    #: Province of the learner's profile ('' when not recorded).
    province: Mapped[str] = mapped_column(sa.String(2))
