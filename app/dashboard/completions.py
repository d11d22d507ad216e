"""The module completions indicator: trainees who completed each module in a period, by module.

Reads only: bounded queries whatever the number of trainees."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from app.learning.models import Lesson, LessonProgress, Module

from .indicators import (
    Period,
)


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


def module_completions(period: Period) -> ModuleCompletions:
    """Learners who completed each module, their last lesson done in the period (one query)."""
    first, after = period.utc_bounds()
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
    )
    if period.province or period.country:
        done = done.join(User, User.id == LessonProgress.user_id)
        if period.province:
            done = done.where(User.province == period.province)
        else:
            done = done.where(User.country == period.country)
    done = done.subquery()
    last = sa.type_coerce(done.c.last, LessonProgress.completed_at.type)
    query = (
        sa.select(Module.id, Module.slug, Module.title_en, Module.title_zh, sa.func.count())
        .select_from(done)
        .join(lessons, lessons.c.module_id == done.c.module_id)
        .join(Module, Module.id == done.c.module_id)
        .where(
            done.c.done == lessons.c.lessons,
            last >= sa.literal(first, LessonProgress.completed_at.type),
            last < sa.literal(after, LessonProgress.completed_at.type),
        )
        .group_by(Module.id, Module.slug, Module.title_en, Module.title_zh)
    )
    rows = sorted(
        (
            ModuleCount(mid, slug, en, zh, int(n))
            for mid, slug, en, zh, n in db.session.execute(query)
        ),
        key=lambda r: (-r.completions, r.slug),
    )
    return ModuleCompletions(sum(r.completions for r in rows), tuple(rows))
