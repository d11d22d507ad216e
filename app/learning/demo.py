"""Demo data for learning: the modules under materials/, and a trainee part-way through one."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from app.auth import services as accounts
from app.extensions import db

from . import importer, loading, services
from .models import LessonProgress, Module, ModuleOwner, ReadingMode

#: The module the demo trainee is studying, and how many of its lessons are done.
DEMO_MODULE = "fair-recruitment"
DEMO_LESSONS_DONE = 2


def seed_learning(trainee_email: str) -> None:
    """Import materials/ (unless a module was taken over by the browser) and add demo progress."""
    catalogue = importer.load_catalogue(Path(current_app.config["MATERIALS_DIR"]))
    browser_owned = set(
        db.session.scalars(sa.select(Module.slug).where(Module.owner == ModuleOwner.BROWSER.value))
    )
    catalogue.modules = [m for m in catalogue.modules if m.slug not in browser_owned]
    loading.import_catalogue(catalogue)
    trainee = accounts.find_user_by_email(trainee_email)
    module = db.session.scalar(sa.select(Module).where(Module.slug == DEMO_MODULE))
    if trainee is None or module is None or len(module.lessons) <= DEMO_LESSONS_DONE:
        return
    already = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(LessonProgress)
        .where(LessonProgress.user_id == trainee.id)
    )
    if already:
        return  # idempotent: never pile up or reset the demo trainee's own progress
    for lesson in module.lessons[:DEMO_LESSONS_DONE]:
        services.mark_done(trainee.id, lesson)
        services.record_visit(trainee.id, lesson)
    services.record_visit(trainee.id, module.lessons[DEMO_LESSONS_DONE])
    services.set_reading_mode(trainee.id, ReadingMode.BOTH.value)
    db.session.flush()


def seed_demo() -> list[str]:
    """The demo seeder: modules from materials/ and the demo trainee's progress (nothing to print)."""
    seed_learning("trainee@example.org")
    return []
