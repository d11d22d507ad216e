"""Report pages for trainers and coordinators: knowledge gain, item analysis, gradebooks."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user

from app.core import exports
from app.core.access import Role, roles
from app.extensions import db
from app.learning.models import Module
from app.quizzes.analysis import SMALL_SAMPLE, TOO_EASY, TOO_HARD
from app.quizzes.models import Quiz
from app.workshops.jobs import confirmed_count
from app.workshops.models import Workshop

from . import bp, gradebook, reports
from . import jobs as report_jobs
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


@bp.route("/workshops/<int:workshop_id>/knowledge-gain.csv", methods=["GET", "POST"])
@roles(*READERS)
def knowledge_gain_csv(workshop_id: int):
    """Each participant with both tests: pre, post and gain; then the cohort and objectives (a
    large workshop's is prepared by a background job)."""
    workshop = _workshop(workshop_id)
    return exports.deliver(
        report_jobs.KNOWLEDGE_GAIN_CSV, {"workshop_id": workshop.id}, confirmed_count(workshop)
    )


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


@bp.route("/workshops/<int:workshop_id>/gradebook.csv", methods=["GET", "POST"])
@roles(*READERS)
def workshop_gradebook_csv(workshop_id: int):
    """The workshop gradebook as CSV (a large workshop's is prepared by a background job)."""
    workshop = _workshop(workshop_id)
    return exports.deliver(
        report_jobs.WORKSHOP_GRADEBOOK_CSV, {"workshop_id": workshop.id}, confirmed_count(workshop)
    )


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


@bp.route("/modules/<slug>/gradebook.csv", methods=["GET", "POST"])
@roles(*READERS)
def module_gradebook_csv(slug: str):
    """The module gradebook as CSV: everyone who ever took one of its quizzes, so a large one is
    prepared by a background job."""
    module = _module(slug)
    return exports.deliver(
        report_jobs.MODULE_GRADEBOOK_CSV,
        {"module_id": module.id},
        report_jobs.module_gradebook_rows(module),
    )
