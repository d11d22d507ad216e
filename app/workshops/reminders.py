"""Day-before reminders, sent by `flask send-reminders` from cron."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from app.core.db import utcnow
from app.core.mail import queue_mail
from app.extensions import db

from . import scheduling
from .models import Registration, RegistrationStatus, Workshop, WorkshopStatus
from .registration import live_registrations

# --- Reminders -----------------------------------------------------------------------------------


def send_reminders(now: datetime | None = None) -> int:
    """Remind confirmed participants of workshops that start tomorrow in the workshop's own time
    zone. Each reminder is claimed by a conditional UPDATE, so overlapping cron runs send it once."""
    now = now or utcnow()
    candidates = db.session.scalars(
        sa.select(Workshop).where(
            Workshop.status.in_((WorkshopStatus.PUBLISHED, WorkshopStatus.REGISTRATION_CLOSED)),
            Workshop.starts_at > now,
            Workshop.starts_at <= now + timedelta(hours=48),
        )
    )
    sent = 0
    for workshop in candidates:
        tomorrow = scheduling.local_date(now, workshop.timezone) + timedelta(days=1)
        if scheduling.local_date(workshop.starts_at, workshop.timezone) != tomorrow:
            continue
        for registration in live_registrations(workshop):
            if registration.status != RegistrationStatus.CONFIRMED:
                continue
            claimed = db.session.execute(
                sa.update(Registration)
                .where(Registration.id == registration.id, Registration.reminder_sent_at.is_(None))
                .values(reminder_sent_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
            if claimed:
                queue_mail(registration.user, "workshop_reminder", workshop=workshop)
                sent += 1
    db.session.flush()
    return sent
