"""Learning rules: importing modules, progress and resume, reading modes, trainers' materials.

Services take plain values, flush and raise DomainError subclasses; routes commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.storage import ValidatedUpload, store_upload
from app.extensions import db

from .importer import Catalogue, ImportProblems, ModuleSource, Problem
from .models import (
    GlossaryTerm,
    Lesson,
    LessonProgress,
    Material,
    MaterialVersion,
    Module,
    ModuleOwner,
    ModuleStatus,
    ModuleVisit,
    ReadingMode,
    ReadingPreference,
)

# --- Import ----------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did, module by module."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    terms_written: int = 0

    def lines(self) -> list[str]:
        """A short report for the command line."""
        return [
            f"Created {len(self.created)} module(s): {', '.join(self.created) or '-'}",
            f"Updated {len(self.updated)} module(s): {', '.join(self.updated) or '-'}",
            f"Unchanged {len(self.unchanged)} module(s): {', '.join(self.unchanged) or '-'}",
            f"Glossary terms created or changed: {self.terms_written}",
        ]


def _assign(obj, values: dict) -> bool:
    """Set attributes that differ; return whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def import_catalogue(catalogue: Catalogue, force: bool = False) -> ImportReport:
    """Create or update modules, lessons and terms in place, keyed by slug; progress is kept.

    Refuses (ImportProblems, nothing written) when a module in the files is owned by the browser,
    unless `force`.
    """
    existing = {
        module.slug: module
        for module in db.session.scalars(
            sa.select(Module).where(Module.slug.in_([m.slug for m in catalogue.modules]))
        )
    }
    refused = [
        Problem(
            f"materials/{source.slug}",
            None,
            "this module is edited in the browser; use --force to overwrite it with the files",
        )
        for source in catalogue.modules
        if source.slug in existing
        and existing[source.slug].owner == ModuleOwner.BROWSER
        and not force
    ]
    if refused:
        raise ImportProblems(refused)
    report = ImportReport()
    modules = {}
    for source in catalogue.modules:
        module = existing.get(source.slug)
        created = module is None
        if created:
            module = Module(slug=source.slug, status=ModuleStatus.PUBLISHED.value)
            db.session.add(module)
        changed = _assign(module, _module_values(source))
        db.session.flush()
        changed = _import_lessons(module, source) or changed
        if created:
            report.created.append(source.slug)
        elif changed:
            module.updated_at = utcnow()
            report.updated.append(source.slug)
        else:
            report.unchanged.append(source.slug)
        modules[source.slug] = module
    report.terms_written = _import_terms(catalogue, modules)
    db.session.flush()
    return report


def _module_values(source: ModuleSource) -> dict:
    return {
        "title_en": source.title_en,
        "title_zh": source.title_zh,
        "summary_en": source.summary_en,
        "summary_zh": source.summary_zh,
        "objectives": [dict(o) for o in source.objectives],
        "estimated_minutes": source.estimated_minutes,
        "audiences": list(source.audiences),
        "version": source.version,
        "owner": ModuleOwner.FILES.value,
    }


def _import_lessons(module: Module, source: ModuleSource) -> bool:
    lessons = {
        lesson.slug: lesson
        for lesson in db.session.scalars(sa.select(Lesson).where(Lesson.module_id == module.id))
    }
    changed = False
    wanted = set()
    for position, lesson_source in enumerate(source.lessons, start=1):
        wanted.add(lesson_source.slug)
        lesson = lessons.get(lesson_source.slug)
        if lesson is None:
            lesson = Lesson(module_id=module.id, slug=lesson_source.slug)
            db.session.add(lesson)
            changed = True
        changed = (
            _assign(
                lesson,
                {
                    "position": position,
                    "title_en": lesson_source.title_en,
                    "title_zh": lesson_source.title_zh,
                    "body_en": lesson_source.body_en,
                    "body_zh": lesson_source.body_zh,
                    "retired": False,
                },
            )
            or changed
        )
    for slug, lesson in lessons.items():
        if slug not in wanted and not lesson.retired:
            lesson.retired = True  # hidden, but trainees' progress on it stays recorded
            changed = True
    return changed


def _import_terms(catalogue: Catalogue, modules: dict[str, Module]) -> int:
    slugs = [term.slug for source in catalogue.modules for term in source.terms]
    existing = {
        term.slug: term
        for term in db.session.scalars(sa.select(GlossaryTerm).where(GlossaryTerm.slug.in_(slugs)))
    }
    written = 0
    for source in catalogue.modules:
        for term_source in source.terms:
            term = existing.get(term_source.slug)
            if term is None:
                term = GlossaryTerm(slug=term_source.slug)
                db.session.add(term)
            if _assign(
                term,
                {
                    "module_id": modules[source.slug].id,
                    "term_en": term_source.term_en,
                    "term_zh": term_source.term_zh,
                    "definition_en": term_source.definition_en,
                    "definition_zh": term_source.definition_zh,
                    "source": term_source.source,
                },
            ):
                written += 1
    return written


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


def language_completeness(module: Module) -> set[str]:
    """The languages in which every lesson of the module, and its title, exist."""
    complete = set()
    for language in ("en", "zh"):
        if getattr(module, f"title_{language}") and all(
            lesson.has_language(language) for lesson in module.lessons
        ):
            complete.add(language)
    return complete


def catalogue_modules(user, audience: str = "", language: str = "") -> list[Module]:
    """Modules the user may see, filtered by audience and by a language complete in them."""
    query = sa.select(Module).order_by(Module.title_en).options(sa.orm.selectinload(Module.lessons))
    if not is_staff(user):  # staff also see drafts and archived modules, to manage them
        query = query.where(Module.status == ModuleStatus.PUBLISHED.value)
    modules = list(db.session.scalars(query))
    if audience:
        modules = [m for m in modules if audience in (m.audiences or [])]
    if language == "both":
        modules = [m for m in modules if language_completeness(m) == {"en", "zh"}]
    elif language in ("en", "zh"):
        modules = [m for m in modules if language in language_completeness(m)]
    return modules


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
    return True


def mark_not_done(user_id: int, lesson: Lesson) -> None:
    """Undo "mark as done"."""
    db.session.execute(
        sa.delete(LessonProgress).where(
            LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson.id
        )
    )


def record_visit(user_id: int, lesson: Lesson) -> None:
    """Remember the lesson as where the user is in its module (for "resume")."""
    now = utcnow()
    updated = db.session.execute(
        sa.update(ModuleVisit)
        .where(ModuleVisit.user_id == user_id, ModuleVisit.module_id == lesson.module_id)
        .values(lesson_id=lesson.id, visited_at=now)
    )
    if updated.rowcount:
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
        .options(sa.orm.selectinload(Module.lessons))
        .order_by(Module.title_en)
    ).all()
    in_progress, completed = [], []
    for module in modules:
        dates = done.get(module.id, [])
        total = len(module.lessons)
        visit = visits.get(module.id)
        started = visit.started_at if visit else (min(dates) if dates else None)
        finished = max(dates) if dates and len(dates) >= total else None
        entry = ModuleProgress(module, len(dates), total, started, finished)
        (completed if finished else in_progress).append(entry)
    return in_progress, completed


# --- Materials -------------------------------------------------------------------------------


class MaterialNotFound(DomainError):
    """No such material, or the requester may not see it."""

    status = 404

    def __init__(self):
        super().__init__(_l("This file is not available."))


def add_material(
    module: Module, upload: ValidatedUpload, user, title_en: str = "", title_zh: str = ""
) -> Material:
    """Attach a new file to a module."""
    material = Material(
        module_id=module.id,
        title_en=title_en.strip(),
        title_zh=title_zh.strip(),
        created_by_id=user.id,
    )
    db.session.add(material)
    db.session.flush()
    _add_version(material, upload, user, 1)
    audit.record(user, "material.uploaded", material, after={"file": upload.original_name})
    return material


def _add_version(material: Material, upload: ValidatedUpload, user, number: int) -> None:
    stored = store_upload(upload, uploaded_by=user)
    db.session.add(
        MaterialVersion(
            material_id=material.id,
            number=number,
            stored_file_id=stored.id,
            uploaded_by_id=user.id,
        )
    )
    db.session.flush()
    db.session.refresh(material, ["versions"])


def replace_material(material: Material, upload: ValidatedUpload, user) -> MaterialVersion:
    """Upload a new version of a material; the earlier versions are kept."""
    # Lock the material's row with a write (portable: PostgreSQL locks the row, SQLite the
    # file) before reading the highest number, so two replacements never pick the same one.
    db.session.execute(
        sa.update(Material).where(Material.id == material.id).values(deleted_at=Material.deleted_at)
    )
    locked = db.session.get(Material, material.id)
    number = (
        db.session.scalar(
            sa.select(sa.func.max(MaterialVersion.number)).where(
                MaterialVersion.material_id == locked.id
            )
        )
        or 0
    ) + 1
    _add_version(locked, upload, user, number)
    audit.record(
        user, "material.replaced", locked, after={"file": upload.original_name, "version": number}
    )
    return locked.current


def delete_material(material: Material, user) -> None:
    """Hide a material from everyone but staff, who can restore it."""
    if material.deleted_at is None:
        material.deleted_at = utcnow()
        audit.record(user, "material.deleted", material)
    db.session.flush()


def restore_material(material: Material, user) -> None:
    """Show a deleted material again."""
    if material.deleted_at is not None:
        material.deleted_at = None
        audit.record(user, "material.restored", material)
    db.session.flush()


def module_materials(module: Module, include_deleted: bool) -> list[Material]:
    """A module's materials with their versions and files, newest first (two queries)."""
    query = (
        sa.select(Material)
        .where(Material.module_id == module.id)
        .options(sa.orm.selectinload(Material.versions).joinedload(MaterialVersion.stored_file))
        .order_by(Material.created_at.desc(), Material.id.desc())
    )
    if not include_deleted:
        query = query.where(Material.deleted_at.is_(None))
    return list(db.session.scalars(query))


def material_for_download(material_id: int, user) -> Material:
    """The material if the user may download it: staff always, others when shown and published."""
    material = db.session.get(Material, material_id)
    if material is None or material.module_id is None:
        raise MaterialNotFound()
    module = db.session.get(Module, material.module_id)
    if is_staff(user):
        return material
    if material.deleted_at is not None or module is None or not module.is_published:
        raise MaterialNotFound()
    return material
