"""The module completions indicator: trainees who completed each module in a period, by module.

Reads only: bounded queries whatever the number of trainees."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from app.learning.models import Lesson, LessonProgress, Module

from .indicators import Period


@dataclass(frozen=True)
class ModuleCount:
    """Completions of one module."""

    module_id: int
    slug: str
    title_en: str
    title_zh: str
    completions: int


@dataclass(frozen=True)
class ModuleCompletions:
    """Modules completed (every current lesson done) in the period."""

    total: int
    by_module: tuple[ModuleCount, ...]


def completed_modules() -> sa.Select:
    """SELECT (module_id, user_id, completed_at) of every module someone has completed: every
    current lesson of it done, at the moment of the last one."""
    current = Lesson.retired.is_(False)
    lessons = (
        sa.select(Lesson.module_id, sa.func.count().label("lessons"))
        .where(current)
        .group_by(Lesson.module_id)
        .subquery()
    )
    done = (
        sa.select(
            Lesson.module_id,
            LessonProgress.user_id,
            sa.func.count().label("done"),
            sa.func.max(LessonProgress.completed_at).label("last"),
        )
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(current)
        .group_by(Lesson.module_id, LessonProgress.user_id)
        .subquery()
    )
    return (
        sa.select(
            done.c.module_id,
            done.c.user_id,
            sa.type_coerce(done.c.last, LessonProgress.completed_at.type).label("completed_at"),
        )
        .join(lessons, lessons.c.module_id == done.c.module_id)
        .where(done.c.done == lessons.c.lessons)
    )


def module_completions(period: Period) -> ModuleCompletions:
    """Learners who completed each module, their last lesson done in the period (one query)."""
    first, after = period.utc_bounds()
    completed = completed_modules().subquery()
    type_ = LessonProgress.completed_at.type
    query = sa.select(completed.c.module_id, sa.func.count().label("completions")).where(
        completed.c.completed_at >= sa.literal(first, type_),
        completed.c.completed_at < sa.literal(after, type_),
    )
    if period.province or period.country:
        query = query.join(User, User.id == completed.c.user_id)
        if period.province:
            query = query.where(User.province == period.province)
        else:
            query = query.where(User.country == period.country)
    return completions_by_module(query.group_by(completed.c.module_id).subquery())


def completions_by_module(counts: sa.Subquery) -> ModuleCompletions:
    """A subquery of (module_id, completions) with each module's slug and titles (one query)."""
    query = sa.select(
        Module.id, Module.slug, Module.title_en, Module.title_zh, counts.c.completions
    ).join(counts, counts.c.module_id == Module.id)
    rows = sorted(
        (
            ModuleCount(mid, slug, en, zh, int(n))
            for mid, slug, en, zh, n in db.session.execute(query)
        ),
        key=lambda r: (-r.completions, r.slug),
    )
    return ModuleCompletions(sum(r.completions for r in rows), tuple(rows))
