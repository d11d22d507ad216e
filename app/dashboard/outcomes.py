"""Indicators of what people learned and thought: quiz pass rates, knowledge gain, evaluation
scores and certificates issued. The same pattern as app/dashboard/indicators.py: one function per
indicator taking a `Period`, aggregated in SQL, returning frozen dataclasses.

What the figures mean:

- Quiz pass rates: each person's result in each quiz that has a pass mark (pre- and post-tests
  only measure), counted by the quiz's grading method (highest or last graded attempt) and placed
  in the period of their last graded attempt. Quizzes are taken online: the place filter uses the
  person's profile.
- Knowledge gain, as the evaluations reports define it: for a held workshop with a pre- and a
  post-test, each confirmed participant's first graded pre-test attempt submitted by the start and
  first graded post-test attempt submitted after it (attempts taken as another workshop's test do not
  count); over the people with both, Hake's gain g = (mean post - mean pre) / (100 - mean pre).
  The programme's gain pools everyone with both tests in the held workshops.
- Evaluation scores: the mean of the 1-5 ratings given in the surveys of held workshops, for
  each rating question (grouped by its wording) and overall.
- Certificates issued: first issues in the period by kind (a reissue replaces a certificate and is
  not counted again); the place filter uses the holder's profile.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.auth.models import User
from app.certificates.models import Certificate
from app.evaluations.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from app.extensions import db
from app.quizzes.analysis import normalised_gain
from app.quizzes.grading import GradingMethod
from app.quizzes.models import FINISHED_STATES, Attempt, Quiz
from app.workshops.models import Registration, RegistrationStatus, Workshop

from .indicators import CountRow, Period, held_workshops


def _in_place(query: sa.Select, user_id_column, period: Period) -> sa.Select:
    """Restrict to people whose profile is in the filter's place."""
    if period.province:
        return query.where(
            user_id_column.in_(sa.select(User.id).where(User.province == period.province))
        )
    if period.country:
        return query.where(
            user_id_column.in_(sa.select(User.id).where(User.country == period.country))
        )
    return query


# --- Quiz pass rates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PassRate:
    """People's results in quizzes of one kind that have a pass mark."""

    kind: str
    results: int
    passed: int

    @property
    def percent(self) -> int | None:
        """Passed as a whole percentage of results, rounded down."""
        return self.passed * 100 // self.results if self.results else None


def person_results() -> sa.Select:
    """SELECT each person's result in each quiz with a pass mark: (quiz_id, user_id, last_number,
    last_passing_number, last_at), grouped by quiz and person.

    Pure aggregates, no lookup of each person's last attempt: the last attempt passed exactly when
    the highest-numbered passing attempt is the highest-numbered attempt.
    """
    passing_number = sa.case((Attempt.passed.is_(True), Attempt.number))
    return (
        sa.select(
            Attempt.quiz_id,
            Attempt.user_id,
            sa.func.max(Attempt.number).label("last_number"),
            sa.func.max(passing_number).label("last_passing_number"),
            sa.func.max(Attempt.submitted_at).label("last_at"),
        )
        .where(
            Attempt.state.in_(FINISHED_STATES),
            Attempt.quiz_id.in_(sa.select(Quiz.id).where(Quiz.pass_mark > 0)),
        )
        .group_by(Attempt.quiz_id, Attempt.user_id)
    )


def quiz_pass_rates(period: Period) -> tuple[PassRate, ...]:
    """Results and passes per quiz kind, each person's counted attempt per quiz (one query).

    The database totals per quiz; the few quizzes are added up by kind here.
    """
    first, after = period.utc_bounds()
    last_at = sa.func.max(Attempt.submitted_at)
    per_person = person_results().having(last_at >= first, last_at < after)
    per_person = _in_place(per_person, Attempt.user_id, period).subquery()
    per_quiz = sa.select(
        per_person.c.quiz_id,
        sa.func.count().label("results"),
        sa.func.count(per_person.c.last_passing_number).label("passed_any"),
        sa.func.sum(
            sa.case((per_person.c.last_passing_number == per_person.c.last_number, 1), else_=0)
        ).label("passed_last"),
    ).group_by(per_person.c.quiz_id)
    return pass_rates_by_kind(per_quiz.subquery())


def pass_rates_by_kind(per_quiz: sa.Subquery) -> tuple[PassRate, ...]:
    """Add up a subquery of (quiz_id, results, passed_any, passed_last) by quiz kind, each quiz's
    passes counted by its grading method (one query)."""
    totals: dict[str, list[int]] = {}
    for kind, grading, results, passed_any, passed_last in db.session.execute(
        sa.select(
            Quiz.kind,
            Quiz.grading,
            per_quiz.c.results,
            per_quiz.c.passed_any,
            per_quiz.c.passed_last,
        ).join(per_quiz, per_quiz.c.quiz_id == Quiz.id)
    ):
        passed = passed_last if grading == GradingMethod.LAST.value else passed_any
        counts = totals.setdefault(kind, [0, 0])
        counts[0] += int(results)
        counts[1] += int(passed or 0)
    return tuple(PassRate(kind, n, p) for kind, (n, p) in sorted(totals.items()))


# --- Knowledge gain ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopGain:
    """A held workshop's pre/post-test results over the people who took both."""

    workshop_id: int
    title_en: str
    title_zh: str
    people: int
    mean_pre: float
    mean_post: float

    @property
    def gain(self) -> float | None:
        """Hake's normalised gain from the means (None when the mean pre-test is 100)."""
        return normalised_gain(self.mean_pre, self.mean_post)


@dataclass(frozen=True)
class KnowledgeGain:
    """Knowledge gain in the held workshops, pooled and per workshop."""

    people: int
    mean_pre: float | None
    mean_post: float | None
    by_workshop: tuple[WorkshopGain, ...]

    @property
    def gain(self) -> float | None:
        """Hake's gain of everyone with both tests (None without anyone, or at the ceiling)."""
        if self.mean_pre is None or self.mean_post is None:
            return None
        return normalised_gain(self.mean_pre, self.mean_post)


def paired_tests(held: sa.Select):
    """(workshop_id, user_id, pre, post) of each confirmed participant of a `held` workshop who took
    both tests: their first graded attempt that counts as the pre-test (submitted by the start)
    and as the post-test (submitted after it); attempts taken as another workshop's test do not
    count.

    One pass: each attempt is labelled pre or post, ROW_NUMBER (on both databases) picks the first
    of each, and a grouping pairs them, so no plan has to join two estimated subqueries.
    """
    test = sa.case(
        (
            sa.and_(
                Attempt.quiz_id == Workshop.pre_quiz_id,
                Attempt.submitted_at <= Workshop.starts_at,
            ),
            "pre",
        ),
        (
            sa.and_(
                Attempt.quiz_id == Workshop.post_quiz_id,
                Attempt.submitted_at >= Workshop.starts_at,
            ),
            "post",
        ),
    )
    tests_of_held = sa.union(
        sa.select(Workshop.pre_quiz_id).where(Workshop.id.in_(held)),
        sa.select(Workshop.post_quiz_id).where(Workshop.id.in_(held)),
    )
    labelled = (
        sa.select(
            Registration.workshop_id,
            Registration.user_id,
            Attempt.score,
            test.label("test"),
            sa.func.row_number()
            .over(
                partition_by=(Registration.workshop_id, Registration.user_id, test),
                order_by=Attempt.number,
            )
            .label("position"),
        )
        .select_from(Registration)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .join(
            Attempt,
            sa.and_(
                Attempt.user_id == Registration.user_id,
                sa.or_(
                    Attempt.quiz_id == Workshop.pre_quiz_id,
                    Attempt.quiz_id == Workshop.post_quiz_id,
                ),
            ),
        )
        .where(
            Registration.workshop_id.in_(held),
            Registration.status == RegistrationStatus.CONFIRMED,
            Attempt.quiz_id.in_(tests_of_held),  # lets the database read only these tests
            Attempt.state.in_(FINISHED_STATES),
            Attempt.submitted_at.is_not(None),
            sa.or_(Attempt.workshop_id.is_(None), Attempt.workshop_id == Workshop.id),
            test.is_not(None),
        )
        .subquery()
    )
    pre = sa.func.max(sa.case((labelled.c.test == "pre", labelled.c.score)))
    post = sa.func.max(sa.case((labelled.c.test == "post", labelled.c.score)))
    return (
        sa.select(
            labelled.c.workshop_id,
            labelled.c.user_id,
            pre.label("pre"),
            post.label("post"),
        )
        .where(labelled.c.position == 1)
        .group_by(labelled.c.workshop_id, labelled.c.user_id)
        .having(pre.is_not(None), post.is_not(None))
        .subquery()
    )


def knowledge_gain(period: Period) -> KnowledgeGain:
    """Pre/post-test gain per held workshop and pooled (one query)."""
    pairs = paired_tests(held_workshops(period))
    query = (
        sa.select(
            Workshop.id,
            Workshop.title_en,
            Workshop.title_zh,
            sa.func.count(),
            sa.func.sum(pairs.c.pre),
            sa.func.sum(pairs.c.post),
        )
        .select_from(pairs)
        .join(Workshop, Workshop.id == pairs.c.workshop_id)
        .group_by(Workshop.id, Workshop.title_en, Workshop.title_zh, Workshop.starts_at)
        .order_by(Workshop.starts_at, Workshop.id)
    )
    return pooled_gain(db.session.execute(query))


def pooled_gain(rows) -> KnowledgeGain:
    """Knowledge gain from rows of (workshop id, English title, Chinese title, people, sum of
    pre-test scores, sum of post-test scores), one per workshop in the order shown."""
    workshops = tuple(
        WorkshopGain(wid, en, zh, int(n), float(pre_sum) / n, float(post_sum) / n)
        for wid, en, zh, n, pre_sum, post_sum in rows
    )
    people = sum(w.people for w in workshops)
    if not people:
        return KnowledgeGain(0, None, None, ())
    return KnowledgeGain(
        people,
        sum(w.mean_pre * w.people for w in workshops) / people,
        sum(w.mean_post * w.people for w in workshops) / people,
        workshops,
    )


# --- Evaluation scores ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionScore:
    """The ratings given to one rating question (the same wording across surveys)."""

    text_en: str
    text_zh: str
    answers: int
    mean: float


@dataclass(frozen=True)
class EvaluationScores:
    """Ratings (1-5) in the surveys of the held workshops."""

    surveys: int
    answers: int
    mean: float | None
    by_question: tuple[QuestionScore, ...]


def evaluation_scores(period: Period) -> EvaluationScores:
    """Mean rating per rating question and overall, in held workshops' surveys (two queries)."""
    query = (
        sa.select(
            SurveyQuestion.text_en,
            SurveyQuestion.text_zh,
            sa.func.count(SurveyAnswer.rating),
            sa.func.sum(SurveyAnswer.rating),
            sa.func.min(SurveyQuestion.position),
            sa.func.count(sa.distinct(Survey.id)),
        )
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(
            Survey.workshop_id.in_(held_workshops(period)),
            SurveyQuestion.kind == QuestionKind.RATING.value,
            SurveyAnswer.rating.is_not(None),
        )
        .group_by(SurveyQuestion.text_en, SurveyQuestion.text_zh)
    )
    rows = db.session.execute(query).all()
    questions = tuple(
        QuestionScore(en, zh, int(n), int(total) / n)
        for en, zh, n, total, _position, _surveys in sorted(rows, key=lambda r: (r[4], r[0]))
        if n
    )
    answers = sum(q.answers for q in questions)
    surveys = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(SurveyResponse.survey_id)))
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(Survey.workshop_id.in_(held_workshops(period)))
    )
    mean = sum(q.mean * q.answers for q in questions) / answers if answers else None
    return EvaluationScores(int(surveys or 0), answers, mean, questions)


# --- Certificates --------------------------------------------------------------------------------


def certificates_issued(period: Period) -> tuple[CountRow, ...]:
    """First issues of certificates in the period, by kind (one query)."""
    first, after = period.utc_bounds()
    query = (
        sa.select(Certificate.kind, sa.func.count())
        .where(
            Certificate.supersedes_id.is_(None),
            Certificate.issued_at >= first,
            Certificate.issued_at < after,
        )
        .group_by(Certificate.kind)
    )
    query = _in_place(query, Certificate.holder_id, period)
    rows = (CountRow(kind, int(n)) for kind, n in db.session.execute(query))
    return tuple(sorted(rows, key=lambda r: (-r.count, r.key)))
