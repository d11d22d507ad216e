"""What quiz pages show: questions to answer (never what is correct) and the allowed review.

The question pages are built only from `ShownQuestion`, which holds no correctness, no correct
answer and no feedback, so nothing in their HTML can give the answers away; the review is built
from what `services.review_shows` allows at the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import sqlalchemy as sa

from app.core.i18n import LocalizedText, localized
from app.extensions import db

from .grading import QuestionType, parse_number, score_answer
from .models import Attempt, Question, ReviewShows


@dataclass(frozen=True)
class ShownChoice:
    """A choice as offered: its key and its text."""

    key: str
    text: LocalizedText


@dataclass(frozen=True)
class ShownQuestion:
    """A question as offered on a page of an attempt, with the trainee's saved response."""

    id: int
    number: int
    type: str
    stem: LocalizedText
    choices: tuple[ShownChoice, ...]
    unit: LocalizedText | None
    response: object

    @property
    def ticked(self) -> set[str]:
        """Choice keys the saved response selects."""
        if isinstance(self.response, list):
            return set(self.response)
        return {self.response} if isinstance(self.response, str) else set()

    @property
    def numeric_text(self) -> str:
        """The saved numeric answer as typed."""
        return self.response if isinstance(self.response, str) else ""

    @property
    def not_a_number(self) -> bool:
        """Whether a typed numeric answer cannot be read as a number (it would earn nothing)."""
        return bool(self.numeric_text) and parse_number(self.numeric_text) is None


def _questions(ids: list[int]) -> dict[int, Question]:
    return {q.id: q for q in db.session.scalars(sa.select(Question).where(Question.id.in_(ids)))}


def _ordered_choices(attempt: Attempt, question: Question, language: str):
    by_key = {choice.key: choice for choice in question.choices}
    order = attempt.choice_order.get(str(question.id)) or list(by_key)
    return [by_key[key] for key in order if key in by_key]


def _unit(question: Question, language: str) -> LocalizedText | None:
    if question.type != QuestionType.NUMERIC or not (question.unit_en or question.unit_zh):
        return None
    return localized(question, "unit", language)


def shown_questions(attempt: Attempt, ids: list[int], language: str) -> list[ShownQuestion]:
    """The questions `ids` of an attempt as the answer page shows them, in the attempt's order."""
    questions = _questions(ids)
    saved = {answer.question_id: answer.response for answer in attempt.answers}
    numbers = {qid: index for index, qid in enumerate(attempt.question_order, start=1)}
    return [
        ShownQuestion(
            id=qid,
            number=numbers[qid],
            type=questions[qid].type,
            stem=localized(questions[qid], "stem", language),
            choices=tuple(
                ShownChoice(choice.key, localized(choice, "text", language))
                for choice in _ordered_choices(attempt, questions[qid], language)
            ),
            unit=_unit(questions[qid], language),
            response=saved.get(qid),
        )
        for qid in ids
        if qid in questions
    ]


@dataclass(frozen=True)
class ReviewedChoice:
    """A choice in a review: whether it was ticked, and what the settings allow to be said."""

    key: str
    text: LocalizedText
    ticked: bool | None
    #: Whether it is a correct choice (None: not shown).
    correct: bool | None
    feedback: LocalizedText | None


@dataclass(frozen=True)
class ReviewedQuestion:
    """A question in a review."""

    number: int
    type: str
    stem: LocalizedText
    choices: tuple[ReviewedChoice, ...]
    unit: LocalizedText | None
    #: The trainee's answer to a true/false or numeric question (None: not shown or none given).
    answer: object
    answered: bool | None
    #: Fraction of the points earned (None: correctness not shown).
    earned: Fraction | None
    #: The correct true/false or numeric answer (None: not shown).
    correct_answer: object
    tolerance: Decimal | None
    feedback: LocalizedText | None

    @property
    def correct_number(self) -> str:
        """The correct numeric answer as written (no grouping: many are years)."""
        return plain_number(self.correct_answer) if isinstance(self.correct_answer, Decimal) else ""

    @property
    def tolerance_text(self) -> str:
        """The accepted distance from the correct number, as written."""
        return plain_number(self.tolerance) if self.tolerance else ""


def plain_number(value: Decimal) -> str:
    """A number without trailing zeros or exponent: 1997, 0.5, 12.25."""
    return format(value.normalize(), "f")


def review(attempt: Attempt, shows: frozenset[str], language: str) -> list[ReviewedQuestion]:
    """The review of a finished attempt showing only what `shows` allows."""
    if not shows:
        return []
    answers_shown = ReviewShows.ANSWERS in shows
    correctness = ReviewShows.CORRECTNESS in shows
    correct_answers = ReviewShows.CORRECT_ANSWERS in shows
    feedback = ReviewShows.FEEDBACK in shows
    questions = _questions(attempt.question_order)
    saved = {answer.question_id: answer.response for answer in attempt.answers}
    reviewed = []
    for number, qid in enumerate(attempt.question_order, start=1):
        question = questions.get(qid)
        if question is None:
            continue
        response = saved.get(qid)
        ticked = set(response) if isinstance(response, list) else {response}
        choices = []
        for choice in _ordered_choices(attempt, question, language):
            was_ticked = choice.key in ticked
            show_feedback = feedback and (was_ticked or correct_answers) and choice.feedback_en
            choices.append(
                ReviewedChoice(
                    key=choice.key,
                    text=localized(choice, "text", language),
                    ticked=was_ticked if answers_shown else None,
                    # Without the correct answers, only the ticked choices are marked.
                    correct=choice.correct
                    if correct_answers or (correctness and answers_shown and was_ticked)
                    else None,
                    feedback=localized(choice, "feedback", language) if show_feedback else None,
                )
            )
        earned = score_answer(question.grading_key(), response) if correctness else None
        truth_or_number = (
            question.answer_truth
            if question.type == QuestionType.TRUE_FALSE
            else question.answer_number
        )
        reviewed.append(
            ReviewedQuestion(
                number=number,
                type=question.type,
                stem=localized(question, "stem", language),
                choices=tuple(choices),
                unit=_unit(question, language),
                answer=response if answers_shown and not question.choices else None,
                answered=(response is not None) if answers_shown else None,
                earned=earned,
                correct_answer=truth_or_number
                if correct_answers and not question.choices
                else None,
                tolerance=question.tolerance
                if correct_answers and question.type == QuestionType.NUMERIC
                else None,
                feedback=localized(question, "feedback", language) if feedback else None,
            )
        )
    return reviewed
