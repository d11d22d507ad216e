"""Pages where trainers write a browser-authored module's questions and quizzes.

Thin: form -> authoring service -> commit. Served under /learn/modules/<slug>/author/, beside the
module editor, by the quizzes blueprint (which names its paths in full).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.access import Role, roles
from app.core.errors import refuse
from app.core.forms import Form, form_status
from app.core.i18n import current_language, viewer_timezone
from app.core.localtime import LocalTimeProblem, local_parts, to_utc
from app.extensions import db
from app.learning import authors
from app.learning.models import Module

from . import authoring, bp, quiz_authoring
from .forms_authoring import QuestionForm, QuizForm
from .models import Question, Quiz

AUTHORS = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


def _module(slug: str, editing: bool = True) -> Module:
    module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
    if module is None or (editing and not authoring.editable(module)):
        abort(404)
    if editing:
        authors.require_change(current_user, module)
    return module


def _question(module: Module, key: str) -> Question:
    question = db.session.scalar(
        sa.select(Question).where(Question.module_id == module.id, Question.key == key)
    )
    if question is None:
        abort(404)
    return question


def _quiz(module: Module, key: str) -> Quiz:
    quiz = db.session.scalar(sa.select(Quiz).where(Quiz.module_id == module.id, Quiz.key == key))
    if quiz is None:
        abort(404)
    return quiz


@bp.route("/learn/modules/<slug>/author/quizzes")
@roles(*AUTHORS)
def bank(slug: str):
    """The module's question bank and quizzes (read-only for modules from the files)."""
    module = _module(slug, editing=False)
    questions = db.session.scalars(
        sa.select(Question).where(Question.module_id == module.id).order_by(Question.id)
    ).all()
    quizzes = db.session.scalars(
        sa.select(Quiz).where(Quiz.module_id == module.id).order_by(Quiz.id)
    ).all()
    return render_template(
        "quizzes/authoring/bank.html",
        module=module,
        questions=questions,
        quizzes=quizzes,
        editable=authoring.editable(module),
        objectives={o.get("id"): o for o in module.objectives or []},
        delete_form=Form(),
    )


def _question_page(module: Module, question: Question | None):
    form = QuestionForm()
    form.set_choices(module.objectives or [], current_language())
    if request.method == "GET" and question is not None:
        form.fill(authoring.input_from(question))
    messages: list[str] = []
    status = 200
    if form.validate_on_submit():
        try:
            if question is None:
                authoring.create_question(module, form.typed(), current_user)
            else:
                authoring.update_question(question, form.typed(), current_user)
        except authoring.Invalid as error:
            db.session.rollback()
            messages, status = error.messages, 400
        except authoring.AuthoringError as error:
            db.session.rollback()
            messages, status = [str(error)], 409
        else:
            db.session.commit()
            flash(_("The question was saved."), "success")
            return redirect(url_for(".bank", slug=module.slug))
    elif form.is_submitted():
        status = form_status(form)
    if question is not None:
        question = _question(module, question.key)
    return render_template(
        "quizzes/authoring/question.html",
        module=module,
        question=question,
        form=form,
        messages=messages,
        answered=question is not None and authoring.has_answers(question),
    ), status


@bp.route("/learn/modules/<slug>/author/questions/new", methods=["GET", "POST"])
@roles(*AUTHORS)
def new_question(slug: str):
    """Write a new question, both languages side by side."""
    module = _module(slug)
    if not module.objectives:
        flash(
            _("Give the module its learning objectives first: every question tests one."), "error"
        )
        return redirect(url_for("learning.edit_module", slug=module.slug))
    return _question_page(module, None)


@bp.route("/learn/modules/<slug>/author/questions/<key>", methods=["GET", "POST"])
@roles(*AUTHORS)
def edit_question(slug: str, key: str):
    """Edit a question (only its wording and feedback once trainees have answered it)."""
    module = _module(slug)
    return _question_page(module, _question(module, key))


@bp.route("/learn/modules/<slug>/author/questions/<key>/delete", methods=["POST"])
@roles(*AUTHORS)
def delete_question(slug: str, key: str):
    """Delete a question nobody has answered."""
    module = _module(slug)
    question = _question(module, key)
    if not Form().validate_on_submit():
        abort(400)
    try:
        authoring.delete_question(question, current_user)
    except authoring.AuthoringError as error:
        refuse(error)
    else:
        db.session.commit()
        flash(_("The question was deleted."), "success")
    return redirect(url_for(".bank", slug=module.slug))


def _local(moment):
    if moment is None:
        return None
    return datetime.combine(*local_parts(moment, viewer_timezone()))


def _chosen_questions(questions: list[Question]) -> list[str]:
    """The ticked questions, ordered by the numbers typed beside them (then bank order)."""
    chosen = []
    for index, question in enumerate(questions):
        if request.form.get(f"include-{question.key}"):
            raw = (request.form.get(f"order-{question.key}") or "").strip()
            order = int(raw) if raw.isdigit() else 10_000 + index
            chosen.append((order, index, question.key))
    return [key for _order, _index, key in sorted(chosen)]


def _quiz_page(module: Module, quiz: Quiz | None):
    form = QuizForm()
    questions = list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.module_id == module.id, Question.retired.is_(False))
            .order_by(Question.id)
        )
    )
    positions = {q.key: n for n, q in enumerate(quiz.questions, start=1)} if quiz else {}
    if request.method == "GET" and quiz is not None:
        for name in ("kind", "title_en", "title_zh", "pass_mark", "attempts_allowed", "grading",
                     "time_limit_minutes", "shuffle_questions", "shuffle_choices",
                     "review_when"):  # fmt: skip
            getattr(form, name).data = getattr(quiz, name)
        form.review_shows.data = list(quiz.review_shows or [])
        form.opens_at.data, form.closes_at.data = _local(quiz.opens_at), _local(quiz.closes_at)
    messages: list[str] = []
    status = 200
    if request.method == "POST":
        positions = {key: n for n, key in enumerate(_chosen_questions(questions), start=1)}
    if form.validate_on_submit():
        zone = viewer_timezone()
        try:
            opens = (
                to_utc(form.opens_at.data.date(), form.opens_at.data.time(), zone)
                if form.opens_at.data
                else None
            )
            closes = (
                to_utc(form.closes_at.data.date(), form.closes_at.data.time(), zone)
                if form.closes_at.data
                else None
            )
            typed = form.typed(list(positions), opens, closes)
            quiz_authoring.save_quiz(module, quiz, typed, current_user)
        except LocalTimeProblem:
            db.session.rollback()
            messages, status = (
                [_("This local time does not exist or happens twice in %(zone)s.", zone=zone)],
                400,
            )
        except authoring.Invalid as error:
            db.session.rollback()
            messages, status = error.messages, 400
        else:
            db.session.commit()
            flash(_("The quiz was saved."), "success")
            return redirect(url_for(".bank", slug=module.slug))
    elif form.is_submitted():
        status = form_status(form)
    return render_template(
        "quizzes/authoring/quiz.html",
        module=module,
        quiz=quiz,
        form=form,
        questions=questions,
        positions=positions,
        messages=messages,
        zone=viewer_timezone(),
        has_attempts=quiz is not None and authoring.has_attempts(quiz),
    ), status  # fmt: skip


@bp.route("/learn/modules/<slug>/author/quizzes/new", methods=["GET", "POST"])
@roles(*AUTHORS)
def new_quiz(slug: str):
    """Set up a new quiz of the module: settings and ordered questions."""
    return _quiz_page(_module(slug), None)


@bp.route("/learn/modules/<slug>/author/quizzes/<key>", methods=["GET", "POST"])
@roles(*AUTHORS)
def edit_quiz(slug: str, key: str):
    """Change a quiz's settings and questions."""
    module = _module(slug)
    return _quiz_page(module, _quiz(module, key))
