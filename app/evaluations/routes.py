"""Evaluation pages: coordinators set up a workshop's survey, participants answer it, and the
workshop's staff read the anonymous results."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.access import Role, owner, roles
from app.core.carry import carried_formdata, declare_form_fields
from app.core.db import utcnow
from app.core.errors import refuse
from app.core.forms import form_status
from app.core.localtime import local_parts
from app.core.spreadsheets import csv_response
from app.extensions import db
from app.workshops.models import VISIBLE_STATUSES, Workshop
from app.workshops.services import local_to_utc

from . import bp, services, survey_results
from .charts import bar_chart
from .forms import ConfirmForm, QuestionForm, SurveyDatesForm
from .models import RATINGS, QuestionKind, Survey, SurveyQuestion
from .services import EvaluationError

EDITORS = (Role.COORDINATOR, Role.ADMIN)
READERS = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


def _workshop(workshop_id: int) -> Workshop:
    return db.get_or_404(Workshop, workshop_id)


def _survey(workshop: Workshop) -> Survey:
    survey = services.survey_of(workshop)
    if survey is None:
        abort(404)
    return survey


def _question(survey: Survey, question_id: int) -> SurveyQuestion:
    for question in survey.questions:
        if question.id == question_id:
            return question
    abort(404)


def _back(workshop: Workshop):
    return redirect(url_for("evaluations.survey", workshop_id=workshop.id))


# --- Coordinators: set up and edit ---------------------------------------------------------------


@bp.route("/workshops/<int:workshop_id>/survey", methods=["GET", "POST"])
@roles(*EDITORS)
def survey(workshop_id: int):
    """The workshop's survey: its dates and questions (or a button to set it up)."""
    workshop = _workshop(workshop_id)
    survey = services.survey_of(workshop)
    form = SurveyDatesForm()
    if survey is not None and request.method == "GET" and not form.closes_at.data:
        if survey.opens_at:
            form.opens_at.data = _local(survey.opens_at, workshop)
        form.closes_at.data = _local(survey.closes_at, workshop)
    if survey is not None and form.validate_on_submit():
        try:
            services.set_dates(
                current_user,
                survey,
                local_to_utc(form.opens_at.data, workshop.timezone) if form.opens_at.data else None,
                local_to_utc(form.closes_at.data, workshop.timezone),
            )
        except EvaluationError as error:
            refuse(error)
            return _render_survey(workshop, services.survey_of(workshop), form, 400)
        db.session.commit()
        flash(_("The survey dates have been saved."), "success")
        return _back(workshop)
    if request.method == "POST" and survey is None:
        abort(404)
    return _render_survey(workshop, survey, form, form_status(form))


def _local(moment: datetime, workshop: Workshop) -> datetime:
    """An instant as the naive wall-clock time the form shows, in the workshop's zone."""
    return datetime.combine(*local_parts(moment, workshop.timezone))


def _render_survey(workshop, survey, dates_form, status=200, question_form=None):
    return render_template(
        "evaluations/survey.html",
        workshop=workshop,
        survey=survey,
        dates_form=dates_form,
        question_form=question_form or QuestionForm(formdata=None),
        confirm_form=ConfirmForm(),
        responses=services.response_count(survey) if survey else 0,
        now=utcnow(),
    ), status


@bp.route("/workshops/<int:workshop_id>/survey/create", methods=["POST"])
@roles(*EDITORS)
def create_survey(workshop_id: int):
    """Set up the survey with the standard questions."""
    workshop = _workshop(workshop_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.create_survey(current_user, workshop)
    except EvaluationError as error:
        refuse(error)
        return _back(workshop)
    db.session.commit()
    flash(_("The evaluation survey has been set up with the standard questions."), "success")
    return _back(workshop)


@bp.route("/workshops/<int:workshop_id>/survey/open", methods=["POST"])
@roles(*EDITORS)
def open_survey(workshop_id: int):
    """Open the survey now."""
    return _date_action(workshop_id, services.open_now, _("The survey is open."))


@bp.route("/workshops/<int:workshop_id>/survey/close", methods=["POST"])
@roles(*EDITORS)
def close_survey(workshop_id: int):
    """Close the survey now."""
    return _date_action(workshop_id, services.close_now, _("The survey is closed."))


def _date_action(workshop_id: int, action, message: str):
    workshop = _workshop(workshop_id)
    survey = _survey(workshop)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        action(current_user, survey)
    except EvaluationError as error:
        refuse(error)
        return _back(workshop)
    db.session.commit()
    flash(message, "success")
    return _back(workshop)


@bp.route("/workshops/<int:workshop_id>/survey/questions", methods=["POST"])
@roles(*EDITORS)
def add_question(workshop_id: int):
    """Add a question at the end of the survey."""
    workshop = _workshop(workshop_id)
    survey = _survey(workshop)
    form = QuestionForm()
    if not form.validate_on_submit():
        return _render_survey(workshop, survey, SurveyDatesForm(formdata=None), 400, form)
    try:
        services.add_question(
            survey, form.kind.data, form.text_en.data, form.text_zh.data, form.required.data
        )
    except EvaluationError as error:
        refuse(error)
        survey = services.survey_of(workshop)
        return _render_survey(workshop, survey, SurveyDatesForm(formdata=None), error.status, form)
    db.session.commit()
    flash(_("The question has been added."), "success")
    return _back(workshop)


@bp.route(
    "/workshops/<int:workshop_id>/survey/questions/<int:question_id>/edit",
    methods=["GET", "POST"],
)
@roles(*EDITORS)
def edit_question(workshop_id: int, question_id: int):
    """Correct a question's wording (and its kind, until anyone has answered)."""
    workshop = _workshop(workshop_id)
    survey = _survey(workshop)
    question = _question(survey, question_id)
    form = QuestionForm(obj=question)
    status = form_status(form)
    if form.validate_on_submit():
        try:
            services.update_question(
                question, form.kind.data, form.text_en.data, form.text_zh.data, form.required.data
            )
        except EvaluationError as error:
            refuse(error)
            survey = _survey(workshop)
            question = _question(survey, question_id)
            status = error.status
        else:
            db.session.commit()
            flash(_("The question has been saved."), "success")
            return _back(workshop)
    return render_template(
        "evaluations/question.html", workshop=workshop, question=question, form=form
    ), status


@bp.route(
    "/workshops/<int:workshop_id>/survey/questions/<int:question_id>/delete", methods=["POST"]
)
@roles(*EDITORS)
def delete_question(workshop_id: int, question_id: int):
    """Remove a question (only before anyone has answered)."""
    workshop = _workshop(workshop_id)
    question = _question(_survey(workshop), question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.delete_question(question)
    except EvaluationError as error:
        refuse(error)
        return _back(workshop)
    db.session.commit()
    flash(_("The question has been removed."), "success")
    return _back(workshop)


@bp.route("/workshops/<int:workshop_id>/survey/questions/<int:question_id>/move", methods=["POST"])
@roles(*EDITORS)
def move_question(workshop_id: int, question_id: int):
    """Move a question up or down."""
    workshop = _workshop(workshop_id)
    question = _question(_survey(workshop), question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.move_question(question, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return _back(workshop)


# --- Participants: answer ------------------------------------------------------------------------


@bp.route("/workshops/<int:workshop_id>/evaluate", methods=["GET", "POST"])
@owner
def evaluate(workshop_id: int):
    """The evaluation form, for participants who attended (404 for anyone else)."""
    workshop = _workshop(workshop_id)
    if workshop.status not in VISIBLE_STATUSES:
        abort(404)
    survey = services.survey_of(workshop)
    if survey is None or not services.attended_workshop(current_user, workshop):
        abort(404)
    response = services.response_of(survey, current_user)
    now = utcnow()
    status = 200
    if request.method == "POST":
        posted = {q.id: request.form.get(f"question-{q.id}", "") for q in survey.questions}
        if not ConfirmForm().validate_on_submit():
            abort(400)
        try:
            services.submit_answers(current_user, survey, posted, now)
        except EvaluationError as error:
            refuse(error)
            survey = services.survey_of(workshop)
            return _render_evaluate(workshop, survey, response is not None, posted, now, 400)
        db.session.commit()
        flash(_("Thank you: your evaluation has been saved."), "success")
        return redirect(url_for("evaluations.evaluate", workshop_id=workshop.id))
    values = {}
    if response is not None:
        values = {
            a.question_id: str(a.rating) if a.rating is not None else a.text
            for a in response.answers
        }
    carried = carried_formdata(request.path)  # answers typed before a language switch
    if carried is not None:
        values = {q.id: carried.get(f"question-{q.id}", "") for q in survey.questions}
    return _render_evaluate(workshop, survey, response is not None, values, now, status)


def _render_evaluate(workshop, survey, answered, values, now, status):
    declare_form_fields([f"question-{question.id}" for question in survey.questions])
    return render_template(
        "evaluations/evaluate.html",
        workshop=workshop,
        survey=survey,
        answered=answered,
        values=values,
        is_open=survey.is_open(now),
        not_yet=now < survey.effective_opens_at(),
        form=ConfirmForm(),
        ratings=RATINGS,
    ), status


# --- Staff: anonymous results ---------------------------------------------------------------------


def _readable_survey(workshop_id: int) -> tuple[Workshop, Survey]:
    workshop = _workshop(workshop_id)
    if not services.can_see_results(current_user, workshop):
        abort(404)
    return workshop, _survey(workshop)


@bp.route("/workshops/<int:workshop_id>/survey/results")
@roles(*READERS)
def results(workshop_id: int):
    """Per question: count, mean and spread of ratings, and the free-text answers; no names."""
    workshop, survey = _readable_survey(workshop_id)
    question_results = survey_results.results(survey)
    charts = {
        r.question.id: bar_chart(
            [str(rating) for rating in RATINGS],
            list(r.ratings.distribution),
            _("How many gave each rating from 1 to 5"),
        )
        for r in question_results
        if r.ratings is not None
    }
    return render_template(
        "evaluations/results.html",
        workshop=workshop,
        survey=survey,
        results=question_results,
        charts=charts,
        responses=services.response_count(survey),
        ratings=RATINGS,
        can_edit=services.can_edit(current_user),
    )


@bp.route("/workshops/<int:workshop_id>/survey/results.csv")
@roles(*READERS)
def results_csv(workshop_id: int):
    """The results as CSV: one row per rating question, one row per free-text answer."""
    workshop, survey = _readable_survey(workshop_id)
    header = [
        _("No."),
        _("Question (English)"),
        _("Question (Chinese)"),
        _("Kind of question"),
        _("Answers"),
        _("Mean"),
        *[_("Rated %(rating)d", rating=rating) for rating in RATINGS],
        _("Written answer"),
    ]
    rows = []
    for number, result in enumerate(survey_results.results(survey), start=1):
        question = result.question
        first = [number, question.text_en, question.text_zh, QuestionKind.label_of(question.kind)]
        if result.ratings is not None:
            mean = "" if result.ratings.mean is None else f"{result.ratings.mean:.2f}"
            rows.append([*first, result.ratings.count, mean, *result.ratings.distribution, ""])
        else:
            rows.append([*first, len(result.texts), "", *[""] * len(RATINGS), ""])
            rows.extend([[*first, "", "", *[""] * len(RATINGS), text] for text in result.texts])
    return csv_response(f"evaluation-{workshop.id}.csv", header, rows)
