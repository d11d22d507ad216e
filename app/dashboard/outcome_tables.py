"""The dashboard's tables of what people learned and thought: quiz pass rates, knowledge gain,
evaluation scores and certificates issued (indicators in app/dashboard/outcomes.py).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.certificates.eligibility import Kind as CertificateKind
from app.core.i18n import format_number, localized
from app.quizzes.models import QuizKind

from . import charts
from .report import Column, Report, Table, label_for, rounded, shorten


def quiz_pass_rates(report: Report, language: str) -> Table:
    """Results and passes per kind of quiz."""
    rows = [
        [label_for(r.kind, QuizKind), r.results, r.passed, r.percent] for r in report.pass_rates
    ]
    return Table(
        "quizzes",
        _("Quiz pass rates"),
        (
            Column(_l("Kind of quiz"), numeric=False),
            Column(_l("Results")),
            Column(_l("Passed")),
            Column(_l("Pass rate (%)")),
        ),
        rows,
        note=_(
            "Each person's result in each quiz with a pass mark, by the quiz's grading method, in "
            "the period of their last graded attempt; the place filter uses their profile."
        ),
    )


#: Gain charts show at most this many workshops (the latest).
GAIN_CHART_WORKSHOPS = 30
#: The page's gain table lists at most this many workshops (the latest); the exports list them all.
GAIN_PAGE_WORKSHOPS = 50


def knowledge_gain(report: Report, language: str) -> Table:
    """Pre/post-test gain per held workshop, with a column chart."""
    workshops = report.gain.by_workshop
    rows = [
        [
            localized(w, "title", language).text,
            w.people,
            round(w.mean_pre, 1),
            round(w.mean_post, 1),
            rounded(w.gain, 2),
        ]
        for w in workshops
    ]
    if workshops:
        rows.append(
            [
                _("All held workshops"),
                report.gain.people,
                round(report.gain.mean_pre, 1),
                round(report.gain.mean_post, 1),
                rounded(report.gain.gain, 2),
            ]
        )
    table = Table(
        "gain",
        _("Knowledge gain per workshop"),
        (
            Column(_l("Workshop"), numeric=False),
            Column(_l("People with both tests")),
            Column(_l("Mean pre-test score")),
            Column(_l("Mean post-test score")),
            Column(_l("Normalised gain")),
        ),
        rows,
        note=_(
            "Each confirmed participant's first pre-test before the workshop and first post-test "
            "after its start; gain g = (post − pre) / (100 − pre) from the means."
        ),
    )
    if len(workshops) > GAIN_PAGE_WORKSHOPS:
        table.page_rows = rows[-(GAIN_PAGE_WORKSHOPS + 1) :]  # the latest, and the total
        table.page_note = _(
            "The page lists the latest %(shown)d of %(count)s workshops; the downloads list them "
            "all.",
            shown=GAIN_PAGE_WORKSHOPS,
            count=format_number(len(workshops)),
        )
    shown = [w for w in workshops if w.gain is not None][-GAIN_CHART_WORKSHOPS:]
    if shown:
        table.charts.append(
            (
                _("Normalised gain per workshop"),
                charts.column_bars(
                    "chart-gain",
                    _("Normalised gain per workshop"),
                    _(
                        "Column chart: the knowledge gain of each of the latest %(count)d "
                        "workshops; the table beside it gives their figures.",
                        count=len(shown),
                    ),
                    [
                        charts.Point(
                            shorten(localized(w, "title", language).text),
                            w.gain,
                            format_number(round(w.gain, 2)),
                        )
                        for w in shown
                    ],
                ),
            )
        )
    return table


def evaluation_scores(report: Report, language: str) -> Table:
    """Mean rating per evaluation question."""
    scores = report.evaluations
    rows = [
        [localized(q, "text", language).text, q.answers, round(q.mean, 2)]
        for q in scores.by_question
    ]
    if rows:
        rows.append([_("All rating questions"), scores.answers, rounded(scores.mean, 2)])
    return Table(
        "evaluations",
        _("Evaluation scores"),
        (
            Column(_l("Evaluation question"), numeric=False),
            Column(_l("Ratings")),
            Column(_l("Mean (1 to 5)")),
        ),
        rows,
        note=_(
            "Ratings from 1 (strongly disagree) to 5 (strongly agree) in the evaluation surveys "
            "of the workshops held (%(count)d surveys answered).",
            count=scores.surveys,
        ),
    )


def certificates_issued(report: Report, language: str) -> Table:
    """Certificates issued by kind."""
    rows = [[label_for(r.key, CertificateKind), r.count] for r in report.certificates]
    return Table(
        "certificates",
        _("Certificates issued"),
        (Column(_l("Kind of certificate"), numeric=False), Column(_l("Certificates"))),
        rows,
        note=_(
            "First issues in the period (a reissued certificate is not counted again); the place "
            "filter uses the holder's profile."
        ),
    )
