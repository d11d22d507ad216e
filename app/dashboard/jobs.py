"""Rebuilding the dashboard's snapshot as a background job (a coordinator's "Update the figures
now"), beside the scheduled rebuild (app/dashboard/snapshot.py)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from app.core.jobs import N_, Job, JobKind, Progress, register_kind
from app.extensions import db

from . import snapshot
from .models import ModuleCompletion, QuizResult, WorkshopFigures

REFRESH = "dashboard-refresh"


def run_refresh(job: Job, progress: Progress) -> dict:
    """Rebuild the snapshot in one transaction (a worker killed mid-way leaves the old one)."""
    progress.total(1)
    snapshot.refresh()
    progress.step()
    db.session.commit()

    def rows(model) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))

    return {
        "counts": {
            N_("Completed workshops"): rows(WorkshopFigures),
            N_("People's results in quizzes"): rows(QuizResult),
            N_("Modules completed"): rows(ModuleCompletion),
        }
    }


def _back(job: Job) -> str:
    """The dashboard, with the filters it was showing when the rebuild was asked for."""
    return url_for("dashboard.index", **job.params.get("args", {}))


def init_app() -> None:
    """Register the job kind."""
    register_kind(
        JobKind(
            REFRESH,
            _l("Updating the dashboard's figures"),
            run_refresh,
            _back,
        )
    )
