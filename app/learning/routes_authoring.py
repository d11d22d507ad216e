"""Pages where trainers author modules in the browser. Thin: form -> authoring service -> commit."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.services import find_user_by_email
from app.core.access import Role, roles
from app.core.forms import form_status
from app.core.i18n import current_language
from app.extensions import db

from . import authoring, authors, bp
from .forms import AuthorForm, LessonForm, ModuleForm
from .models import Lesson, Module, ModuleOwner, ModuleStatus
from .reading import lesson_rows, lesson_term_slugs
from .services import glossary_terms

STAFF = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)

#: What each lesson-text problem means, in the editor's language (see importer.check_lesson_text).
ISSUE_TEXTS = {
    "anchor": _l(
        "Line %(line)s: a section heading (##) must end with an anchor such as {#who-needs-a-licence}."
    ),
    "anchor-twice": _l("Line %(line)s: the anchor #%(detail)s is used twice."),
    "callout-nested": _l(
        "Line %(line)s: call-out boxes cannot be nested; close the first one with a line ':::'."
    ),
    "callout-kind": _l(
        "Line %(line)s: unknown call-out box ':::%(detail)s'; use legal, redflag, note or example."
    ),
    "callout-stray": _l("Line %(line)s: ':::' closes a call-out box that was never opened."),
    "callout-unclosed": _l("Line %(line)s: this call-out box is never closed with a line ':::'."),
    "term": _l("Line %(line)s: the glossary link [[%(detail)s]] names no known term."),
    "table-cells": _l(
        "Line %(line)s: this table row does not have as many cells as its header; write a | inside a cell as \\|."
    ),
    "html": _l("Line %(line)s: HTML is not allowed in lessons; use Markdown."),
    "image": _l(
        "Line %(line)s: the image %(detail)s cannot be shown: modules written in the browser have no images yet."
    ),
    "link": _l("Line %(line)s: the link %(detail)s must start with https://."),
    "title": _l("Line %(line)s: do not start a line with a single #; the title has its own field."),
    "sections-differ": _l(
        "The Chinese text must have the same section anchors, in the same order, as the English text (%(detail)s)."
    ),
}


def _issue_text(issue: authoring.LessonIssue) -> str:
    return str(ISSUE_TEXTS[issue.code]) % {"line": issue.line or "", "detail": issue.detail}


def _module_or_404(slug: str) -> Module:
    module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
    if module is None:
        abort(404)
    authors.require_change(current_user, module)
    return module


def _lesson_of(module: Module, lesson_slug: str) -> Lesson:
    lesson = db.session.scalar(
        sa.select(Lesson).where(
            Lesson.module_id == module.id, Lesson.slug == lesson_slug, Lesson.retired.is_(False)
        )
    )
    if lesson is None:
        abort(404)
    return lesson


@bp.route("/author/new", methods=["GET", "POST"])
@roles(*STAFF)
def new_module():
    """Create a module in the browser, both languages side by side; it starts as a draft."""
    form = ModuleForm()
    if form.validate_on_submit():
        try:
            module = authoring.create_module(form.slug.data or "", form.values(), current_user)
        except (authoring.SlugTaken, authoring.BadSlug) as error:
            form.slug.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("The module was created as a draft. Now add its lessons."), "success")
            return redirect(url_for(".edit_module", slug=module.slug))
    return render_template("learning/module_form.html", form=form, module=None), form_status(form)


@bp.route("/modules/<slug>/edit", methods=["GET", "POST"])
@roles(*STAFF)
def edit_module(slug: str):
    """Edit a module's facts, order its lessons, publish it, and restore earlier versions."""
    module = _module_or_404(slug)
    form = ModuleForm()
    if request.method == "GET" and not form.is_submitted():
        form.fill_from(module)
    if form.validate_on_submit():
        authoring.update_module(module, form.values(), current_user)
        db.session.commit()
        flash(_("The module was saved."), "success")
        return redirect(url_for(".edit_module", slug=slug))
    lessons = db.session.scalars(
        sa.select(Lesson)
        .where(Lesson.module_id == module.id, Lesson.retired.is_(False))
        .order_by(Lesson.position)
    ).all()
    return render_template(
        "learning/module_form.html",
        form=form,
        module=module,
        lessons=lessons,
        revisions=authoring.revisions(module),
        files_owned=module.owner == ModuleOwner.FILES,
        author_form=AuthorForm() if authors.is_editor_in_chief(current_user) else None,
    ), form_status(form)


@bp.route("/modules/<slug>/authors", methods=["POST"])
@roles(*authors.EDITORS_IN_CHIEF)
def add_author(slug: str):
    """A coordinator lets a trainer change the module."""
    module = _module_or_404(slug)
    form = AuthorForm()
    person = find_user_by_email(form.email.data or "") if form.validate_on_submit() else None
    if person is None:
        raise authors.NoSuchTrainer()
    if authors.add_author(module, person, current_user):
        db.session.commit()
        flash(
            _("%(name)s can now change this module.", name=person.name.display(current_language())),
            "success",
        )
    return redirect(url_for(".edit_module", slug=slug))


@bp.route("/modules/<slug>/status", methods=["POST"])
@roles(*STAFF)
def module_status(slug: str):
    """Publish, unpublish or archive a module."""
    module = _module_or_404(slug)
    authors.require_status_change(current_user, module)
    status = request.form.get("status", "")
    if status not in {s.value for s in ModuleStatus}:
        abort(400)
    try:
        authoring.set_status(module, status, current_user)
    except authoring.CannotPublish as error:
        flash(str(error), "error")
        return redirect(url_for(".edit_module", slug=slug))
    db.session.commit()
    flash(_("The module is now: %(status)s.", status=ModuleStatus(status).label), "success")
    return redirect(url_for(".edit_module", slug=slug))


@bp.route("/modules/<slug>/revisions/<int:number>/restore", methods=["POST"])
@roles(*STAFF)
def restore_revision(slug: str, number: int):
    """Bring back an earlier version of the module's content."""
    module = _module_or_404(slug)
    authoring.restore_revision(module, number, current_user)
    db.session.commit()
    flash(_("Version %(number)d was restored.", number=number), "success")
    return redirect(url_for(".edit_module", slug=slug))


def _lesson_page(module: Module, form: LessonForm, lesson: Lesson | None):
    """Save the lesson, or show it again with a preview or with what is wrong in its texts."""
    preview = None
    if form.validate_on_submit():
        values = form.values()
        issues = authoring.check_lesson(values["body_en"], values["body_zh"])
        for issue in issues:
            field = form.body_en if issue.language == "en" else form.body_zh
            field.errors = [*field.errors, _issue_text(issue)]
        if "preview" in request.form or issues:
            draft = Lesson(**values)
            languages = [lang for lang in ("en", "zh") if draft.has_language(lang)]
            terms = glossary_terms(lesson_term_slugs([draft]))
            preview = (languages, lesson_rows(module, draft, languages, terms))
        else:
            if lesson is None:
                lesson = authoring.add_lesson(module, values, current_user)
            else:
                authoring.update_lesson(lesson, values, current_user)
            db.session.commit()
            flash(_("The lesson was saved."), "success")
            return redirect(url_for(".edit_module", slug=module.slug))
    return render_template(
        "learning/lesson_form.html", form=form, module=module, lesson=lesson, preview=preview
    ), form_status(form)


@bp.route("/modules/<slug>/author/lessons/new", methods=["GET", "POST"])
@roles(*STAFF)
def new_lesson(slug: str):
    """Write a new lesson, both languages side by side, with a preview."""
    return _lesson_page(_module_or_404(slug), LessonForm(), None)


@bp.route("/modules/<slug>/author/lessons/<lesson_slug>", methods=["GET", "POST"])
@roles(*STAFF)
def edit_lesson(slug: str, lesson_slug: str):
    """Edit a lesson, both languages side by side, with a preview."""
    module = _module_or_404(slug)
    lesson = _lesson_of(module, lesson_slug)
    form = LessonForm(obj=lesson if request.method == "GET" else None)
    return _lesson_page(module, form, lesson)


@bp.route("/modules/<slug>/author/lessons/<lesson_slug>/move", methods=["POST"])
@roles(*STAFF)
def move_lesson(slug: str, lesson_slug: str):
    """Move a lesson up or down in the teaching order."""
    module = _module_or_404(slug)
    lesson = _lesson_of(module, lesson_slug)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    authoring.move_lesson(module, lesson, direction, current_user)
    db.session.commit()
    return redirect(url_for(".edit_module", slug=slug) + "#lessons-heading")
