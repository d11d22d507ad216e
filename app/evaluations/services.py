"""Evaluation surveys: setting one up, who may answer, answering once (the summary is in
survey_results.py, what a participant still has to fill in in pending.py).

Like every services module: plain values in, flush, EvaluationError out; never commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.access import Role
from app.core.audit import record
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.personal_data import eraser, exporter, staff_record
from app.extensions import db
from app.workshops.attendance import ATTENDED
from app.workshops.models import (
    AttendanceRecord,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)

from .defaults import STANDARD_QUESTIONS
from .models import QuestionKind, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

#: How long a new survey stays open after the workshop ends.
DEFAULT_OPEN_FOR = timedelta(days=14)
MAX_TEXT = 2000


class EvaluationError(DomainError):
    """An evaluation rule refused the action."""


class SurveyLocked(EvaluationError):
    """The survey's questions cannot change in that way once participants have answered."""

    status = 409


# --- Who may do what ----------------------------------------------------------------------------


def can_edit(user: User) -> bool:
    """Coordinators and admins set surveys up and edit them."""
    return user.has_role(Role.COORDINATOR, Role.ADMIN)


def can_see_results(user: User, workshop: Workshop) -> bool:
    """Coordinators, admins and the workshop's own trainers read its evaluation."""
    return can_edit(user) or workshop.is_trainer(user)


def attended_workshop(user: User, workshop: Workshop) -> bool:
    """Whether `user` attended: a confirmed participant marked present or late at one session at
    least; when no attendance was taken at all, every confirmed participant counts."""
    return workshop.id in attended_workshops(user, [workshop.id])


def attended_workshops(
    user: User, workshop_ids: list[int], confirmed: set[int] | None = None
) -> set[int]:
    """Which of these workshops `user` attended (as `attended_workshop` decides), in two queries
    however many workshops there are; one when the caller knows where `user` is `confirmed`."""
    if not workshop_ids:
        return set()
    if confirmed is None:
        confirmed = set(
            db.session.scalars(
                sa.select(Registration.workshop_id).where(
                    Registration.workshop_id.in_(workshop_ids),
                    Registration.user_id == user.id,
                    Registration.status == RegistrationStatus.CONFIRMED,
                )
            )
        )
    if not confirmed:
        return set()
    # Per workshop: were any marks taken, and how many say this user was there.
    marked = db.session.execute(
        sa.select(
            WorkshopSession.workshop_id,
            sa.func.sum(
                sa.case(
                    (
                        sa.and_(
                            AttendanceRecord.user_id == user.id,
                            AttendanceRecord.mark.in_(sorted(ATTENDED)),
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
        )
        .join(WorkshopSession, WorkshopSession.id == AttendanceRecord.session_id)
        .where(WorkshopSession.workshop_id.in_(confirmed))
        .group_by(WorkshopSession.workshop_id)
    ).all()
    without_marks = confirmed - {workshop_id for workshop_id, _mine in marked}
    return without_marks | {workshop_id for workshop_id, mine in marked if mine}


def survey_of(workshop: Workshop) -> Survey | None:
    """The workshop's survey with its questions, if one has been set up."""
    return db.session.scalar(
        sa.select(Survey)
        .where(Survey.workshop_id == workshop.id)
        .options(selectinload(Survey.questions))
    )


def response_of(survey: Survey, user: User) -> SurveyResponse | None:
    """The user's answers to the survey, if they have answered."""
    return db.session.scalar(
        sa.select(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id, SurveyResponse.user_id == user.id)
        .options(selectinload(SurveyResponse.answers))
    )


def response_count(survey: Survey) -> int:
    """How many participants have answered."""
    return db.session.scalar(
        sa.select(sa.func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey.id)
    )


# --- Coordinators: set up and edit ---------------------------------------------------------------


def create_survey(actor: User, workshop: Workshop) -> Survey:
    """Set up the workshop's survey with the standard questions; it opens when the workshop ends
    and closes two weeks later."""
    if workshop.status == WorkshopStatus.CANCELLED:
        raise EvaluationError(_l("A cancelled workshop has no evaluation."))
    if survey_of(workshop) is not None:
        raise EvaluationError(_l("This workshop already has an evaluation survey."))
    survey = Survey(
        workshop=workshop,
        closes_at=workshop.ends_at + DEFAULT_OPEN_FOR,
        created_by_id=actor.id,
    )
    for position, (kind, text_en, text_zh, required) in enumerate(STANDARD_QUESTIONS, start=1):
        survey.questions.append(
            SurveyQuestion(
                position=position, kind=kind, text_en=text_en, text_zh=text_zh, required=required
            )
        )
    db.session.add(survey)
    db.session.flush()
    record(actor, "survey.created", survey, after={"workshop_id": workshop.id})
    return survey


def set_dates(actor: User, survey: Survey, opens_at: datetime | None, closes_at: datetime) -> None:
    """Change when answering opens (None: when the workshop ends) and closes."""
    opens = opens_at or survey.workshop.ends_at
    if closes_at <= opens:
        raise EvaluationError(_l("The survey must close after it opens."))
    before = _dates(survey)
    survey.opens_at, survey.closes_at = opens_at, closes_at
    record(actor, "survey.dates_changed", survey, before=before, after=_dates(survey))


def open_now(actor: User, survey: Survey, now: datetime | None = None) -> None:
    """Open the survey at once (e.g. on the workshop's last afternoon)."""
    now = now or utcnow()
    if survey.closes_at <= now:
        raise EvaluationError(
            _l("The closing date has passed. Set a later closing date to open the survey again.")
        )
    before = _dates(survey)
    survey.opens_at = now
    record(actor, "survey.opened", survey, before=before, after=_dates(survey))


def close_now(actor: User, survey: Survey, now: datetime | None = None) -> None:
    """Stop accepting answers now."""
    now = now or utcnow()
    before = _dates(survey)
    survey.closes_at = now
    if survey.opens_at is not None and survey.opens_at > now:
        survey.opens_at = now
    if survey.opens_at is None and survey.workshop.ends_at > now:
        survey.opens_at = now
    record(actor, "survey.closed", survey, before=before, after=_dates(survey))


def _dates(survey: Survey) -> dict:
    return {
        "opens_at": survey.opens_at.isoformat() if survey.opens_at else None,
        "closes_at": survey.closes_at.isoformat(),
    }


def _refuse_if_answered(survey: Survey, message) -> None:
    if response_count(survey):
        raise SurveyLocked(message)


def add_question(survey: Survey, kind: str, text_en: str, text_zh: str, required: bool) -> None:
    """Add a question at the end (refused once anyone has answered: their response would lack it)."""
    _refuse_if_answered(
        survey, _l("Participants have already answered, so questions can no longer be added.")
    )
    _check_texts(text_en, text_zh)
    position = max((q.position for q in survey.questions), default=0) + 1
    survey.questions.append(
        SurveyQuestion(
            position=position,
            kind=QuestionKind(kind),
            text_en=text_en,
            text_zh=text_zh,
            required=required,
        )
    )
    db.session.flush()


def update_question(
    question: SurveyQuestion, kind: str, text_en: str, text_zh: str, required: bool
) -> None:
    """Correct a question's wording at any time; its kind only until anyone has answered."""
    _check_texts(text_en, text_zh)
    if kind != question.kind:
        _refuse_if_answered(
            question.survey,
            _l("Participants have already answered, so the kind of question cannot change."),
        )
    question.kind, question.text_en, question.text_zh = QuestionKind(kind), text_en, text_zh
    question.required = required


def delete_question(question: SurveyQuestion) -> None:
    """Remove a question (refused once anyone has answered: their answers would be lost)."""
    _refuse_if_answered(
        question.survey,
        _l("Participants have already answered, so questions can no longer be removed."),
    )
    question.survey.questions.remove(question)
    db.session.flush()


def move_question(question: SurveyQuestion, step: int) -> None:
    """Move a question one place up (step -1) or down (+1); the order can change at any time."""
    questions = list(question.survey.questions)
    index = questions.index(question)
    target = index + step
    if not 0 <= target < len(questions):
        return
    questions[index], questions[target] = questions[target], questions[index]
    for position, item in enumerate(questions, start=1):
        item.position = position


def _check_texts(text_en: str, text_zh: str) -> None:
    if not text_en.strip() or not text_zh.strip():
        raise EvaluationError(_l("Write the question in both English and Chinese."))


# --- Participants: answer -----------------------------------------------------------------------


def check_can_answer(user: User, survey: Survey, now: datetime | None = None) -> None:
    """Refuse unless the user attended and the survey is open now."""
    now = now or utcnow()
    if not attended_workshop(user, survey.workshop):
        raise EvaluationError(_l("Only participants who attended the workshop can evaluate it."))
    if now < survey.effective_opens_at():
        raise EvaluationError(_l("The evaluation is not open yet."))
    if now >= survey.closes_at:
        raise EvaluationError(_l("The evaluation has closed."))


def submit_answers(
    user: User, survey: Survey, answers: dict[int, str], now: datetime | None = None
) -> SurveyResponse:
    """Save the user's answers ({question id: posted text}); answering again before the survey
    closes replaces the earlier answers. One response per person is held by a unique constraint,
    so two submissions at once still leave one."""
    check_can_answer(user, survey, now)
    values = _checked_values(survey, answers)
    response = response_of(survey, user)
    if response is None:
        try:
            with db.session.begin_nested():
                response = SurveyResponse(survey_id=survey.id, user_id=user.id)
                db.session.add(response)
                db.session.flush()
        except sa.exc.IntegrityError:
            response = response_of(survey, user)
            if response is None:  # pragma: no cover - the other request's row must exist
                raise
    else:
        response.updated_at = now or utcnow()
    existing = {a.question_id: a for a in response.answers}
    for question in survey.questions:
        rating, text = values.get(question.id, (None, ""))
        answer = existing.get(question.id)
        if rating is None and not text:
            if answer is not None:
                response.answers.remove(answer)
            continue
        if answer is None:
            answer = SurveyAnswer(question_id=question.id)
            response.answers.append(answer)
        answer.rating, answer.text = rating, text
    db.session.flush()
    return response


def _checked_values(survey: Survey, answers: dict[int, str]) -> dict[int, tuple[int | None, str]]:
    values: dict[int, tuple[int | None, str]] = {}
    for question in survey.questions:
        raw = (answers.get(question.id) or "").strip()
        if not raw:
            if question.required:
                raise EvaluationError(_l("Please answer every question marked as required."))
            continue
        if question.kind == QuestionKind.RATING:
            if raw not in {"1", "2", "3", "4", "5"}:
                raise EvaluationError(_l("A rating must be a whole number from 1 to 5."))
            values[question.id] = (int(raw), "")
        else:
            if len(raw) > MAX_TEXT:
                raise EvaluationError(
                    _l("An answer can be at most %(max)d characters long.", max=MAX_TEXT)
                )
            values[question.id] = (None, raw)
    return values


# --- Personal data ------------------------------------------------------------------------------


@exporter("evaluations", _l("Workshop evaluations"), {
    "workshop": _l("Workshop"), "submitted_at": _l("Sent"), "answers": _l("Answers"),
    "question_en": _l("Question in English"), "question_zh": _l("Question in Chinese"),
    "answer": _l("Answer"),
}, covers=("survey_responses.user_id",))  # fmt: skip
def _export_responses(user: User) -> list:
    responses = db.session.scalars(
        sa.select(SurveyResponse)
        .where(SurveyResponse.user_id == user.id)
        .options(selectinload(SurveyResponse.answers))
        .order_by(SurveyResponse.id)
    ).all()
    exported = []
    for response in responses:
        survey = db.session.get(Survey, response.survey_id)
        questions = {q.id: q for q in survey.questions}
        exported.append(
            {
                "workshop": survey.workshop.title_en or survey.workshop.title_zh,
                "submitted_at": response.submitted_at.isoformat(),
                "answers": [
                    {
                        "question_en": questions[a.question_id].text_en,
                        "question_zh": questions[a.question_id].text_zh,
                        "answer": a.rating if a.rating is not None else a.text,
                    }
                    for a in sorted(
                        response.answers, key=lambda a: questions[a.question_id].position
                    )
                ],
            }
        )
    return exported


staff_record("surveys.created_by_id")


@eraser("evaluations", covers=("survey_responses.user_id",))
def _erase_responses(user: User) -> None:
    """The answers stay in the workshop's anonymous results; the link to the person goes."""
    db.session.execute(
        sa.update(SurveyResponse).where(SurveyResponse.user_id == user.id).values(user_id=None)
    )
