"""Pages for reading modules and the glossary. Thin: form -> service -> commit."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.core.access import Role, signed_in
from app.core.i18n import current_language, localized, other_language
from app.core.urls import safe_next
from app.extensions import db

from . import bp, services
from .models import (
    Audience,
    GlossaryTerm,
    Lesson,
    ReadingMode,
)
from .reading import languages_for, lesson_rows, lesson_term_slugs

STAFF = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


def _lesson_or_404(module, lesson_slug: str) -> Lesson:
    lesson = next((lesson for lesson in module.lessons if lesson.slug == lesson_slug), None)
    if lesson is None:
        abort(404)
    return lesson


@bp.route("/")
@signed_in
def catalogue():
    """The module catalogue, filtered by audience and language completeness."""
    audience = request.args.get("audience", "")
    language = request.args.get("language", "")
    if audience not in {a.value for a in Audience}:
        audience = ""
    if language not in ("en", "zh", "both"):
        language = ""
    modules, stats = services.catalogue_modules(current_user, audience, language)
    return render_template(
        "learning/catalogue.html",
        modules=modules,
        stats=stats,
        standings=services.module_standings(current_user.id, [m.id for m in modules]),
        audience=audience,
        language=language,
        audience_choices=Audience.choices(),
        is_staff=services.is_staff(current_user),
    )


@bp.route("/modules/<slug>")
@signed_in
def module(slug: str):
    """A module: summary, objectives, progress, lessons (and, from materials, the trainers' files)."""
    module = services.module_for_reader(slug, current_user)
    lessons = module.lessons
    done = services.completed_lesson_ids(current_user.id, [lesson.id for lesson in lessons])
    resume = services.resume_lesson(current_user.id, module)
    next_lesson = next((lesson for lesson in lessons if lesson.id not in done), None)
    return render_template(
        "learning/module.html",
        module=module,
        standing=services.module_standings(current_user.id, [module.id]).get(module.id),
        lessons=lessons,
        done=done,
        resume=resume,
        next_lesson=next_lesson,
        percent=services.percent_done(len(done), len(lessons)),
        complete_languages=services.language_completeness(module),
        is_staff=services.is_staff(current_user),
    )


@bp.route("/modules/<slug>/lessons/<lesson_slug>")
@signed_in
def lesson(slug: str, lesson_slug: str):
    """A lesson in the reader's mode, with previous/next, the contents and "mark as done"."""
    module = services.module_for_reader(slug, current_user)
    lesson = _lesson_or_404(module, lesson_slug)
    lessons = module.lessons
    index = lessons.index(lesson)
    mode = services.reading_mode(current_user.id)
    ui_language = current_language()
    languages, fell_back = languages_for(mode, ui_language, lesson)
    terms = services.glossary_terms(lesson_term_slugs([lesson]))
    rows = lesson_rows(module, lesson, languages, terms)
    done = services.completed_lesson_ids(current_user.id, [item.id for item in lessons])
    services.record_visit(current_user.id, lesson)
    # Rendered before the commit, which would expire (and reload one by one) what the page shows.
    page = render_template(
        "learning/lesson.html",
        module=module,
        lesson=lesson,
        lessons=lessons,
        previous=lessons[index - 1] if index > 0 else None,
        following=lessons[index + 1] if index + 1 < len(lessons) else None,
        rows=rows,
        languages=languages,
        fell_back=fell_back,
        mode=mode,
        modes=ReadingMode,
        done=done,
        percent=services.percent_done(len(done), len(lessons)),
        other=other_language(ui_language),
    )
    db.session.commit()
    return page


@bp.route("/modules/<slug>/lessons/<lesson_slug>/done", methods=["POST"])
@signed_in
def lesson_done(slug: str, lesson_slug: str):
    """Mark a lesson as done (or not done), then go on to the next lesson."""
    module = services.module_for_reader(slug, current_user)
    lesson = _lesson_or_404(module, lesson_slug)
    if request.form.get("done") == "0":
        services.mark_not_done(current_user.id, lesson)
        db.session.commit()
        flash(_("The lesson is marked as not done."), "success")
        return redirect(url_for(".lesson", slug=slug, lesson_slug=lesson_slug))
    services.mark_done(current_user.id, lesson)
    db.session.commit()
    flash(_("Lesson marked as done."), "success")
    lessons = module.lessons
    index = lessons.index(lesson)
    if index + 1 < len(lessons):
        return redirect(url_for(".lesson", slug=slug, lesson_slug=lessons[index + 1].slug))
    return redirect(url_for(".module", slug=slug))


@bp.route("/reading-mode", methods=["POST"])
@signed_in
def reading_mode():
    """Remember how the user reads lessons: their language, the other, or both side by side."""
    services.set_reading_mode(current_user.id, request.form.get("mode", ""))
    db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for(".catalogue")), code=303)


@bp.route("/glossary/<term_slug>")
@signed_in
def glossary_term(term_slug: str):
    """A glossary entry in both languages, with a way back to the lesson it was opened from
    (named by module and lesson slug, looked up: never a free address, so never an open redirect)."""
    term = db.session.scalar(sa.select(GlossaryTerm).where(GlossaryTerm.slug == term_slug))
    if term is None:
        abort(404)
    came_from = services.lesson_for_reader(
        request.args.get("module", ""), request.args.get("lesson", ""), current_user
    )
    return render_template("learning/glossary_term.html", term=term, came_from=came_from)


@bp.route("/modules/<slug>/print")
@signed_in
def print_module(slug: str):
    """The whole module on one page for printing: one language or both, with its glossary."""
    module = services.module_for_reader(slug, current_user)
    ui_language = current_language()
    choice = request.args.get("languages", "mine")
    if choice not in ("mine", "other", "both"):
        choice = "mine"
    mode = ReadingMode(choice)
    lessons = module.lessons
    term_slugs = lesson_term_slugs(lessons)
    terms = services.glossary_terms(term_slugs)
    printed = []
    for lesson in lessons:
        languages, fell_back = languages_for(mode, ui_language, lesson)
        printed.append(
            (
                lesson,
                languages,
                fell_back,
                lesson_rows(module, lesson, languages, terms, id_prefix=f"{lesson.slug}-"),
            )
        )
    term_list = sorted(terms.values(), key=lambda t: str(localized(t, "term")).lower())
    return render_template(
        "learning/print.html",
        module=module,
        printed=printed,
        terms=term_list,
        choice=choice,
        other=other_language(ui_language),
    )


@bp.route("/modules/<slug>/assets/<filename>")
@signed_in
def asset(slug: str, filename: str):
    """An image of a file-owned module, from its assets/ folder."""
    module = services.module_for_reader(slug, current_user)
    if not filename.lower().endswith((".png", ".jpg", ".jpeg")):
        abort(404)
    folder = Path(current_app.config["MATERIALS_DIR"]) / module.slug / "assets"
    return send_from_directory(folder, filename, max_age=3600)
