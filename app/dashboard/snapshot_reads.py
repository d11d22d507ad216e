"""The indicators answered from the snapshot (app/dashboard/models.py): the same functions, the
same dataclasses and the same numbers as the live queries of indicators.py, outcomes.py and
completions.py gave when the snapshot was built (tests/dashboard/test_snapshot.py compares them).

Each reads rows in proportion to the period's workshops or months, not to the programme's people:
quiz results come from the monthly roll-up for the whole UTC months inside the period and from
the per-person rows for the days at either end (a period starts and ends at midnight in the
viewer's time zone, rarely on a UTC month boundary).
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from app.extensions import db
from app.workshops.attendance import AttendanceRate
from app.workshops.models import Workshop

from .completions import ModuleCompletions, completions_by_module
from .indicators import (
    MonthCount,
    ParticipantsTrained,
    Period,
    WorkshopsHeld,
    breakdown,
    count_rows,
    month_bucket,
)
from .models import ModuleCompletion, QuizMonth, QuizResult, TrainedPerson, WorkshopFigures
from .outcomes import KnowledgeGain, PassRate, pass_rates_by_kind, pooled_gain


def _held(period: Period, *columns) -> sa.Select:
    """SELECT `columns` of the snapshot's workshops held in the period and place (as
    indicators.held_workshops chooses them)."""
    first, after = period.utc_bounds()
    query = sa.select(*columns).where(
        WorkshopFigures.starts_at >= first, WorkshopFigures.starts_at < after
    )
    if period.province:
        return query.where(WorkshopFigures.province == period.province)
    if period.country:
        return query.where(WorkshopFigures.country == period.country)
    return query


def _in_place(query: sa.Select, model, period: Period) -> sa.Select:
    """Restrict snapshot rows carrying a person's place to the filter's place."""
    if period.province:
        return query.where(model.province == period.province)
    if period.country:
        return query.where(model.country == period.country)
    return query


def workshops_held(period: Period) -> WorkshopsHeld:
    rows = count_rows(
        _held(period, WorkshopFigures.kind, sa.func.count()).group_by(WorkshopFigures.kind)
    )
    return WorkshopsHeld(sum(r.count for r in rows), tuple(rows))


def _first_trained(period: Period, *columns) -> tuple[sa.Select, sa.ColumnElement]:
    """SELECT `columns` of the rows of dashboard_trained in the period and place that are each
    person's first there (their previous workshop in that place, if any, was before the period)."""
    first, after = period.utc_bounds()
    query = sa.select(*columns).where(
        TrainedPerson.starts_at >= first, TrainedPerson.starts_at < after
    )
    previous = TrainedPerson.previous_at
    if period.province:
        query = query.where(TrainedPerson.province == period.province)
        previous = TrainedPerson.previous_in_province_at
    elif period.country:
        query = query.where(TrainedPerson.country == period.country)
        previous = TrainedPerson.previous_in_country_at
    return query, previous


def participants_trained(period: Period) -> ParticipantsTrained:
    first, _after = period.utc_bounds()
    keys = (TrainedPerson.province_key, TrainedPerson.organisation_type, TrainedPerson.gender)
    query, previous = _first_trained(period, *keys, sa.func.count())
    return breakdown(
        db.session.execute(
            query.where(sa.or_(previous.is_(None), previous < first)).group_by(*keys)
        ).all()
    )


def attendance(period: Period) -> AttendanceRate:
    sessions, attended, excused = db.session.execute(
        _held(
            period,
            sa.func.coalesce(sa.func.sum(WorkshopFigures.sessions), 0),
            sa.func.coalesce(sa.func.sum(WorkshopFigures.attended), 0),
            sa.func.coalesce(sa.func.sum(WorkshopFigures.excused), 0),
        )
    ).one()
    return AttendanceRate(attended=int(attended), counted=int(sessions) - int(excused))


def monthly_trend(period: Period) -> tuple[MonthCount, ...]:
    """Workshops per month, and people per month: a person counts in a month by their first row
    in it (their previous workshop in the place was in an earlier month, or before the period)."""
    first, _after = period.utc_bounds()
    bucket = month_bucket(WorkshopFigures.starts_at, period).label("bucket")
    workshops = dict(
        db.session.execute(_held(period, bucket, sa.func.count()).group_by(bucket)).all()
    )
    person_bucket = month_bucket(TrainedPerson.starts_at, period).label("bucket")
    query, previous = _first_trained(period, person_bucket, sa.func.count())
    first_in_month = sa.or_(
        previous.is_(None), previous < first, month_bucket(previous, period) < person_bucket
    )
    people = dict(db.session.execute(query.where(first_in_month).group_by(person_bucket)).all())
    return tuple(
        MonthCount(month, int(workshops.get(i, 0)), int(people.get(i, 0)))
        for i, month in enumerate(period.months())
    )


def knowledge_gain(period: Period) -> KnowledgeGain:
    query = (
        _held(
            period,
            Workshop.id,
            Workshop.title_en,
            Workshop.title_zh,
            WorkshopFigures.gain_people,
            WorkshopFigures.pre_sum,
            WorkshopFigures.post_sum,
        )
        .join(Workshop, Workshop.id == WorkshopFigures.workshop_id)
        .where(WorkshopFigures.gain_people > 0)
        .order_by(WorkshopFigures.starts_at, Workshop.id)
    )
    return pooled_gain(db.session.execute(query))


def _month_after(moment: datetime) -> datetime:
    """The first moment of the UTC month after the one `moment` falls in."""
    if moment.month == 12:
        return datetime(moment.year + 1, 1, 1, tzinfo=UTC)
    return datetime(moment.year, moment.month + 1, 1, tzinfo=UTC)


def whole_months(first: datetime, after: datetime) -> tuple[datetime, datetime] | None:
    """[first month start, end) of the whole UTC months inside [first, after), or None."""
    first = first.astimezone(UTC)
    start = (
        first
        if first == first.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        else (_month_after(first))
    )
    after = after.astimezone(UTC)
    end = after.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return (start, end) if start < end else None


def quiz_pass_rates(period: Period) -> tuple[PassRate, ...]:
    first, after = period.utc_bounds()
    as_count = sa.Integer()

    def results(start: datetime, end: datetime) -> sa.Select:
        query = sa.select(
            QuizResult.quiz_id.label("quiz_id"),
            sa.func.count().label("results"),
            sa.func.sum(sa.cast(QuizResult.passed_any, as_count)).label("passed_any"),
            sa.func.sum(sa.cast(QuizResult.passed_last, as_count)).label("passed_last"),
        ).where(QuizResult.last_at >= start, QuizResult.last_at < end)
        return _in_place(query, QuizResult, period).group_by(QuizResult.quiz_id)

    months = whole_months(first, after)
    if months is None:
        parts = [results(first, after)]
    else:
        start, end = months
        rolled_up = sa.select(
            QuizMonth.quiz_id,
            sa.func.sum(QuizMonth.results),
            sa.func.sum(QuizMonth.passed_any),
            sa.func.sum(QuizMonth.passed_last),
        ).where(QuizMonth.month >= start, QuizMonth.month < end)
        rolled_up = _in_place(rolled_up, QuizMonth, period).group_by(QuizMonth.quiz_id)
        parts = [results(first, start), rolled_up, results(end, after)]
    union = sa.union_all(*parts).subquery()
    per_quiz = sa.select(
        union.c.quiz_id,
        sa.func.sum(union.c.results).label("results"),
        sa.func.sum(union.c.passed_any).label("passed_any"),
        sa.func.sum(union.c.passed_last).label("passed_last"),
    ).group_by(union.c.quiz_id)
    return pass_rates_by_kind(per_quiz.subquery())


def module_completions(period: Period) -> ModuleCompletions:
    first, after = period.utc_bounds()
    query = sa.select(
        ModuleCompletion.module_id.label("module_id"), sa.func.count().label("completions")
    ).where(ModuleCompletion.completed_at >= first, ModuleCompletion.completed_at < after)
    query = _in_place(query, ModuleCompletion, period).group_by(ModuleCompletion.module_id)
    return completions_by_module(query.subquery())
