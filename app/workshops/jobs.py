"""Workshop work that grows with the number of people, as background jobs (app/core/jobs.py):
the attendance CSV once a workshop has more participants than EXPORT_JOB_ROWS
(app/core/exports.py). The table is built from the workshop's id alone, so the request (a small
workshop) and the worker (a large one) give the same file."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.exports import Export, Table, register_export
from app.core.i18n import current_language, localized
from app.extensions import db

from . import marking, scheduling
from . import participants as workshop_participants
from .attendance import Mark
from .models import Registration, RegistrationStatus, Workshop

ATTENDANCE_CSV = "workshops.attendance_csv"


def confirmed_count(workshop: Workshop) -> int:
    """How many people hold a seat: the rows of the workshop's per-person exports (one query)."""
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.workshop_id == workshop.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )


def attendance_table(params: dict) -> Table:
    """Attendance per participant and session, in the current language."""
    workshop = db.session.get(Workshop, params["workshop_id"])
    language = current_language()
    people = workshop_participants.confirmed_participants(workshop)
    rates = marking.attendance_rates(workshop, [p.id for p in people])
    sessions = [s for s in workshop.sessions if s.counts_for_attendance]
    marks = {s.id: marking.marks_for(s) for s in sessions}
    header = [
        _("Name"),
        _("Organisation"),
        *(
            f"{localized(s, 'title')} ({scheduling.to_local(s.starts_at, workshop.timezone):%Y-%m-%d %H:%M})"
            for s in sessions
        ),
        _("Attendance rate (percent)"),
    ]
    rows = [
        [
            person.name.display(language),
            person.organisation,
            *(
                str(Mark(marks[s.id][person.id]).label) if person.id in marks[s.id] else ""
                for s in sessions
            ),
            "" if rates[person.id].percent is None else rates[person.id].percent,
        ]
        for person in people
    ]
    return Table(f"attendance-workshop-{workshop.id}.csv", header, rows)


def init_app() -> None:
    """Register the workshop exports that may run as jobs."""
    register_export(
        Export(
            ATTENDANCE_CSV,
            _l("Attendance (CSV)"),
            attendance_table,
            lambda params: url_for("workshops.participants", workshop_id=params["workshop_id"]),
        )
    )
