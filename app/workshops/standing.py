"""How a person stands in a workshop (for the workshop's trainers' materials)."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db

from .models import Registration, RegistrationStatus, Workshop


def standing_of(workshop_id: int, user) -> str | None:
    """ "trainer" for coordinators, admins and the workshop's trainers, "participant" for a
    confirmed registration, otherwise None."""
    workshop = db.session.get(Workshop, workshop_id)
    if user.has_role("coordinator", "admin") or workshop.is_trainer(user):
        return "trainer"
    registered = db.session.scalar(
        sa.select(Registration.id).where(
            Registration.workshop_id == workshop.id,
            Registration.user_id == user.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )
    return None if registered is None else "participant"
