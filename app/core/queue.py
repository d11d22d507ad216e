"""The task queue: Huey, on Redis in production and on a SQLite file by default.

Why Huey: one small, well-kept library covers both places the platform runs. In production its
Redis storage (Redis is already there for the rate limits) lets any number of `flask worker`
processes on any number of hosts take tasks; with no JOB_QUEUE_URL it keeps its queue in a SQLite
file (var/jobs.db), so `make run` starts the web server and one worker with nothing to install.
Celery would need a broker service for `make run` (its SQLAlchemy transport is marked
experimental), and its beat scheduler is a separate process; Huey's consumer runs the periodic
tasks itself.

The tasks carry only ids: the work and its state live in PostgreSQL (the `jobs` and `outbox`
tables), which every web process and worker share. Tasks are claimed there with conditional
UPDATEs, so a task delivered twice, or a periodic task run by two schedulers at once, does its work
once. The test suite runs the queue in immediate mode: a task runs inside the call that queues it.

Scheduled work (no cron needed): features add handlers to `every_minute`, `hourly` and `daily`
from their `init_app`; the consumer's scheduler runs them, each under a queue-wide lock so that two
schedulers (two worker hosts) do not overlap, and each handler is idempotent anyway.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from huey.exceptions import TaskLockedException
from huey.storage import RedisStorage, SqliteStorage

from app.core.hooks import Hook
from app.extensions import db

#: The queue; its storage is chosen by `configure` from JOB_QUEUE_URL.
huey = Huey("cbmm", immediate=True, utc=True, results=False)

#: Scheduled handlers, each called with no argument inside an app context; they commit.
every_minute = Hook("every_minute")
hourly = Hook("hourly")
daily = Hook("daily")
#: Called with no argument inside a task's app context once its work is done and committed
#: (mail: deliver what the task queued).
after_task = Hook("after_task")

_app: Flask | None = None
log = logging.getLogger(__name__)


def configure(app: Flask) -> None:
    """Point the queue at the app's storage (or run tasks at once: JOBS_IMMEDIATE, the tests)."""
    global _app
    _app = app
    immediate = app.config["JOBS_IMMEDIATE"]
    if immediate:
        huey.immediate = True
        return
    url = app.config["JOB_QUEUE_URL"]
    if url.startswith(("redis://", "rediss://", "unix://")):
        storage_class, kwargs = RedisStorage, {"url": url}
    else:
        path = Path(url.removeprefix("sqlite:///") if url else app.config["JOB_QUEUE_FILE"])
        path.parent.mkdir(parents=True, exist_ok=True)
        storage_class, kwargs = SqliteStorage, {"filename": str(path)}
    if not huey.immediate and huey.storage_class is storage_class and huey.storage_kwargs == kwargs:
        return
    huey.storage_class = storage_class
    huey.storage_kwargs = kwargs
    huey._immediate = False
    huey.storage = huey.create_storage()


def enqueue(task, *args) -> None:
    """Queue a task for the current app's queue; with JOBS_IMMEDIATE (the tests) run it here."""
    app = current_app._get_current_object()
    if app.config["JOBS_IMMEDIATE"]:
        task.call_local(*args)
        return
    configure(app)  # a no-op unless another app in this process pointed the queue elsewhere
    task(*args)


def in_app(function: Callable[[], None]) -> None:
    """Run a task's `function` in an app context of its own (a fresh database session), then
    the `after_task` handlers."""
    app = current_app._get_current_object() if has_app_context() else _app
    if app is None:
        raise RuntimeError("the task queue has no app: call create_app() first")
    with app.app_context():
        try:
            function()
            after_task.fire()
        finally:
            db.session.remove()


def _scheduled(name: str, hook: Hook) -> None:
    try:
        with huey.lock_task(f"scheduled-{name}"):
            for handler in hook._handlers:
                try:
                    in_app(handler)
                except Exception:  # one failing handler does not stop the others
                    log.exception("Scheduled %s handler %s failed", name, handler.__name__)
    except TaskLockedException:
        log.info("Scheduled %s run skipped: another worker is running it", name)


@huey.periodic_task(crontab(minute="*"))
def every_minute_task() -> None:
    """Mail retries, closing expired quiz attempts, failing stalled jobs."""
    _scheduled("minute", every_minute)


@huey.periodic_task(crontab(minute="7"))
def hourly_task() -> None:
    """Purging job files, carried form data and ended sessions."""
    _scheduled("hourly", hourly)


@huey.periodic_task(crontab(minute="*/15"))
def daily_task() -> None:
    """Workshop reminders (every quarter hour: each reminder is claimed once, so repeats are free
    and a worker that was down at a fixed hour does not skip a day)."""
    _scheduled("daily", daily)


def lower_priority(increment: int) -> int:
    """Lower this process's CPU priority by `increment` (WORKER_NICE) and return its niceness.

    Bulk work (drawing PDFs, building exports) takes all the CPU it is given; web requests on the
    same host must come first, or a sign-up waits while certificates are drawn. The kernel gives a
    process at niceness 10 about a tenth of the CPU time of one at 0 when both want it, and all of
    it when the web processes are idle, so the work is not slowed on a quiet host.
    """
    if increment > 0:
        os.nice(increment)
    return os.nice(0)


@click.command("worker")
@click.option("--workers", "-w", default=2, show_default=True, help="Threads taking tasks.")
@click.option("--no-periodic", is_flag=True, help="Do not run the scheduled tasks here.")
def worker_command(workers: int, no_periodic: bool) -> None:
    """Take tasks from the queue until stopped (start one or more per host)."""
    app = current_app._get_current_object()
    if app.config["JOBS_IMMEDIATE"]:
        raise click.ClickException("JOBS_IMMEDIATE is set: tasks run in the web process.")
    configure(app)
    niceness = lower_priority(app.config["WORKER_NICE"])
    huey_log = logging.getLogger("huey")  # the app's own logger has its handler already
    if not huey_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        huey_log.addHandler(handler)
    huey_log.setLevel(logging.INFO)
    consumer = huey.create_consumer(
        workers=workers, worker_type="thread", periodic=not no_periodic, check_worker_health=True
    )
    click.echo(
        f"Worker taking tasks from {type(huey.storage).__name__} with {workers} thread(s), "
        f"CPU priority {niceness} (nice)."
    )
    consumer.run()


def init_app(app: Flask) -> None:
    """Configure the queue for this app and add `flask worker`."""
    configure(app)
    app.cli.add_command(worker_command)
