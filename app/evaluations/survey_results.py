"""A survey's results: each question's counts, average and comments, for coordinators and trainers.

Reads only."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db

from .models import QuestionKind, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from .summary import RatingSummary, summarise_ratings


@dataclass(frozen=True)
class QuestionResult:
    """The anonymous result of one question: a rating summary, or the texts written."""

    question: SurveyQuestion
    ratings: RatingSummary | None
    texts: tuple[str, ...]


def results(survey: Survey) -> list[QuestionResult]:
    """Per question: count, mean and distribution of ratings, or the free-text answers. Texts are
    sorted, not listed in the order they arrived, so they cannot be matched to a person."""
    rows = db.session.execute(
        sa.select(SurveyAnswer.question_id, SurveyAnswer.rating, SurveyAnswer.text)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.survey_id == survey.id)
    ).all()
    ratings: dict[int, list[int]] = {}
    texts: dict[int, list[str]] = {}
    for question_id, rating, text in rows:
        if rating is not None:
            ratings.setdefault(question_id, []).append(rating)
        elif text:
            texts.setdefault(question_id, []).append(text)
    return [
        QuestionResult(
            question,
            summarise_ratings(ratings.get(question.id, []))
            if question.kind == QuestionKind.RATING
            else None,
            tuple(sorted(texts.get(question.id, []), key=str.casefold)),
        )
        for question in survey.questions
    ]
