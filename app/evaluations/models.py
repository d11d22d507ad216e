"""Post-workshop evaluation surveys: questions, and participants' anonymous answers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, utcnow
from app.core.labels import LabelledEnum
from app.extensions import db
from app.workshops.models import Workshop


class QuestionKind(LabelledEnum):
    """What a survey question asks for."""

    RATING = "rating", _l("Rating from 1 to 5")  # 1 (poor) to 5 (excellent)
    TEXT = "text", _l("Free text")  # free text


RATINGS = (1, 2, 3, 4, 5)


class Survey(db.Model):
    """The evaluation survey of one workshop, answered once by each participant who attended."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The workshop evaluated (one survey per workshop).
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), unique=True
    )
    #: When answering opens (UTC); None: when the workshop ends.
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When answering closes (UTC); answers can be changed until then.
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: Who set it up.
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When it was set up.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When its settings or questions last changed.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship()
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="survey",
        cascade="all, delete-orphan",
        order_by="(SurveyQuestion.position, SurveyQuestion.id)",
    )

    def effective_opens_at(self) -> datetime:
        """When answering opens: the chosen time, else the end of the workshop."""
        return self.opens_at or self.workshop.ends_at

    def is_open(self, now: datetime) -> bool:
        """Whether participants may answer (or change their answers) at `now`."""
        return self.effective_opens_at() <= now < self.closes_at


class SurveyQuestion(db.Model):
    """One question of a survey, in both languages."""

    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The survey.
    survey_id: Mapped[int] = mapped_column(
        sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True
    )
    #: Order on the form (lowest first).
    position: Mapped[int] = mapped_column(default=0)
    #: Rating (1-5) or free text (QuestionKind).
    kind: Mapped[str] = mapped_column(sa.String(10))
    #: The question in English.
    text_en: Mapped[str] = mapped_column(sa.String(500), default="")
    #: The question in Chinese.
    text_zh: Mapped[str] = mapped_column(sa.String(500), default="")
    #: Whether a participant must answer it.
    required: Mapped[bool] = mapped_column(default=False)

    survey: Mapped[Survey] = relationship(back_populates="questions")


class SurveyResponse(db.Model):
    """One participant's answers. Held once per survey and person by the database; reports never
    show who gave which answers."""

    __tablename__ = "survey_responses"
    __table_args__ = (sa.UniqueConstraint("survey_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The survey.
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"))
    #: Who answered; None once the person has been anonymised (the answers stay, unlinked).
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: When the answers were first sent.
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When they were last changed.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    answers: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class SurveyAnswer(db.Model):
    """The answer to one question in one response."""

    __tablename__ = "survey_answers"
    __table_args__ = (
        sa.UniqueConstraint("response_id", "question_id"),
        sa.CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_1_to_5"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The response it belongs to.
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_responses.id", ondelete="CASCADE")
    )
    #: The question answered.
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True
    )
    #: The rating (1-5) for a rating question.
    rating: Mapped[int | None] = mapped_column()
    #: The text for a free-text question.
    text: Mapped[str] = mapped_column(sa.Text, default="")

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
