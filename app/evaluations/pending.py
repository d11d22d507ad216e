"""The evaluations a participant still has to fill in, for "My page".

Reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from app.auth.models import User
from app.core.db import utcnow
from app.extensions import db
from app.workshops.models import (
    Registration,
    RegistrationStatus,
    Workshop,
)

from .models import Survey, SurveyResponse
from .services import (
    attended_workshops,
)


@dataclass(frozen=True)
class PendingEvaluation:
    """A workshop the user attended whose evaluation is open, and whether they answered."""

    survey: Survey
    answered: bool


def my_evaluations(user: User, now: datetime | None = None) -> list[PendingEvaluation]:
    """Open evaluations of workshops the user attended."""
    now = now or utcnow()
    surveys = db.session.scalars(
        sa.select(Survey)
        .join(Workshop, Workshop.id == Survey.workshop_id)
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(
            Registration.user_id == user.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Survey.closes_at > now,
            sa.func.coalesce(Survey.opens_at, Workshop.ends_at) <= now,
        )
        # The workshop comes with the join (only its title is shown, not its trainers).
        .options(contains_eager(Survey.workshop).lazyload(Workshop.trainers))
        .order_by(Survey.closes_at)
    ).all()
    if not surveys:
        return []
    answered = set(
        db.session.scalars(
            sa.select(SurveyResponse.survey_id).where(
                SurveyResponse.user_id == user.id,
                SurveyResponse.survey_id.in_([s.id for s in surveys]),
            )
        )
    )
    workshop_ids = [survey.workshop_id for survey in surveys]
    attended = attended_workshops(user, workshop_ids, confirmed=set(workshop_ids))
    return [
        PendingEvaluation(survey, survey.id in answered)
        for survey in surveys
        if survey.workshop_id in attended
    ]
