"""Learning rules: importing modules, progress and resume, reading modes.

Services take plain values, flush and raise DomainError subclasses; routes commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.hooks import module_progress, module_standing
from app.extensions import db

from .models import (
    GlossaryTerm,
    Lesson,
    LessonProgress,
    Module,
    ModuleStatus,
    ModuleVisit,
    ReadingMode,
    ReadingPreference,
)

#: A lesson opened again within this time is not written again ("last opened" is to the minute).
VISIT_TOUCH_EVERY = timedelta(minutes=1)

# --- Reading ---------------------------------------------------------------------------------


class ModuleNotAvailable(DomainError):
    """The module is not published, so only staff may open it."""

    status = 404

    def __init__(self):
        super().__init__(_l("This module is not available."))


def is_staff(user) -> bool:
    """Trainers, coordinators and admins see drafts and manage materials."""
    return user.has_role("trainer", "coordinator", "admin")


def module_for_reader(slug: str, user) -> Module:
    """The module with this slug if the user may read it (drafts only for staff)."""
    module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
    if module is None or (not module.is_published and not is_staff(user)):
        raise ModuleNotAvailable()
    return module


def module_standings(user_id: int, module_ids: list[int]) -> dict[int, object]:
    """module id -> the person's standing beyond lessons (complete, final score, certificate),
    as the features above learning answer it; empty when none does."""
    standings: dict[int, object] = {}
    for answer in module_standing.fire(user_id, module_ids):
        standings.update(answer)
    return standings


def lesson_for_reader(module_slug: str, lesson_slug: str, user) -> Lesson | None:
    """The lesson with these slugs if the user may read it, else None (for a way back to it)."""
    if not module_slug or not lesson_slug:
        return None
    try:
        module = module_for_reader(module_slug, user)
    except ModuleNotAvailable:
        return None
    return next((lesson for lesson in module.lessons if lesson.slug == lesson_slug), None)


def language_completeness(module: Module) -> set[str]:
    """The languages in which every lesson of the module, and its title, exist."""
    complete = set()
    for language in ("en", "zh"):
        if getattr(module, f"title_{language}") and all(
            lesson.has_language(language) for lesson in module.lessons
        ):
            complete.add(language)
    return complete


@dataclass(frozen=True)
class ModuleStats:
    """Counts for a module card: lessons, lessons written in each language, lessons done."""

    total: int = 0
    english: int = 0
    chinese: int = 0
    done: int = 0
    has_title_en: bool = False
    has_title_zh: bool = False

    @property
    def complete_languages(self) -> set[str]:
        """The languages in which the title and every lesson exist."""
        complete = set()
        if self.total and self.has_title_en and self.english == self.total:
            complete.add("en")
        if self.total and self.has_title_zh and self.chinese == self.total:
            complete.add("zh")
        return complete


def lesson_counts(user_id: int, module_ids: list[int], *columns: sa.ColumnElement) -> list[sa.Row]:
    """Per module, in one query: (module id, current lessons, *columns over its lessons, lessons
    the user has done)."""
    # At most one progress row per user and lesson: the outer join keeps one row per lesson.
    return db.session.execute(
        sa.select(
            Lesson.module_id, sa.func.count(Lesson.id), *columns, sa.func.count(LessonProgress.id)
        )
        .outerjoin(
            LessonProgress,
            sa.and_(LessonProgress.lesson_id == Lesson.id, LessonProgress.user_id == user_id),
        )
        .where(Lesson.module_id.in_(module_ids), Lesson.retired.is_(False))
        .group_by(Lesson.module_id)
    ).all()


def module_stats(modules: list[Module], user_id: int) -> dict[int, ModuleStats]:
    """Lesson counts per module and the user's lessons done, in one query (no lesson texts)."""
    ids = [module.id for module in modules]
    if not ids:
        return {}
    written = lesson_counts(
        user_id,
        ids,
        sa.func.sum(sa.case((Lesson.body_en != "", 1), else_=0)),
        sa.func.sum(sa.case((Lesson.body_zh != "", 1), else_=0)),
    )
    done = {row[0]: row[4] for row in written}
    counts = {row[0]: (int(row[1]), int(row[2] or 0), int(row[3] or 0)) for row in written}
    return {
        module.id: ModuleStats(
            *counts.get(module.id, (0, 0, 0)),
            done=int(done.get(module.id, 0)),
            has_title_en=bool(module.title_en.strip()),
            has_title_zh=bool(module.title_zh.strip()),
        )
        for module in modules
    }


def catalogue_modules(
    user, audience: str = "", language: str = ""
) -> tuple[list[Module], dict[int, ModuleStats]]:
    """Modules the user may see, filtered by audience and by a language complete in them."""
    query = sa.select(Module).order_by(Module.title_en)
    if not is_staff(user):  # staff also see drafts and archived modules, to manage them
        query = query.where(Module.status == ModuleStatus.PUBLISHED.value)
    modules = list(db.session.scalars(query))
    if audience:
        modules = [m for m in modules if audience in (m.audiences or [])]
    stats = module_stats(modules, user.id)
    if language == "both":
        modules = [m for m in modules if stats[m.id].complete_languages == {"en", "zh"}]
    elif language in ("en", "zh"):
        modules = [m for m in modules if language in stats[m.id].complete_languages]
    return modules, stats


def completed_lesson_ids(user_id: int, lesson_ids: list[int]) -> dict[int, datetime]:
    """Which of these lessons the user marked done, and when."""
    if not lesson_ids:
        return {}
    rows = db.session.execute(
        sa.select(LessonProgress.lesson_id, LessonProgress.completed_at).where(
            LessonProgress.user_id == user_id, LessonProgress.lesson_id.in_(lesson_ids)
        )
    )
    return {lesson_id: completed_at for lesson_id, completed_at in rows}


def percent_done(done: int, total: int) -> int:
    """Whole percent of lessons done (0 for a module without lessons)."""
    return round(100 * done / total) if total else 0


def mark_done(user_id: int, lesson: Lesson) -> bool:
    """Record that the user finished the lesson; returns False if it was already done.

    The unique (user, lesson) constraint holds under double clicks; a savepoint absorbs the race.
    """
    try:
        with db.session.begin_nested():
            db.session.add(LessonProgress(user_id=user_id, lesson_id=lesson.id))
    except sa.exc.IntegrityError:
        return False
    # Self-paced modules: the completion certificate comes as soon as the person qualifies.
    module_progress.fire(user_id, lesson.module_id)
    return True


def mark_not_done(user_id: int, lesson: Lesson) -> None:
    """Undo "mark as done"."""
    db.session.execute(
        sa.delete(LessonProgress).where(
            LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson.id
        )
    )


def record_visit(user_id: int, lesson: Lesson, now: datetime | None = None) -> None:
    """Remember the lesson as where the user is in its module (for "resume").

    Read first, write only when needed: another lesson, or the same one after VISIT_TOUCH_EVERY
    (a hundred people reloading one lesson in a workshop room write nothing).
    """
    now = now or utcnow()
    visit = db.session.scalar(
        sa.select(ModuleVisit).where(
            ModuleVisit.user_id == user_id, ModuleVisit.module_id == lesson.module_id
        )
    )
    if visit is not None:
        if visit.lesson_id != lesson.id or now - visit.visited_at >= VISIT_TOUCH_EVERY:
            visit.lesson_id, visit.visited_at = lesson.id, now
        return
    try:
        with db.session.begin_nested():
            db.session.add(
                ModuleVisit(
                    user_id=user_id,
                    module_id=lesson.module_id,
                    lesson_id=lesson.id,
                    started_at=now,
                    visited_at=now,
                )
            )
    except sa.exc.IntegrityError:  # another tab got there first: it recorded the visit
        pass


def resume_lesson(user_id: int, module: Module) -> Lesson | None:
    """The lesson the user last opened in the module, if it is still part of it."""
    visit = db.session.scalar(
        sa.select(ModuleVisit).where(
            ModuleVisit.user_id == user_id, ModuleVisit.module_id == module.id
        )
    )
    if visit is None or visit.lesson is None or visit.lesson.retired:
        return None
    return visit.lesson


def reading_mode(user_id: int) -> ReadingMode:
    """The user's remembered reading mode (their own language by default)."""
    row = db.session.get(ReadingPreference, user_id)
    return ReadingMode(row.mode) if row else ReadingMode.MINE


class UnknownReadingMode(DomainError):
    """A reading mode that does not exist was asked for."""

    def __init__(self):
        super().__init__(_l("Choose one of the reading modes offered."))


def set_reading_mode(user_id: int, mode: str) -> ReadingMode:
    """Remember the user's reading mode."""
    try:
        chosen = ReadingMode(mode)
    except ValueError:
        raise UnknownReadingMode() from None
    row = db.session.get(ReadingPreference, user_id)
    if row is None:
        db.session.add(ReadingPreference(user_id=user_id, mode=chosen.value))
    else:
        row.mode = chosen.value
    db.session.flush()
    return chosen


def glossary_terms(slugs: set[str]) -> dict[str, GlossaryTerm]:
    """Glossary terms by slug, in one query."""
    if not slugs:
        return {}
    return {
        term.slug: term
        for term in db.session.scalars(sa.select(GlossaryTerm).where(GlossaryTerm.slug.in_(slugs)))
    }


@dataclass(frozen=True)
class ModuleProgress:
    """One module on "My page"."""

    module: Module
    done: int
    total: int
    started_at: datetime | None
    completed_at: datetime | None

    @property
    def percent(self) -> int:
        """Whole percent done."""
        return percent_done(self.done, self.total)


def my_learning(user_id: int) -> tuple[list[ModuleProgress], list[ModuleProgress]]:
    """The user's modules in progress and completed, with dates, in a bounded number of queries."""
    visits = {
        visit.module_id: visit
        for visit in db.session.scalars(
            sa.select(ModuleVisit).where(ModuleVisit.user_id == user_id)
        )
    }
    done_rows = db.session.execute(
        sa.select(Lesson.module_id, LessonProgress.completed_at)
        .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
        .where(LessonProgress.user_id == user_id, Lesson.retired.is_(False))
    ).all()
    done: dict[int, list[datetime]] = {}
    for module_id, completed_at in done_rows:
        done.setdefault(module_id, []).append(completed_at)
    module_ids = set(visits) | set(done)
    if not module_ids:
        return [], []
    modules = db.session.scalars(
        sa.select(Module)
        .where(Module.id.in_(module_ids), Module.status == ModuleStatus.PUBLISHED.value)
        .order_by(Module.title_en)
    ).all()
    stats = module_stats(list(modules), user_id)
    in_progress, completed = [], []
    for module in modules:
        dates = done.get(module.id, [])
        total = stats[module.id].total
        visit = visits.get(module.id)
        started = visit.started_at if visit else (min(dates) if dates else None)
        finished = max(dates) if total and len(dates) >= total else None
        entry = ModuleProgress(module, len(dates), total, started, finished)
        (completed if finished else in_progress).append(entry)
    return in_progress, completed
