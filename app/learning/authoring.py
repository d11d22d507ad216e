"""Authoring modules in the browser: create, edit side by side, reorder, publish, restore versions.

Services in the house style: plain values in, flush, DomainError out, never commit. Every change
of content saves a ModuleRevision, so any earlier state can be restored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db

from . import prerender
from .importer import SLUG_RE
from .lesson_rules import check_lesson_text
from .models import (
    GlossaryTerm,
    Lesson,
    Module,
    ModuleOwner,
    ModuleRevision,
    ModuleStatus,
)
from .rendering import split_lesson

MODULE_FIELDS = (
    "title_en",
    "title_zh",
    "summary_en",
    "summary_zh",
    "objectives",
    "estimated_minutes",
    "audiences",
    "version",
)
LESSON_FIELDS = ("title_en", "title_zh", "body_en", "body_zh")


class SlugTaken(DomainError):
    """Another module already uses the web address."""

    def __init__(self):
        super().__init__(_l("Another module already uses this short name. Choose another one."))


class BadSlug(DomainError):
    """The short name is not lowercase letters, digits and hyphens."""

    def __init__(self):
        super().__init__(
            _l("The short name may contain only lowercase letters, digits and hyphens.")
        )


class CannotPublish(DomainError):
    """A module without lessons or without a title cannot be published."""

    def __init__(self):
        super().__init__(_l("Add at least one lesson and a title before publishing the module."))


class RevisionNotFound(DomainError):
    """No such saved version."""

    status = 404

    def __init__(self):
        super().__init__(_l("This version does not exist."))


@dataclass(frozen=True)
class LessonIssue:
    """A problem in one language's lesson text, for the editor to show next to the field."""

    language: str
    line: int | None
    code: str
    detail: str


def _snapshot(module: Module) -> dict:
    lessons = db.session.scalars(
        sa.select(Lesson)
        .where(Lesson.module_id == module.id, Lesson.retired.is_(False))
        .order_by(Lesson.position)
    ).all()
    return {
        **{name: getattr(module, name) for name in MODULE_FIELDS},
        "lessons": [
            {"slug": lesson.slug, **{name: getattr(lesson, name) for name in LESSON_FIELDS}}
            for lesson in lessons
        ],
    }


def save_revision(module: Module, user, action: str) -> ModuleRevision:
    """Record the module's current content as a new numbered version."""
    db.session.flush()
    # Lock the module's row with a write (portable: PostgreSQL locks the row, SQLite the file)
    # before reading the highest number, so two saves at once never pick the same one.
    db.session.execute(sa.update(Module).where(Module.id == module.id).values(updated_at=utcnow()))
    locked = db.session.get(Module, module.id)
    number = (
        db.session.scalar(
            sa.select(sa.func.max(ModuleRevision.number)).where(
                ModuleRevision.module_id == locked.id
            )
        )
        or 0
    ) + 1
    revision = ModuleRevision(
        module_id=locked.id,
        number=number,
        snapshot=_snapshot(locked),
        created_by_id=getattr(user, "id", None),
        action=action,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def _take_over(module: Module) -> None:
    """Editing in the browser makes the browser the module's owner (the import then skips it)."""
    module.owner = ModuleOwner.BROWSER.value
    module.updated_at = utcnow()


def create_module(slug: str, values: dict, user) -> Module:
    """A new draft module owned by the browser."""
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise BadSlug()
    if db.session.scalar(sa.select(Module.id).where(Module.slug == slug)):
        raise SlugTaken()
    module = Module(slug=slug, status=ModuleStatus.DRAFT.value, owner=ModuleOwner.BROWSER.value)
    for name in MODULE_FIELDS:
        if name in values:
            setattr(module, name, values[name])
    try:
        with db.session.begin_nested():
            db.session.add(module)
    except sa.exc.IntegrityError:  # created at the same moment by someone else
        raise SlugTaken() from None
    if user is not None:
        module.authors.append(user)
    save_revision(module, user, "module.created")
    audit.record(user, "module.created", module, after={"slug": slug})
    return module


def update_module(module: Module, values: dict, user) -> None:
    """Change a module's title, summary, objectives and facts."""
    for name in MODULE_FIELDS:
        if name in values:
            setattr(module, name, values[name])
    _take_over(module)
    save_revision(module, user, "module.edited")
    prerender.store_modules([module])


def known_term_ids() -> set[str]:
    """Every glossary id a lesson may link to."""
    return set(db.session.scalars(sa.select(GlossaryTerm.slug)))


def check_lesson(body_en: str, body_zh: str) -> list[LessonIssue]:
    """Problems in a lesson's two texts, including sections that do not match between them."""
    terms = known_term_ids()
    issues = [
        LessonIssue(language, problem.line, problem.code, problem.detail)
        for language, body in (("en", body_en), ("zh", body_zh))
        for problem in check_lesson_text(body, language, terms, set(), whole_file=False)
    ]
    if body_en.strip() and body_zh.strip():
        en = [s.anchor for s in split_lesson(body_en).sections]
        zh = [s.anchor for s in split_lesson(body_zh).sections]
        if en != zh:
            issues.append(LessonIssue("zh", None, "sections-differ", " ".join(en)))
    return issues


def _lesson_slug(module: Module, title_en: str, title_zh: str) -> str:
    taken = set(db.session.scalars(sa.select(Lesson.slug).where(Lesson.module_id == module.id)))
    base = re.sub(r"[^a-z0-9]+", "-", title_en.lower()).strip("-")[:60] or "lesson"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def add_lesson(module: Module, values: dict, user) -> Lesson:
    """Add a lesson at the end of the module."""
    last = db.session.scalar(
        sa.select(sa.func.max(Lesson.position)).where(
            Lesson.module_id == module.id, Lesson.retired.is_(False)
        )
    )
    lesson = Lesson(
        module_id=module.id,
        slug=_lesson_slug(module, values.get("title_en", ""), values.get("title_zh", "")),
        position=(last or 0) + 1,
        **{name: values.get(name, "") for name in LESSON_FIELDS},
    )
    db.session.add(lesson)
    _take_over(module)
    save_revision(module, user, "lesson.added")
    prerender.store_modules([module])
    return lesson


def update_lesson(lesson: Lesson, values: dict, user) -> None:
    """Change a lesson's titles and texts."""
    for name in LESSON_FIELDS:
        if name in values:
            setattr(lesson, name, values[name])
    module = db.session.get(Module, lesson.module_id)
    _take_over(module)
    save_revision(module, user, "lesson.edited")
    prerender.store_modules([module])


def move_lesson(module: Module, lesson: Lesson, direction: str, user) -> None:
    """Move a lesson one place up or down in the teaching order."""
    lessons = list(
        db.session.scalars(
            sa.select(Lesson)
            .where(Lesson.module_id == module.id, Lesson.retired.is_(False))
            .order_by(Lesson.position, Lesson.id)
            .with_for_update()
        )
    )
    index = next(i for i, item in enumerate(lessons) if item.id == lesson.id)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(lessons):
        return
    lessons[index], lessons[target] = lessons[target], lessons[index]
    for position, item in enumerate(lessons, start=1):
        item.position = position
    _take_over(module)
    save_revision(module, user, "lesson.moved")


def set_status(module: Module, status: str, user) -> None:
    """Publish, unpublish (back to draft) or archive a module."""
    wanted = ModuleStatus(status)
    if wanted == ModuleStatus.PUBLISHED:
        has_lessons = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Lesson)
            .where(Lesson.module_id == module.id, Lesson.retired.is_(False))
        )
        if not has_lessons or not (module.title_en or module.title_zh):
            raise CannotPublish()
    before = module.status
    module.status = wanted.value
    audit.record(user, "module.status", module, before={"status": before}, after={"status": status})
    db.session.flush()


def restore_revision(module: Module, number: int, user) -> ModuleRevision:
    """Bring back a saved version's content (lessons matched by slug, so progress is kept)."""
    revision = db.session.scalar(
        sa.select(ModuleRevision).where(
            ModuleRevision.module_id == module.id, ModuleRevision.number == number
        )
    )
    if revision is None:
        raise RevisionNotFound()
    snapshot = revision.snapshot
    for name in MODULE_FIELDS:
        setattr(module, name, snapshot[name])
    lessons = {
        lesson.slug: lesson
        for lesson in db.session.scalars(sa.select(Lesson).where(Lesson.module_id == module.id))
    }
    wanted = set()
    for position, saved in enumerate(snapshot["lessons"], start=1):
        wanted.add(saved["slug"])
        lesson = lessons.get(saved["slug"])
        if lesson is None:
            lesson = Lesson(module_id=module.id, slug=saved["slug"])
            db.session.add(lesson)
        for name in LESSON_FIELDS:
            setattr(lesson, name, saved[name])
        lesson.position = position
        lesson.retired = False
    for slug, lesson in lessons.items():
        if slug not in wanted:
            lesson.retired = True
    _take_over(module)
    audit.record(user, "module.restored", module, after={"version": number})
    revision = save_revision(module, user, "module.restored")
    prerender.store_modules([module])
    return revision


def revisions(module: Module) -> list[ModuleRevision]:
    """The module's saved versions, newest first."""
    return list(
        db.session.scalars(
            sa.select(ModuleRevision)
            .where(ModuleRevision.module_id == module.id)
            .order_by(ModuleRevision.number.desc())
        )
    )
