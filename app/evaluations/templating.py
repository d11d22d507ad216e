"""Template globals of evaluations (the workshop page's evaluation box, "My page")."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from app.core.db import utcnow
from app.workshops.models import Workshop

from . import pending, services


def evaluation_for(workshop: Workshop) -> dict | None:
    """What the workshop page shows about the evaluation to the current user (None: nothing)."""
    survey = services.survey_of(workshop)
    staff_reader = services.can_see_results(current_user, workshop)
    if survey is None:
        if not staff_reader:
            return None
        return {"survey": None, "staff": True, "can_edit": services.can_edit(current_user)}
    now = utcnow()
    participant = services.attended_workshop(current_user, workshop)
    if not (participant or staff_reader):
        return None
    return {
        "survey": survey,
        "staff": staff_reader,
        "participant": participant,
        "is_open": survey.is_open(now),
        "answered": participant and services.response_of(survey, current_user) is not None,
        "can_edit": services.can_edit(current_user),
    }


def my_evaluations() -> list:
    """Open evaluations the current user can answer, for "My page"."""
    return pending.my_evaluations(current_user)


def init_app(app: Flask) -> None:
    """Register the template globals."""
    app.add_template_global(evaluation_for)
    app.add_template_global(my_evaluations)
