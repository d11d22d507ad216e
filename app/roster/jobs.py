"""The roster import's write as a background job (app/core/jobs.py).

The request checks the list and the decisions on possible duplicates (fast, synchronous), then
queues this job. The job imports the whole list in one transaction, or nothing (a refused or killed
import leaves no account and no registration behind, and can run again); new accounts get no
password hash, so nothing slow happens per person. Its result holds the counts and the row-by-row
report shown on the job page.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.core.errors import DomainError
from app.core.jobs import N_, Job, JobFailed, JobKind, Progress, register_kind
from app.extensions import db

from . import importing, services
from .models import RosterImport

IMPORT = "roster.import"


def run_import(job: Job, progress: Progress) -> dict:
    """Import the list the job names with the coordinator's decisions."""
    roster_import = db.session.get(RosterImport, job.params["import_id"])
    actor = db.session.get(User, job.owner_id) if job.owner_id else None
    if roster_import is None or actor is None:
        raise JobFailed(N_("This list has already been imported or deleted."))
    decisions = {int(row): choice for row, choice in job.params["decisions"].items()}
    try:
        summary, key = importing.run_import(actor, roster_import, decisions)
    except DomainError as refused:
        raise JobFailed(str(refused)) from None
    progress.total(len(summary.report))
    progress.step(len(summary.report))
    db.session.commit()
    services.delete_files([key])
    return {
        "counts": {
            N_("New accounts invited"): summary.created,
            N_("Existing accounts registered"): summary.matched,
            N_("Already registered"): summary.already,
            N_("Rows skipped"): summary.skipped,
        },
        "rows": summary.report,
    }


def _back(job: Job) -> str | None:
    workshop_id = job.params.get("workshop_id")
    return url_for("workshops.participants", workshop_id=workshop_id) if workshop_id else None


def init_app() -> None:
    """Register the roster import job."""
    register_kind(JobKind(IMPORT, _l("Importing a nomination list"), run_import, _back))
