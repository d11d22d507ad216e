"""Report exports that grow with the number of people, as background jobs once they pass
EXPORT_JOB_ROWS rows (app/core/exports.py): the knowledge-gain and gradebook CSVs of a workshop
(up to its seats) and the gradebook CSV of a module (everyone who ever took one of its quizzes).

Each table is built from ids alone, in the request for a small export and in the worker for a
large one, so both give the same file. The route has checked that the asker may read the report.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.exports import Export, Table, register_export
from app.core.i18n import current_language, localized
from app.extensions import db
from app.learning.models import Module
from app.quizzes.models import FINISHED_STATES, Attempt, Quiz
from app.workshops.models import Workshop

from . import gradebook, reports

KNOWLEDGE_GAIN_CSV = "evaluations.knowledge_gain_csv"
WORKSHOP_GRADEBOOK_CSV = "evaluations.workshop_gradebook_csv"
MODULE_GRADEBOOK_CSV = "evaluations.module_gradebook_csv"


def number(value) -> str:
    """A figure for a CSV cell: two decimals, or empty."""
    return "" if value is None else f"{float(value):.2f}"


def knowledge_gain_table(params: dict) -> Table:
    """Each participant with both tests: pre, post and gain; then the cohort and objectives."""
    report = reports.knowledge_gain(db.session.get(Workshop, params["workshop_id"]))
    language = current_language()
    header = [_("Participant"), _("Pre-test score"), _("Post-test score"), _("Normalised gain")]
    rows: list[list] = [
        [
            user.name.display(language),
            number(pre),
            number(post),
            number(gain) if gain is not None else _("undefined (pre-test 100)"),
        ]
        for user, pre, post, gain in report.people
    ]
    cohort = report.cohort
    rows.append([])
    rows.append(
        [
            _("Cohort (%(num)d people)", num=len(cohort.people)),
            number(cohort.mean_pre),
            number(cohort.mean_post),
            number(cohort.cohort_gain),
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
                number(objective.mean_pre),
                number(objective.mean_post),
                number(objective.gain),
            ]
        )
    return Table(f"knowledge-gain-{report.workshop.id}.csv", header, rows)


def gradebook_table(book: gradebook.Gradebook, filename: str) -> Table:
    """A gradebook as CSV rows: per quiz, attempts, best and last score, and the result."""
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
            row += [cell.attempts, number(cell.best), number(cell.last), result]
        rows.append(row)
    return Table(filename, header, rows)


def workshop_gradebook_table(params: dict) -> Table:
    """The workshop's participants and their results on its quizzes."""
    workshop = db.session.get(Workshop, params["workshop_id"])
    book = gradebook.gradebook(reports.workshop_quizzes(workshop), reports.participants(workshop))
    return gradebook_table(book, f"gradebook-workshop-{workshop.id}.csv")


def module_gradebook_table(params: dict) -> Table:
    """Everyone who took a quiz of the module, and their results."""
    module = db.session.get(Module, params["module_id"])
    book = gradebook.gradebook(reports.module_quizzes(module), None)
    return gradebook_table(book, f"gradebook-{module.slug}.csv")


def module_gradebook_rows(module: Module) -> int:
    """How many people the module's gradebook lists (one count query)."""
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Attempt.user_id)))
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Quiz.module_id == module.id, Attempt.state.in_(FINISHED_STATES))
    )


def _module_back(params: dict) -> str | None:
    module = db.session.get(Module, params["module_id"])
    return url_for("evaluations.module_gradebook", slug=module.slug) if module else None


def init_app() -> None:
    """Register the report exports that may run as jobs."""
    register_export(
        Export(
            KNOWLEDGE_GAIN_CSV,
            _l("Knowledge gain (CSV)"),
            knowledge_gain_table,
            lambda params: url_for("evaluations.knowledge_gain", workshop_id=params["workshop_id"]),
        )
    )
    register_export(
        Export(
            WORKSHOP_GRADEBOOK_CSV,
            _l("Gradebook (CSV)"),
            workshop_gradebook_table,
            lambda params: url_for(
                "evaluations.workshop_gradebook", workshop_id=params["workshop_id"]
            ),
        )
    )
    register_export(
        Export(MODULE_GRADEBOOK_CSV, _l("Gradebook (CSV)"), module_gradebook_table, _module_back)
    )
