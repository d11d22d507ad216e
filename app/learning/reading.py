"""Assembling a lesson for the page: sections per language, aligned by anchor, with fallbacks."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from app.core.i18n import HTML_LANG, other_language

from .models import GlossaryTerm, Lesson, Module, ReadingMode
from .rendering import RenderContext, glossary_ids, split_lesson
from .stored_html import html_of


def callout_labels() -> dict[str, str]:
    """The call-out box labels in the current UI language."""
    return {
        "legal": _("Legal reference"),
        "redflag": _("Red flag"),
        "note": _("Note"),
        "example": _("Example"),
    }


def render_context(
    module: Module,
    language: str,
    terms: dict[str, GlossaryTerm],
    lesson: Lesson | None = None,
    id_prefix: str = "",
) -> RenderContext:
    """What rendering a lesson of `module` in `language` needs (call-out labels in that language);
    glossary links name the lesson they are opened from, so the entry can lead back to it."""
    with force_locale(language):
        labels = callout_labels()
    back = {"module": module.slug, "lesson": lesson.slug} if lesson is not None else {}
    return RenderContext(
        language=language,
        terms={slug: {"en": t.term_en, "zh": t.term_zh} for slug, t in terms.items()},
        callout_labels=labels,
        term_url=lambda slug: url_for("learning.glossary_term", term_slug=slug, **back),
        asset_url=lambda name: url_for("learning.asset", slug=module.slug, filename=name),
        id_prefix=id_prefix,
    )


def lesson_term_slugs(lessons: list[Lesson]) -> set[str]:
    """Every glossary id linked from these lessons, in either language."""
    found: set[str] = set()
    for lesson in lessons:
        found |= glossary_ids(lesson.body_en) | glossary_ids(lesson.body_zh)
    return found


@dataclass(frozen=True)
class Column:
    """One language's version of a section (or of the whole lesson)."""

    language: str
    html_lang: str
    html: Markup
    is_fallback: bool


@dataclass(frozen=True)
class Row:
    """A section: one column per language shown, aligned by the shared anchor."""

    anchor: str
    heading: str
    columns: tuple[Column, ...]


def languages_for(mode: ReadingMode, ui_language: str, lesson: Lesson) -> tuple[list[str], bool]:
    """Which languages to show and whether the page fell back from the wanted one."""
    wanted = {
        ReadingMode.MINE: [ui_language],
        ReadingMode.OTHER: [other_language(ui_language)],
        ReadingMode.BOTH: [ui_language, other_language(ui_language)],
    }[mode]
    available = [language for language in wanted if lesson.has_language(language)]
    if available:
        return available, len(available) < len(wanted)
    fallback = [lang for lang in ("en", "zh") if lesson.has_language(lang)]
    return fallback[:1], True


def lesson_rows(
    module: Module,
    lesson: Lesson,
    languages: list[str],
    terms: dict[str, GlossaryTerm],
    id_prefix: str = "",
) -> list[Row]:
    """The lesson's sections, each rendered in every language shown, aligned by anchor (heading
    ids start with `id_prefix` where several lessons share a page)."""
    parsed = {lang: split_lesson(getattr(lesson, f"body_{lang}")) for lang in languages}
    contexts = {lang: render_context(module, lang, terms, lesson, id_prefix) for lang in languages}
    order: list[str] = []
    for lang in languages:
        for section in parsed[lang].sections:
            if section.anchor not in order:
                order.append(section.anchor)
    cells = []
    for anchor in order:
        for lang in languages:
            section = next((s for s in parsed[lang].sections if s.anchor == anchor), None)
            if section is not None:
                cells.append((anchor, lang, section))
    html = html_of([(("section", section), contexts[lang]) for _anchor, lang, section in cells])
    rows = []
    for anchor in order:
        columns = []
        heading = ""
        for (cell_anchor, lang, section), cell_html in zip(cells, html, strict=True):
            if cell_anchor != anchor:
                continue
            heading = heading or section.heading
            columns.append(
                Column(lang, HTML_LANG[lang], Markup(cell_html), False)  # noqa: S704 -- sanitised by nh3
            )
        rows.append(Row(anchor, heading, tuple(columns)))
    return rows
