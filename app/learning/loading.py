"""Loading checked module files into the database: in place, keyed by slug, progress kept.

Services in the house style: plain values in, flush, never commit. Validation itself is the pure
importer's job (importer.py); this module only writes what it produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from app.core.db import utcnow
from app.core.hooks import module_loaded
from app.extensions import db

from . import prerender
from .importer import Catalogue, ImportProblems, ModuleSource, Problem
from .models import GlossaryTerm, Lesson, Module, ModuleOwner, ModuleStatus


@dataclass
class ImportReport:
    """What an import did, module by module."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    terms_written: int = 0
    #: Lesson sections and summaries rendered to stored HTML (new, edited or stale).
    rendered: int = 0

    def lines(self) -> list[str]:
        """A short report for the command line."""
        return [
            f"Created {len(self.created)} module(s): {', '.join(self.created) or '-'}",
            f"Updated {len(self.updated)} module(s): {', '.join(self.updated) or '-'}",
            f"Unchanged {len(self.unchanged)} module(s): {', '.join(self.unchanged) or '-'}",
            f"Glossary terms created or changed: {self.terms_written}",
            f"Markdown pieces rendered and stored: {self.rendered}",
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
        for part_changed in module_loaded.fire(module, source):  # the question bank, quizzes
            changed = part_changed or changed
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
    # Every module, not only these: a renamed glossary term changes links in any of them.
    report.rendered = prerender.store_modules(db.session.scalars(sa.select(Module)).all())
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
