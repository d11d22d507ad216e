"""Exports that grow with the number of people: small ones at once, large ones as a job.

A feature registers each such export (`register_export`, from its `jobs.py`) with a function that
builds the table from plain, JSON-safe parameters (ids and filters) in the current language. Its
route checks access, counts the rows with one cheap query and calls `deliver`:

- up to EXPORT_JOB_ROWS rows, the CSV is built inside the request, as before;
- above that, the page says how many rows there are and offers a button; its POST (CSRF-checked)
  records a background job and answers with the job page, which shows the progress and then the
  download link. The file is kept JOB_FILE_HOURS; only its owner and admins may fetch it.

The job builds the same table, in the language of the person who asked (`force_locale`), so a
large export holds exactly what a small one would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.core import jobs
from app.core.i18n import current_language
from app.core.spreadsheets import csv_bytes, csv_response
from app.extensions import db

CSV_TYPE = "text/csv"


@dataclass(frozen=True)
class Table:
    """An export's content: its file name, header row and rows."""

    filename: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]


@dataclass(frozen=True)
class Export:
    """An export that can run as a job: its name on pages, how to build it, where it came from."""

    key: str
    label: Any
    #: table(params) -> Table, built in the current language; params hold ids and filters only.
    table: Callable[[dict], Table]
    #: back(params) -> URL of the page the export was asked for (or None).
    back: Callable[[dict], str | None] = lambda params: None


_EXPORTS: dict[str, Export] = {}


def register_export(export: Export) -> Export:
    """Make an export known, and its job kind (from a feature's jobs.py `init_app`)."""
    _EXPORTS[export.key] = export
    jobs.register_kind(
        jobs.JobKind(
            export.key, export.label, partial(_run, export), lambda job: export.back(job.params)
        )
    )
    return export


def _run(export: Export, job: jobs.Job, progress: jobs.Progress) -> dict:
    """The job: build the table in the asker's language and keep the CSV as the job's file."""
    with force_locale(job.params.get("language") or "en"):
        table = export.table(job.params)
        progress.total(len(table.rows))
        db.session.commit()  # the page can now say how many rows are being written
        data = csv_bytes(table.header, table.rows)
    progress.step(len(table.rows))
    progress.file(data, table.filename, CSV_TYPE)
    db.session.commit()
    return {"counts": {jobs.N_("Rows in the file"): len(table.rows)}}


class PrepareExportForm(FlaskForm):
    """The button that starts a large export in the background (CSRF only)."""


def deliver(key: str, params: dict, rows: int):
    """Answer an export's route: the CSV at once when it is small; otherwise a page offering to
    prepare it in the background (GET), or the job started from that page (POST)."""
    export = _EXPORTS[key]
    params = {**params, "language": current_language()}
    if request.method == "POST":
        if not PrepareExportForm().validate_on_submit():
            abort(400)
        job = jobs.start(key, current_user, **params)
        db.session.commit()
        jobs.launch(job)
        flash(_("The work has started. This page shows how far it has got."), "info")
        return redirect(url_for("jobs.show", job_id=job.id), code=303)
    if rows <= current_app.config["EXPORT_JOB_ROWS"]:
        table = export.table(params)
        return csv_response(table.filename, table.header, table.rows)
    return render_template(
        "jobs/export.html",
        label=export.label,
        rows=rows,
        form=PrepareExportForm(),
        back=export.back(params),
    )
