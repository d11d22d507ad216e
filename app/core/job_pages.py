"""Job pages: each job's progress and result, a retry on failure, and "my recent jobs".

Only the job's owner and admins see a job (others get a 404, as if it did not exist). The page
polls the JSON endpoint with self-hosted JS (static/js/jobs.js); without JS it has a refresh link.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.core import jobs
from app.core.access import Role, owner, roles
from app.core.queue import every_minute, hourly
from app.core.storage import get_storage
from app.extensions import db

bp = Blueprint("jobs", __name__)


class RetryForm(FlaskForm):
    """The retry button (CSRF only)."""


def _own_job(job_id: int) -> jobs.Job:
    job = db.session.get(jobs.Job, job_id)
    if job is None:
        abort(404)
    if job.owner_id != current_user.id and not current_user.has_role(Role.ADMIN):
        abort(404)
    return job


def _label(job: jobs.Job) -> str:
    kind = jobs.kind_of(job)
    return str(kind.label) if kind is not None else job.kind


def _back(job: jobs.Job) -> str | None:
    kind = jobs.kind_of(job)
    return kind.back(job) if kind is not None else None


def _failure(job: jobs.Job) -> str:
    if job.state != jobs.JobState.FAILED.value:
        return ""
    if job.error_message:
        return _(job.error_message)
    return _(
        "The work could not be finished. Nothing half-done was kept: you can run it again. "
        "If it fails again, tell the programme's administrator."
    )


def _file_ready(job: jobs.Job) -> bool:
    return job.state == jobs.JobState.DONE.value and bool(job.file_key)


def job_status(job: jobs.Job) -> dict:
    """What the job page shows, as JSON for its script."""
    return {
        "id": job.id,
        "state": job.state,
        "state_label": str(jobs.JobState(job.state).label),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "finished": job.finished,
        "failure": _failure(job),
        "file_url": url_for("jobs.download", job_id=job.id) if _file_ready(job) else None,
    }


@bp.route("/<int:job_id>")
@owner
def show(job_id: int):
    """A job's progress, then its result or why it failed (the view checks the owner)."""
    job = _own_job(job_id)
    return render_template(
        "jobs/show.html",
        job=job,
        label=_label(job),
        back=_back(job),
        failure=_failure(job),
        file_ready=_file_ready(job),
        states=jobs.JobState,
        retry_form=RetryForm(),
    )


@bp.route("/<int:job_id>.json")
@owner
def status(job_id: int):
    """The job's progress for the page's script (the view checks the owner)."""
    response = jsonify(job_status(_own_job(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:job_id>/file")
@owner
def download(job_id: int):
    """The file the job produced, while it is kept (the view checks the owner)."""
    job = _own_job(job_id)
    if not _file_ready(job):
        flash(_("This file is no longer kept. Start the work again to make a new one."), "info")
        return redirect(url_for(".show", job_id=job.id))
    try:
        handle = get_storage().open(job.file_key)
    except FileNotFoundError:
        abort(404)
    response = send_file(
        handle, mimetype=job.file_type, as_attachment=True, download_name=job.file_name, max_age=0
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:job_id>/retry", methods=["POST"])
@owner
def retry(job_id: int):
    """Run a failed job again (the view checks the owner)."""
    job = _own_job(job_id)
    if not RetryForm().validate_on_submit():
        abort(400)
    if not jobs.requeue(job):
        flash(_("Only failed work can be run again."), "info")
        return redirect(url_for(".show", job_id=job.id), code=303)
    db.session.commit()
    jobs.launch(job)
    flash(_("The work has started again."), "success")
    return redirect(url_for(".show", job_id=job.id), code=303)


@bp.route("/")
@roles(Role.COORDINATOR, Role.ADMIN)
def mine():
    """The coordinator's recent background work."""
    recent = jobs.recent_jobs(current_user.id)
    return render_template(
        "jobs/list.html",
        jobs=recent,
        label=_label,
        states=jobs.JobState,
    )


def init_app(app: Flask) -> None:
    """Job pages under /jobs, and the scheduled clean-ups of jobs."""
    app.register_blueprint(bp, url_prefix="/jobs")
    every_minute.register(_fail_stalled)
    hourly.register(jobs.purge_files)


def _fail_stalled() -> None:
    jobs.fail_stalled()
    db.session.commit()
