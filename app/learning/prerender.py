"""Which content is shown as rendered Markdown, and storing it when it is imported or edited."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext

import sqlalchemy as sa
from flask import current_app, has_request_context

from app.core.i18n import localized
from app.extensions import db

from .models import GlossaryTerm, Lesson, Module, RenderedMarkdown
from .reading import lesson_term_slugs, render_context
from .rendering import RenderContext, split_lesson
from .stored_html import Piece, html_of, settings_hash, source_hash, store


def lesson_pieces(
    module: Module, lesson: Lesson, terms: dict[str, GlossaryTerm]
) -> list[tuple[Piece, RenderContext]]:
    """Every section of the lesson in both languages, with the contexts pages render it in: the
    lesson page (glossary links lead back to the lesson) and the module's print view (heading ids
    carry the lesson's slug)."""
    pieces = []
    for language in ("en", "zh"):
        body = getattr(lesson, f"body_{language}") or ""
        if not body.strip():
            continue
        sections = split_lesson(body).sections
        for prefix in ("", f"{lesson.slug}-"):
            context = render_context(module, language, terms, lesson, id_prefix=prefix)
            pieces += [(("section", section), context) for section in sections]
    return pieces


def summary_pieces(module: Module) -> list[tuple[Piece, RenderContext]]:
    """The module's summary in each language it is shown in."""
    pieces = []
    for language in ("en", "zh"):
        text = getattr(module, f"summary_{language}", "") or ""
        if text.strip():
            pieces.append((("markdown", text), render_context(module, language, {})))
    return pieces


def module_pieces(module: Module) -> list[tuple[Piece, RenderContext]]:
    """Everything of one module that is shown as rendered Markdown."""
    lessons = list(db.session.scalars(sa.select(Lesson).where(Lesson.module_id == module.id)))
    slugs = lesson_term_slugs(lessons)
    terms = {
        term.slug: term
        for term in db.session.scalars(sa.select(GlossaryTerm).where(GlossaryTerm.slug.in_(slugs)))
    }
    pieces = summary_pieces(module)
    for lesson in lessons:
        pieces += lesson_pieces(module, lesson, terms)
    return pieces


def _url_context():
    # URLs are built as a request would build them; outside one (CLI, import) use a neutral one.
    return nullcontext() if has_request_context() else current_app.test_request_context("/")


def store_modules(modules: Iterable[Module]) -> int:
    """Render and store what is missing or stale for these modules; returns how many pieces."""
    with _url_context():
        return sum(store(module_pieces(module)) for module in modules)


def prune() -> int:
    """Delete stored pieces that no current content uses (left by edits and renderer changes)."""
    with _url_context():
        current = set()
        for module in db.session.scalars(sa.select(Module)):
            for piece, context in module_pieces(module):
                current.add((source_hash(piece, context), settings_hash(context)))
    removed = 0
    for source, settings in db.session.execute(
        sa.select(RenderedMarkdown.source_hash, RenderedMarkdown.settings_hash)
    ).all():
        if (source, settings) not in current:
            db.session.execute(
                sa.delete(RenderedMarkdown).where(
                    RenderedMarkdown.source_hash == source,
                    RenderedMarkdown.settings_hash == settings,
                )
            )
            removed += 1
    return removed


def summary_html(module: Module) -> str:
    """The module's summary in the reader's language, as stored (or rendered on a miss)."""
    text = localized(module, "summary")
    context = render_context(module, text.language, {})
    return html_of([(("markdown", text.text), context)])[0]
