"""How learning rows follow an account merge (see app/core/account_merge.py).

A lesson done in both accounts counts once, from the earlier day; a module opened in both keeps
the earlier start and the later visit; the kept account's reading mode wins.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.account_merge import moves, resolver
from app.extensions import db

from .models import LessonProgress, ModuleVisit, ReadingPreference, module_authors


@resolver("lesson_progress", "user_id", _l("Lessons done"))
def _settle_progress(source_id: int, target_id: int) -> int:
    kept = {
        p.lesson_id: p
        for p in db.session.scalars(
            sa.select(LessonProgress).where(LessonProgress.user_id == target_id)
        )
    }
    settled = 0
    for progress in db.session.scalars(
        sa.select(LessonProgress).where(LessonProgress.user_id == source_id)
    ):
        ours = kept.get(progress.lesson_id)
        if ours is None:
            continue
        ours.completed_at = min(ours.completed_at, progress.completed_at)
        db.session.delete(progress)
        settled += 1
    return settled


@resolver("module_visits", "user_id", _l("Modules opened"))
def _settle_visits(source_id: int, target_id: int) -> int:
    kept = {
        v.module_id: v
        for v in db.session.scalars(sa.select(ModuleVisit).where(ModuleVisit.user_id == target_id))
    }
    settled = 0
    for visit in db.session.scalars(sa.select(ModuleVisit).where(ModuleVisit.user_id == source_id)):
        ours = kept.get(visit.module_id)
        if ours is None:
            continue
        ours.started_at = min(ours.started_at, visit.started_at)
        if visit.visited_at > ours.visited_at:
            ours.visited_at, ours.lesson_id = visit.visited_at, visit.lesson_id
        db.session.delete(visit)
        settled += 1
    return settled


@resolver("reading_preferences", "user_id", _l("Reading mode"))
def _settle_reading(source_id: int, target_id: int) -> int:
    if db.session.get(ReadingPreference, target_id) is None:
        return 0
    result = db.session.execute(
        sa.delete(ReadingPreference).where(ReadingPreference.user_id == source_id)
    )
    return result.rowcount or 0


moves("module_revisions", "created_by_id", _l("Module versions saved"))


@resolver("module_authors", "user_id", _l("Modules authored"))
def _settle_authors(source_id: int, target_id: int) -> int:
    both = sa.select(module_authors.c.module_id).where(module_authors.c.user_id == target_id)
    result = db.session.execute(
        sa.delete(module_authors).where(
            module_authors.c.user_id == source_id, module_authors.c.module_id.in_(both)
        )
    )
    return result.rowcount or 0
