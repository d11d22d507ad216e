"""Learning's part of a person's data: lessons done, modules opened and the reading mode, in the
data export; on erasure the reading history and preference go, while lessons done stay, linked to
the anonymised account, for the modules' completion counts (and issued certificates)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.personal_data import eraser, exporter, kept_on_erasure, staff_record
from app.extensions import db

from .models import Lesson, LessonProgress, Module, ModuleVisit, ReadingPreference

staff_record("module_authors.user_id", "module_revisions.created_by_id")
kept_on_erasure(
    "lesson_progress.user_id",
    why="lessons done stay for the modules' completion counts, linked to the anonymised account",
)


@exporter("learning", _l("Lessons and modules"), {
    "lessons_done": _l("Lessons done"), "modules_opened": _l("Modules opened"),
    "reading_mode": _l("Reading mode"), "module": _l("Module"), "lesson": _l("Lesson"),
    "completed_at": _l("Done on"), "started_at": _l("First opened"), "visited_at": _l("Last opened"),
}, covers=(
    "lesson_progress.user_id", "module_visits.user_id", "reading_preferences.user_id",
))  # fmt: skip
def _export_learning(user) -> dict:
    done = db.session.execute(
        sa.select(LessonProgress, Lesson, Module)
        .join(Lesson, LessonProgress.lesson_id == Lesson.id)
        .join(Module, Lesson.module_id == Module.id)
        .where(LessonProgress.user_id == user.id)
        .order_by(LessonProgress.completed_at)
    ).all()
    visits = db.session.execute(
        sa.select(ModuleVisit, Module)
        .join(Module, ModuleVisit.module_id == Module.id)
        .where(ModuleVisit.user_id == user.id)
        .order_by(ModuleVisit.started_at)
    ).all()
    preference = db.session.get(ReadingPreference, user.id)
    return {
        "lessons_done": [
            {
                "module": module.title_en or module.title_zh,
                "lesson": lesson.title_en or lesson.title_zh,
                "completed_at": progress.completed_at.isoformat(),
            }
            for progress, lesson, module in done
        ],
        "modules_opened": [
            {
                "module": module.title_en or module.title_zh,
                "started_at": visit.started_at.isoformat(),
                "visited_at": visit.visited_at.isoformat(),
            }
            for visit, module in visits
        ],
        "reading_mode": preference.mode if preference else None,
    }


@eraser("learning", covers=("module_visits.user_id", "reading_preferences.user_id"))
def _erase_learning(user) -> None:
    """What the person read last and how they like to read goes."""
    db.session.execute(sa.delete(ModuleVisit).where(ModuleVisit.user_id == user.id))
    db.session.execute(sa.delete(ReadingPreference).where(ReadingPreference.user_id == user.id))
