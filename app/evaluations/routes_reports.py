"""Report pages for trainers and coordinators: knowledge gain, item analysis, gradebooks."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user

from app.core.access import Role, roles
from app.core.i18n import current_language, localized
from app.core.spreadsheets import csv_response
from app.extensions import db
from app.learning.models import Module
from app.quizzes.analysis import SMALL_SAMPLE, TOO_EASY, TOO_HARD
from app.quizzes.models import Quiz
from app.workshops.models import Workshop

from . import bp, gradebook, reports
from .charts import bar_chart
from .gain import GAIN_BAND_LABELS

READERS = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


def _workshop(workshop_id: int) -> Workshop:
    workshop = db.get_or_404(Workshop, workshop_id)
    if not reports.can_read_workshop(current_user, workshop):
        abort(404)
    return workshop


def _module(slug: str) -> Module:
    module = db.session.scalar(db.select(Module).where(Module.slug == slug))
    if module is None or not reports.can_read_module(current_user, module):
        abort(404)
    return module


def _number(value) -> str:
    """A figure for a CSV cell: two decimals, or empty."""
    return "" if value is None else f"{float(value):.2f}"


# --- Knowledge gain -------------------------------------------------------------------------------


@bp.route("/workshops/<int:workshop_id>/knowledge-gain")
@roles(*READERS)
def knowledge_gain(workshop_id: int):
    """Pre- and post-test scores and normalised gains of the workshop's participants."""
    report = reports.knowledge_gain(_workshop(workshop_id))
    chart = bar_chart(
        GAIN_BAND_LABELS, report.histogram, _("Participants in each band of normalised gain")
    )
    return render_template(
        "evaluations/knowledge_gain.html",
        workshop=report.workshop,
        report=report,
        chart=chart,
        bands=list(zip(GAIN_BAND_LABELS, report.histogram, strict=True)),
    )


@bp.route("/workshops/<int:workshop_id>/knowledge-gain.csv")
@roles(*READERS)
def knowledge_gain_csv(workshop_id: int):
    """Each participant with both tests: pre, post and gain; then the cohort and objectives."""
    report = reports.knowledge_gain(_workshop(workshop_id))
    language = current_language()
    header = [_("Participant"), _("Pre-test score"), _("Post-test score"), _("Normalised gain")]
    rows = [
        [
            user.name.display(language),
            _number(pre),
            _number(post),
            _number(gain) if gain is not None else _("undefined (pre-test 100)"),
        ]
        for user, pre, post, gain in report.people
    ]
    cohort = report.cohort
    rows.append([])
    rows.append(
        [
            _("Cohort (%(num)d people)", num=len(cohort.people)),
            _number(cohort.mean_pre),
            _number(cohort.mean_post),
            _number(cohort.cohort_gain),
        ]
    )
    for objective in report.objectives:
        text = report.objective_texts.get(objective.objective)
        label = (text.get(language) or text.get("en")) if text else objective.objective
        rows.append(
            [
                _(
                    "Objective: %(objective)s (%(num)d people)",
                    objective=label,
                    num=objective.people,
                ),
                _number(objective.mean_pre),
                _number(objective.mean_post),
                _number(objective.gain),
            ]
        )
    return csv_response(f"knowledge-gain-{report.workshop.id}.csv", header, rows)


# --- Item analysis --------------------------------------------------------------------------------


@bp.route("/quizzes/<int:quiz_id>/item-analysis")
@roles(*READERS)
def item_analysis(quiz_id: int):
    """Facility and discrimination per question of a quiz, with flags and a small-sample caution.
    Aggregate figures about questions, so every trainer may read them."""
    quiz = db.get_or_404(Quiz, quiz_id)
    report = reports.quiz_item_analysis(quiz)
    return render_template(
        "evaluations/item_analysis.html",
        quiz=quiz,
        report=report,
        small_sample=SMALL_SAMPLE,
        too_easy=TOO_EASY,
        too_hard=TOO_HARD,
    )


# --- Gradebooks -------------------------------------------------------------------------------------


@bp.route("/workshops/<int:workshop_id>/gradebook")
@roles(*READERS)
def workshop_gradebook(workshop_id: int):
    """The workshop's participants and their results on its quizzes."""
    workshop = _workshop(workshop_id)
    book = gradebook.gradebook(reports.workshop_quizzes(workshop), reports.participants(workshop))
    return render_template(
        "evaluations/gradebook.html",
        workshop=workshop,
        module=None,
        book=book,
        csv_url_args={"endpoint": "evaluations.workshop_gradebook_csv", "workshop_id": workshop.id},
    )


@bp.route("/workshops/<int:workshop_id>/gradebook.csv")
@roles(*READERS)
def workshop_gradebook_csv(workshop_id: int):
    """The workshop gradebook as CSV."""
    workshop = _workshop(workshop_id)
    book = gradebook.gradebook(reports.workshop_quizzes(workshop), reports.participants(workshop))
    return _gradebook_csv(book, f"gradebook-workshop-{workshop.id}.csv")


@bp.route("/modules/<slug>/gradebook")
@roles(*READERS)
def module_gradebook(slug: str):
    """Everyone who took a quiz of the module, and their results."""
    module = _module(slug)
    book = gradebook.gradebook(reports.module_quizzes(module), None)
    return render_template(
        "evaluations/gradebook.html",
        workshop=None,
        module=module,
        book=book,
        csv_url_args={"endpoint": "evaluations.module_gradebook_csv", "slug": module.slug},
    )


@bp.route("/modules/<slug>/gradebook.csv")
@roles(*READERS)
def module_gradebook_csv(slug: str):
    """The module gradebook as CSV."""
    module = _module(slug)
    book = gradebook.gradebook(reports.module_quizzes(module), None)
    return _gradebook_csv(book, f"gradebook-{module.slug}.csv")


def _gradebook_csv(book: gradebook.Gradebook, filename: str):
    language = current_language()
    header = [_("Participant"), _("E-mail address")]
    for quiz in book.quizzes:
        title = localized(quiz, "title", language).text
        header += [
            _("%(quiz)s: attempts", quiz=title),
            _("%(quiz)s: best score", quiz=title),
            _("%(quiz)s: last score", quiz=title),
            _("%(quiz)s: result", quiz=title),
        ]
    rows = []
    for user, cells in book.rows:
        row = [user.name.display(language), user.email]
        for cell in cells:
            result = ""
            if cell.passed is True:
                result = _("Passed")
            elif cell.passed is False:
                result = _("Not passed")
            row += [cell.attempts, _number(cell.best), _number(cell.last), result]
        rows.append(row)
    return csv_response(filename, header, rows)
