"""Background jobs: work that grows with the number of people runs off the web request.

A request validates, records a `Job` row (kind, owner, parameters), commits, then hands the job's id
to the task queue (app/core/queue.py) and answers at once with a link to the job page. A worker
claims the job with a conditional UPDATE (queued -> running), so a job delivered twice runs once,
calls the runner its feature registered for the kind, and records the result or the error.

Runners are idempotent and write all-or-nothing: either in one transaction, or in small batches each
complete in itself (issuing skips people who already hold a certificate), so a worker killed mid-way
leaves nothing half-written and the job can simply run again (the retry button on its page).

Features register their kinds from `init_app` (`register_kind`); this module imports no feature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, utcnow
from app.core.errors import DomainError
from app.core.labels import LabelledEnum
from app.core.personal_data import staff_record
from app.core.queue import enqueue, huey, in_app
from app.core.storage import get_storage
from app.extensions import db


class JobState(LabelledEnum):
    """Where a job stands."""

    QUEUED = "queued", _l("Waiting to start")
    RUNNING = "running", _l("Running")
    DONE = "done", _l("Finished")
    FAILED = "failed", _l("Failed")


class Job(db.Model):
    """One piece of background work and what came of it."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What it does: a key of the registered kinds, e.g. 'certificates.issue_all'.
    kind: Mapped[str] = mapped_column(sa.String(60))
    #: Who started it: only they and admins see it.
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: JobState (JobState).
    state: Mapped[str] = mapped_column(sa.String(10), default=JobState.QUEUED.value, index=True)
    #: The runner's parameters (ids, decisions), JSON.
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: Steps done so far and in all (progress bar); total 0 while unknown.
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    #: What came of it: counts, the row-by-row report, JSON.
    result: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: Why it failed, in English for the log; the page shows a bilingual message.
    error: Mapped[str] = mapped_column(sa.Text, default="")
    #: A translatable failure message for the owner (msgid), when the runner gave one.
    error_message: Mapped[str] = mapped_column(sa.Text, default="")
    #: How many times it has been started.
    attempts: Mapped[int] = mapped_column(default=0)
    #: The file it produced (storage key, download name, MIME type) and until when it is kept.
    file_key: Mapped[str | None] = mapped_column(sa.String(64))
    file_name: Mapped[str] = mapped_column(sa.String(255), default="")
    file_type: Mapped[str] = mapped_column(sa.String(120), default="")
    file_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Last sign of life from the worker (progress); a running job silent too long is failed.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def percent(self) -> int:
        """Progress in whole per cent (100 once finished)."""
        if self.state == JobState.DONE.value:
            return 100
        if not self.total:
            return 0
        return min(100, int(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE.value, JobState.FAILED.value)


#: A job records which staff member started bulk work: kept on erasure, like who issued what.
staff_record("jobs.owner_id")


def N_(message: str) -> str:
    """Mark an English message for translation where it is stored (job results, failures): pages
    translate it when they show it, in the viewer's language (pybabel extracts N_ by default)."""
    return message


class JobFailed(DomainError):
    """A runner refused the work: raise it with an N_() message, shown translated on the page."""


@dataclass
class Progress:
    """Handed to a runner: report steps and produce a file."""

    job: Job

    def total(self, total: int) -> None:
        """Say how many steps there are (the caller commits, with its own work)."""
        self.job.total = total
        self.job.heartbeat_at = utcnow()

    def beat(self) -> None:
        """A sign of life, written first in a batch: its UPDATE opens the batch's transaction, so
        on SQLite too (pysqlite sends no BEGIN before a SAVEPOINT, whose RELEASE would then commit
        on its own) everything up to the runner's next commit stays one transaction."""
        self.job.heartbeat_at = utcnow()
        db.session.flush()

    def step(self, count: int = 1) -> None:
        """Count steps done; written with the runner's next commit, so progress and work agree."""
        self.job.done += count
        self.job.heartbeat_at = utcnow()

    def file(self, data: bytes, name: str, content_type: str) -> None:
        """Keep a produced file in storage for JOB_FILE_HOURS (the caller commits)."""
        storage = get_storage()
        old = self.job.file_key
        self.job.file_key = storage.save(data)
        self.job.file_name = name
        self.job.file_type = content_type
        self.job.file_expires_at = utcnow() + timedelta(hours=current_app.config["JOB_FILE_HOURS"])
        if old:
            storage.delete(old)


@dataclass(frozen=True)
class JobKind:
    """A kind of job: its name on pages, its runner and where its page links back to."""

    key: str
    label: Any
    #: runner(job, progress) -> result dict; commits its own work (all-or-nothing, idempotent).
    run: Callable[[Job, Progress], dict]
    #: back(job) -> URL of the page the work was started from (or None).
    back: Callable[[Job], str | None] = lambda job: None


_KINDS: dict[str, JobKind] = {}


def register_kind(kind: JobKind) -> JobKind:
    """Make a kind of job known (from a feature's init_app; registering again replaces)."""
    _KINDS[kind.key] = kind
    return kind


def kind_of(job: Job) -> JobKind | None:
    return _KINDS.get(job.kind)


def start(job_kind: str, owner: Any, **params: Any) -> Job:
    """Record a job (the caller commits, then calls `launch`)."""
    if job_kind not in _KINDS:
        raise KeyError(f"unknown job kind {job_kind!r}")
    job = Job(kind=job_kind, owner_id=getattr(owner, "id", None), params=params)
    db.session.add(job)
    db.session.flush()
    return job


@huey.task(retries=2, retry_delay=10)
def run_job_task(job_id: int) -> None:
    """The queue's task: run a background job (retried only if the database was unreachable)."""
    in_app(lambda: execute(job_id))


def launch(job: Job) -> None:
    """Hand a committed job to the queue (in the tests' immediate mode it runs right here)."""
    enqueue(run_job_task, job.id)


def claim(job_id: int, now: datetime | None = None) -> bool:
    """Take a queued job for this worker; False if another worker has it or it is finished."""
    now = now or utcnow()
    result = db.session.execute(
        sa.update(Job)
        .where(Job.id == job_id, Job.state == JobState.QUEUED.value)
        .values(
            state=JobState.RUNNING.value,
            started_at=now,
            heartbeat_at=now,
            attempts=Job.attempts + 1,
            done=0,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def execute(job_id: int) -> None:
    """Run one job to its end (called by the worker inside an app context)."""
    if not claim(job_id):
        return
    job = db.session.get(Job, job_id)
    kind = kind_of(job) if job is not None else None
    if job is None:
        return
    if kind is None:
        _fail(job_id, f"unknown job kind {job.kind!r}", "")
        return
    try:
        result = kind.run(job, Progress(job))
    except JobFailed as refused:
        db.session.rollback()
        _fail(job_id, str(refused), str(refused))  # an N_() msgid
        return
    except Exception as error:  # noqa: BLE001 -- any failure ends up on the job page
        db.session.rollback()
        current_app.logger.exception("Job %s (%s) failed", job_id, getattr(job, "kind", "?"))
        _fail(job_id, f"{type(error).__name__}: {error}", "")
        return
    job.result = result or {}
    job.state = JobState.DONE.value
    job.finished_at = utcnow()
    if job.total:
        job.done = job.total
    db.session.commit()


def _fail(job_id: int, error: str, message: str) -> None:
    db.session.execute(
        sa.update(Job)
        .where(Job.id == job_id)
        .values(
            state=JobState.FAILED.value,
            error=error[:4000],
            error_message=message[:2000],
            finished_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def requeue(job: Job) -> bool:
    """Set a failed job to run again (the caller commits, then calls `launch`)."""
    if job.state != JobState.FAILED.value:
        return False
    job.state = JobState.QUEUED.value
    job.error = ""
    job.error_message = ""
    job.finished_at = None
    return True


def fail_stalled(now: datetime | None = None) -> int:
    """Fail running jobs whose worker went silent (killed): their owner can run them again."""
    now = now or utcnow()
    limit = now - timedelta(seconds=current_app.config["JOB_STALLED_SECONDS"])
    result = db.session.execute(
        sa.update(Job)
        .where(Job.state == JobState.RUNNING.value, Job.heartbeat_at < limit)
        .values(
            state=JobState.FAILED.value,
            error="the worker stopped before the job finished",
            finished_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def purge_files(now: datetime | None = None) -> int:
    """Delete produced files past their keeping time, and job rows older than JOB_KEEP_DAYS."""
    now = now or utcnow()
    expired = db.session.scalars(
        sa.select(Job).where(Job.file_key.is_not(None), Job.file_expires_at < now)
    ).all()
    keys = []
    for job in expired:
        keys.append(job.file_key)
        job.file_key = None
    old = now - timedelta(days=current_app.config["JOB_KEEP_DAYS"])
    finished_long_ago = sa.select(Job).where(Job.created_at < old, Job.finished_at.is_not(None))
    for job in db.session.scalars(finished_long_ago):
        if job.file_key:
            keys.append(job.file_key)
        db.session.delete(job)
    db.session.commit()
    storage = get_storage()
    for key in keys:
        storage.delete(key)
    return len(keys)


def recent_jobs(owner_id: int, limit: int = 30) -> list[Job]:
    """A person's latest jobs, newest first."""
    return list(
        db.session.scalars(
            sa.select(Job)
            .where(Job.owner_id == owner_id)
            .order_by(Job.created_at.desc(), Job.id.desc())
            .limit(limit)
        )
    )
