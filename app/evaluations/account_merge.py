"""How workshop evaluations follow an account merge (see app/core/account_merge.py).

Both accounts answered one survey: the kept account's answers stand and the other response goes,
so the summary still counts one person once.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.account_merge import moves, resolver
from app.extensions import db

from .models import SurveyResponse


@resolver("survey_responses", "user_id", _l("Workshop evaluations answered"))
def _settle_responses(source_id: int, target_id: int) -> int:
    answered = sa.select(SurveyResponse.survey_id).where(SurveyResponse.user_id == target_id)
    settled = 0
    for response in db.session.scalars(
        sa.select(SurveyResponse).where(
            SurveyResponse.user_id == source_id, SurveyResponse.survey_id.in_(answered)
        )
    ):
        db.session.delete(response)
        settled += 1
    db.session.flush()
    return settled


moves("surveys", "created_by_id", _l("Evaluation surveys set up"))
