"""How quiz attempts follow an account merge (see app/core/account_merge.py).

Both accounts attempted one quiz: the merged-away account's attempts are numbered after the kept
account's, so the history keeps every graded attempt (and the grading method sees them all); an
attempt still in progress on the merged-away account is dropped when the kept account has one too.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.account_merge import resolver
from app.extensions import db

from .models import Attempt, AttemptState


@resolver("quiz_attempts", "user_id", _l("Quiz attempts"))
def _settle_attempts(source_id: int, target_id: int) -> int:
    kept_last = dict(
        db.session.execute(
            sa.select(Attempt.quiz_id, sa.func.max(Attempt.number))
            .where(Attempt.user_id == target_id)
            .group_by(Attempt.quiz_id)
        ).all()
    )
    kept_open = set(
        db.session.scalars(
            sa.select(Attempt.quiz_id).where(
                Attempt.user_id == target_id, Attempt.state == AttemptState.IN_PROGRESS.value
            )
        )
    )
    settled = 0
    # Highest numbers first, so that renumbering never meets a number still in use.
    for attempt in db.session.scalars(
        sa.select(Attempt)
        .where(Attempt.user_id == source_id, Attempt.quiz_id.in_(kept_last))
        .order_by(Attempt.number.desc())
    ):
        if attempt.state == AttemptState.IN_PROGRESS.value and attempt.quiz_id in kept_open:
            db.session.delete(attempt)
        else:
            attempt.number += kept_last[attempt.quiz_id]
        db.session.flush()
        settled += 1
    return settled
