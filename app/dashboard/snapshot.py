"""Rebuilding the dashboard's snapshot (app/dashboard/models.py) from the live tables.

Why a snapshot refreshed on a schedule, rather than figures kept current on every write: the
indicators count each person once (people trained, a person's last attempt in a quiz, a module
done when every current lesson is), and those depend on six features' tables (workshops,
attendance, quizzes, lessons, profiles). Keeping roll-ups current would hook every write path of
every one of them and race under simultaneous writes; a rebuild in one transaction uses the very
queries the live indicators run (the same functions, without the period), so both paths agree by
construction, and readers keep seeing the previous snapshot until it commits. A rebuild reads
each table once: about 7 s for the full-scale programme (1 M attempts) on PostgreSQL.

The scheduled task rebuilds when the snapshot is older than DASHBOARD_REFRESH_MINUTES; a
coordinator can ask for a rebuild from the dashboard (a job with its page) and
`flask dashboard refresh` does it from a shell.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

from app.auth.models import User
from app.core.db import UTCDateTime, utcnow
from app.extensions import db
from app.workshops.models import Registration, Workshop

from .completions import completed_modules
from .indicators import (
    attendance_counts,
    attended_sessions,
    completed_workshops,
    person_keys,
)
from .models import (
    ModuleCompletion,
    QuizMonth,
    QuizResult,
    Snapshot,
    TrainedPerson,
    WorkshopFigures,
)
from .outcomes import paired_tests, person_results

#: Every table a rebuild replaces, in the order it empties them.
TABLES = (QuizMonth, QuizResult, ModuleCompletion, TrainedPerson, WorkshopFigures)


class utc_month_start(ColumnElement):  # noqa: N801 (an SQL function, named like one)
    """The first moment of the UTC calendar month of an aware timestamp column, in the form each
    database stores a UTCDateTime (so it compares equal to bound month starts)."""

    inherit_cache = True
    type = UTCDateTime()

    def __init__(self, column):
        self.column = column


@compiles(utc_month_start, "postgresql")
def _month_start_postgresql(element, compiler, **kw):
    column = compiler.process(element.column, **kw)
    return f"timezone('UTC', date_trunc('month', timezone('UTC', {column})))"


@compiles(utc_month_start, "sqlite")
def _month_start_sqlite(element, compiler, **kw):
    column = compiler.process(element.column, **kw)
    return f"strftime('%Y-%m-01 00:00:00.000000', {column})"


def current() -> Snapshot | None:
    """The snapshot the dashboard reads, or None when none has been built yet."""
    snapshot = db.session.get(Snapshot, 1)
    return snapshot if snapshot is not None and snapshot.refreshed_at is not None else None


def is_due(now: datetime | None = None) -> bool:
    """Whether the snapshot is missing or older than DASHBOARD_REFRESH_MINUTES."""
    snapshot = current()
    if snapshot is None:
        return True
    minutes = current_app.config["DASHBOARD_REFRESH_MINUTES"]
    return snapshot.refreshed_at <= (now or utcnow()) - timedelta(minutes=minutes)


def refresh(now: datetime | None = None) -> Snapshot:
    """Rebuild every snapshot table from the live tables, as of `now` (the caller commits).

    The snapshot's row is locked first (SELECT ... FOR UPDATE on PostgreSQL; SQLite lets one
    writer in at a time), so two rebuilds at once run one after the other and never mix rows.
    """
    now = now or utcnow()
    started = time.perf_counter()
    snapshot = db.session.get(Snapshot, 1, with_for_update=True)
    if snapshot is None:
        snapshot = Snapshot(id=1)
        db.session.add(snapshot)
        db.session.flush()
    for model in TABLES:
        db.session.execute(sa.delete(model))
    _workshops(now)
    _trained()
    _quiz_results()
    _completions()
    snapshot.refreshed_at = now
    snapshot.seconds = time.perf_counter() - started
    db.session.flush()
    return snapshot


def refresh_if_due() -> None:
    """The scheduled task's part: rebuild when due, and commit."""
    if is_due():
        refresh()
        db.session.commit()


def _workshops(now: datetime) -> None:
    """One row per completed workshop, with its pooled attendance and pre/post-test sums."""
    completed = completed_workshops()
    attendance = {
        workshop_id: (total, attended, excused)
        for workshop_id, total, attended, excused in db.session.execute(
            attendance_counts(completed, now, Registration.workshop_id)
        )
    }
    pairs = paired_tests(completed)
    gains = {
        workshop_id: (people, pre, post)
        for workshop_id, people, pre, post in db.session.execute(
            sa.select(
                pairs.c.workshop_id,
                sa.func.count(),
                sa.func.sum(pairs.c.pre),
                sa.func.sum(pairs.c.post),
            ).group_by(pairs.c.workshop_id)
        )
    }
    rows = []
    for workshop_id, kind, starts_at, country, province in db.session.execute(
        sa.select(
            Workshop.id, Workshop.kind, Workshop.starts_at, Workshop.country, Workshop.province
        ).where(Workshop.id.in_(completed))
    ):
        sessions, attended, excused = attendance.get(workshop_id, (0, 0, 0))
        people, pre, post = gains.get(workshop_id, (0, 0, 0))
        rows.append(
            {
                "workshop_id": workshop_id,
                "kind": kind,
                "starts_at": starts_at,
                "country": country,
                "province": province,
                "sessions": int(sessions),
                "attended": int(attended),
                "excused": int(excused),
                "gain_people": int(people),
                "pre_sum": float(pre or 0),
                "post_sum": float(post or 0),
            }
        )
    if rows:
        db.session.execute(sa.insert(WorkshopFigures), rows)


def _trained() -> None:
    """Each person trained in each completed workshop, once, with the keys they count under and
    the start of their previous workshop anywhere, in the country and in the province."""
    attended = attended_sessions(completed_workshops()).subquery()
    trained = sa.select(attended.c.workshop_id, attended.c.user_id).distinct().subquery()
    order = (Workshop.starts_at, Workshop.id)

    def previous(*scope):
        partition = (trained.c.user_id, *scope)
        return sa.func.lag(Workshop.starts_at).over(partition_by=partition, order_by=order)

    db.session.execute(
        sa.insert(TrainedPerson).from_select(
            [
                "workshop_id",
                "user_id",
                "starts_at",
                "country",
                "province",
                "previous_at",
                "previous_in_country_at",
                "previous_in_province_at",
                "province_key",
                "organisation_type",
                "gender",
            ],
            sa.select(
                trained.c.workshop_id,
                trained.c.user_id,
                Workshop.starts_at,
                Workshop.country,
                Workshop.province,
                previous(),
                previous(Workshop.country),
                previous(Workshop.province),
                *person_keys(),
            )
            .join(Workshop, Workshop.id == trained.c.workshop_id)
            .join(User, User.id == trained.c.user_id),
        )
    )


def _quiz_results() -> None:
    """Each person's result in each quiz with a pass mark, then the monthly roll-up of them."""
    results = person_results().subquery()
    passed_last = sa.case(
        (results.c.last_passing_number == results.c.last_number, sa.true()), else_=sa.false()
    )
    db.session.execute(
        sa.insert(QuizResult).from_select(
            ["quiz_id", "last_at", "passed_any", "passed_last", "country", "province"],
            sa.select(
                results.c.quiz_id,
                results.c.last_at,
                results.c.last_passing_number.is_not(None),
                passed_last,
                User.country,
                User.province,
            )
            .join(User, User.id == results.c.user_id)
            .where(results.c.last_at.is_not(None)),
        )
    )
    month = utc_month_start(QuizResult.last_at)
    as_count = sa.Integer()
    db.session.execute(
        sa.insert(QuizMonth).from_select(
            ["month", "quiz_id", "country", "province", "results", "passed_any", "passed_last"],
            sa.select(
                month,
                QuizResult.quiz_id,
                QuizResult.country,
                QuizResult.province,
                sa.func.count(),
                sa.func.sum(sa.cast(QuizResult.passed_any, as_count)),
                sa.func.sum(sa.cast(QuizResult.passed_last, as_count)),
            ).group_by(month, QuizResult.quiz_id, QuizResult.country, QuizResult.province),
        )
    )


def _completions() -> None:
    """Each completed module, with when and the learner's place."""
    completed = completed_modules().subquery()
    db.session.execute(
        sa.insert(ModuleCompletion).from_select(
            ["module_id", "completed_at", "country", "province"],
            sa.select(
                completed.c.module_id, completed.c.completed_at, User.country, User.province
            ).join(User, User.id == completed.c.user_id),
        )
    )
