"""Question banks, quizzes drawn from them, trainees' attempts and their answers."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, utcnow
from app.extensions import db
from app.learning.models import Module

from .grading import GradingMethod, Key, QuestionType

if TYPE_CHECKING:
    from app.workshops.models import Workshop


class QuizKind(StrEnum):
    """What a quiz is for."""

    PRE = "pre"
    POST = "post"
    FINAL = "final"
    PRACTICE = "practice"


KIND_LABELS = {
    QuizKind.PRE: _l("Pre-test"),
    QuizKind.POST: _l("Post-test"),
    QuizKind.FINAL: _l("Final quiz"),
    QuizKind.PRACTICE: _l("Practice quiz"),
}

TYPE_LABELS = {
    QuestionType.SINGLE: _l("Single choice"),
    QuestionType.MULTIPLE: _l("Multiple response"),
    QuestionType.TRUE_FALSE: _l("True or false"),
    QuestionType.NUMERIC: _l("Numeric answer"),
}


class ReviewWhen(StrEnum):
    """When a trainee may review a submitted attempt."""

    IMMEDIATELY = "immediately"
    AFTER_CLOSE = "after_close"
    NEVER = "never"


class ReviewShows(StrEnum):
    """What a review shows."""

    ANSWERS = "answers"
    CORRECTNESS = "correctness"
    CORRECT_ANSWERS = "correct_answers"
    FEEDBACK = "feedback"


class AttemptState(StrEnum):
    """Where an attempt is: being answered, submitted by the trainee, or closed by its deadline."""

    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    #: Closed by the server at its deadline and graded with what was saved.
    EXPIRED = "expired"


#: States of an attempt that has been graded.
FINISHED_STATES = (AttemptState.SUBMITTED.value, AttemptState.EXPIRED.value)
_IN_PROGRESS_SQL = "state = 'in_progress'"


class Question(db.Model):
    """One question of a module's bank, in both languages, with what it accepts."""

    __tablename__ = "questions"
    __table_args__ = (sa.UniqueConstraint("module_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The module whose bank holds it.
    module_id: Mapped[int] = mapped_column(
        sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True
    )
    #: The question's id within the module (questions.toml `id`); the import updates by it.
    key: Mapped[str] = mapped_column(sa.String(120))
    #: QuestionType: single, multiple, truefalse or numeric.
    type: Mapped[str] = mapped_column(sa.String(12))
    #: The learning objective it tests (an id in Module.objectives).
    objective: Mapped[str] = mapped_column(sa.String(120), default="")
    #: What the answer rests on, e.g. "ILO C181, Art. 7(1)".
    source: Mapped[str] = mapped_column(sa.String(500), default="")
    #: Question text in English.
    stem_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: Question text in Chinese.
    stem_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: General feedback in English: why the right answer is right.
    feedback_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: General feedback in Chinese.
    feedback_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: truefalse: the right answer.
    answer_truth: Mapped[bool | None] = mapped_column()
    #: numeric: the right number.
    answer_number: Mapped[Decimal | None] = mapped_column(sa.Numeric(20, 6))
    #: numeric: how far an answer may be from the number and still count (inclusive).
    tolerance: Mapped[Decimal | None] = mapped_column(sa.Numeric(20, 6))
    #: numeric: the unit shown after the field, in English ('' for none).
    unit_en: Mapped[str] = mapped_column(sa.String(60), default="")
    #: numeric: the unit in Chinese.
    unit_zh: Mapped[str] = mapped_column(sa.String(60), default="")
    #: Whether it puts a situation to the learner (apply, plan, handle), not a fact to recall.
    scenario: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: True when it left the module's files; kept because attempts refer to it.
    retired: Mapped[bool] = mapped_column(default=False)

    module: Mapped[Module] = relationship()
    choices: Mapped[list[Choice]] = relationship(
        back_populates="question",
        order_by="Choice.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    def grading_key(self) -> Key:
        """What the pure grader needs to score an answer to this question."""
        question_type = QuestionType(self.type)
        return Key(
            type=question_type,
            correct=frozenset(c.key for c in self.choices if c.correct),
            choices=frozenset(c.key for c in self.choices),
            truth=self.answer_truth,
            number=self.answer_number,
            tolerance=self.tolerance or Decimal(0),
        )


class Choice(db.Model):
    """One option of a single-choice or multiple-response question."""

    __tablename__ = "question_choices"
    __table_args__ = (sa.UniqueConstraint("question_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The question.
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    #: The choice's id within its question ("a", "b" ...); answers store it.
    key: Mapped[str] = mapped_column(sa.String(40))
    #: Its text in English.
    text_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: Its text in Chinese.
    text_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: Whether ticking it is right.
    correct: Mapped[bool] = mapped_column(default=False)
    #: Feedback for this choice in English ('' for none).
    feedback_en: Mapped[str] = mapped_column(sa.Text, default="")
    #: Feedback for this choice in Chinese.
    feedback_zh: Mapped[str] = mapped_column(sa.Text, default="")
    #: Place in the question's own order, from 1.
    position: Mapped[int] = mapped_column(default=0)

    question: Mapped[Question] = relationship(back_populates="choices")


class Quiz(db.Model):
    """A quiz of a module: an ordered set of bank questions and the rules for taking it."""

    __tablename__ = "quizzes"
    __table_args__ = (
        sa.UniqueConstraint("module_id", "key"),
        sa.CheckConstraint("pass_mark >= 0 AND pass_mark <= 100", name="pass_mark_percent"),
        sa.CheckConstraint("attempts_allowed >= 0", name="attempts_not_negative"),
        sa.CheckConstraint("time_limit_minutes >= 0", name="time_limit_not_negative"),
        sa.CheckConstraint("draw_per_objective >= 0", name="draw_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The module it belongs to.
    module_id: Mapped[int] = mapped_column(
        sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True
    )
    #: The quiz's id within the module (quizzes.toml `id`, e.g. "pre"); the import updates by it.
    key: Mapped[str] = mapped_column(sa.String(60))
    #: QuizKind: pre, post, final or practice.
    kind: Mapped[str] = mapped_column(sa.String(10))
    #: Title in English.
    title_en: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Title in Chinese.
    title_zh: Mapped[str] = mapped_column(sa.String(300), default="")
    #: Score (percent) needed to pass; 0 for tests that only measure.
    pass_mark: Mapped[int] = mapped_column(default=0)
    #: Attempts a trainee may make; 0 means unlimited.
    attempts_allowed: Mapped[int] = mapped_column(default=1)
    #: GradingMethod: which attempt counts (highest or last).
    grading: Mapped[str] = mapped_column(sa.String(10), default=GradingMethod.HIGHEST.value)
    #: Minutes allowed per attempt; 0 means no limit.
    time_limit_minutes: Mapped[int] = mapped_column(default=0)
    #: Attempts may start from this time (None: at once).
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Attempts end at this time at the latest (None: never closes).
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Whether each attempt gets its own question order.
    shuffle_questions: Mapped[bool] = mapped_column(default=False)
    #: Whether each attempt gets its own choice order.
    shuffle_choices: Mapped[bool] = mapped_column(default=False)
    #: ReviewWhen: when a trainee may review a submitted attempt.
    review_when: Mapped[str] = mapped_column(sa.String(12), default=ReviewWhen.IMMEDIATELY.value)
    #: What the review shows: a list of ReviewShows values.
    review_shows: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: 0: every attempt asks the quiz's questions; N: each attempt draws N of them per objective
    #: at random (the quiz's questions are then its pool).
    draw_per_objective: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Whether the correct answers and feedback wait until no attempt is left or the quiz closed.
    answers_after_last_attempt: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false()
    )
    #: True when it left the module's files; kept (hidden) because attempts refer to it.
    retired: Mapped[bool] = mapped_column(default=False)
    #: When it was created.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When its settings or questions last changed.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    module: Mapped[Module] = relationship()
    quiz_questions: Mapped[list[QuizQuestion]] = relationship(
        back_populates="quiz",
        order_by="QuizQuestion.position",
        cascade="all, delete-orphan",
    )

    @property
    def questions(self) -> list[Question]:
        """The quiz's questions in their authored order (a drawn quiz's pool)."""
        return [link.question for link in self.quiz_questions]

    @property
    def is_drawn(self) -> bool:
        """Whether each attempt draws its own items from the quiz's pool."""
        return self.draw_per_objective > 0

    @property
    def time_limit(self) -> timedelta | None:
        """The time allowed per attempt (None: no limit)."""
        return timedelta(minutes=self.time_limit_minutes) if self.time_limit_minutes else None

    @property
    def grading_method(self) -> GradingMethod:
        """The grading method as the pure grader's enum."""
        return GradingMethod(self.grading)

    def __repr__(self) -> str:
        return f"<Quiz {self.id} {self.key!r} of module {self.module_id}>"


class QuizQuestion(db.Model):
    """A question's place in a quiz."""

    __tablename__ = "quiz_questions"
    __table_args__ = (sa.UniqueConstraint("quiz_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The quiz.
    quiz_id: Mapped[int] = mapped_column(sa.ForeignKey("quizzes.id", ondelete="CASCADE"))
    #: The question.
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    #: Place in the quiz's authored order, from 1.
    position: Mapped[int] = mapped_column(default=0)

    quiz: Mapped[Quiz] = relationship(back_populates="quiz_questions")
    question: Mapped[Question] = relationship(lazy="joined")


class Attempt(db.Model):
    """One trainee's attempt at a quiz: the order it was shown in, its deadline and its grade."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (
        sa.UniqueConstraint("quiz_id", "user_id", "number"),
        # At most one attempt in progress per trainee and quiz, even under concurrent starts.
        sa.Index(
            "uq_quiz_attempts_in_progress",
            "quiz_id",
            "user_id",
            unique=True,
            postgresql_where=sa.text(_IN_PROGRESS_SQL),
            sqlite_where=sa.text(_IN_PROGRESS_SQL),
        ),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The quiz.
    quiz_id: Mapped[int] = mapped_column(sa.ForeignKey("quizzes.id", ondelete="CASCADE"))
    #: The trainee.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The workshop whose pre- or post-test this attempt was taken as (None: taken on its own).
    workshop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="SET NULL"), index=True
    )
    #: 1 for the trainee's first attempt at the quiz, then 2, 3 ...
    number: Mapped[int]
    #: When it started.
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When it must end: the time limit or the quiz's (or workshop's) closing (None: no limit).
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When it was submitted or closed by its deadline.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: AttemptState; leaves in_progress only by a conditional UPDATE, so it is graded once.
    state: Mapped[str] = mapped_column(sa.String(12), default=AttemptState.IN_PROGRESS.value)
    #: Score in percent (0.00 to 100.00) once graded.
    score: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    #: Whether the score reached the quiz's pass mark, once graded.
    passed: Mapped[bool | None] = mapped_column()
    #: The question ids in the order this attempt shows them.
    question_order: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: {question id (as text): [choice keys in the order shown]}.
    choice_order: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    quiz: Mapped[Quiz] = relationship()
    workshop: Mapped[Workshop | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )

    @property
    def is_finished(self) -> bool:
        """Whether it has been submitted or closed and graded."""
        return self.state in FINISHED_STATES


class Answer(db.Model):
    """What a trainee answered to one question in one attempt; saved as they go."""

    __tablename__ = "quiz_answers"
    __table_args__ = (sa.UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The attempt.
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    #: The question (kept in the bank while answers refer to it).
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="RESTRICT"), index=True
    )
    #: single: "a"; multiple: ["a", "c"]; truefalse: true/false; numeric: the text typed.
    response: Mapped[object | None] = mapped_column(sa.JSON)
    #: Fraction of the question's points earned (0 to 1), set when the attempt is graded.
    score: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 4))
    #: When it was last saved.
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
