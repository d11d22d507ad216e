"""A real `flask worker` process for the tests that need one (the crash test, the browser test of
jobs): started against the test app's database and a given queue, stopped however the test ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_worker(app, queue_url: str, log_dir: Path) -> subprocess.Popen:
    """Start one worker thread on the queue, its output in a log file under `log_dir`."""
    env = {
        **os.environ,
        "APP_CONFIG": "development",
        "FLASK_APP": "wsgi.py",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "JOB_QUEUE_URL": queue_url,
        "JOBS_IMMEDIATE": "0",
        "UPLOAD_DIR": app.config["UPLOAD_DIR"],
        "MAIL_FOLDER": app.config["MAIL_FOLDER"],
        "PUBLIC_BASE_URL": app.config["PUBLIC_BASE_URL"],
    }
    with (log_dir / f"worker-{time.monotonic_ns()}.log").open("wb") as log:
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "flask"), "worker", "-w", "1", "--no-periodic"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


@contextmanager
def worker_process(app, queue_url: str, log_dir: Path) -> Iterator[subprocess.Popen]:
    """A started worker, stopped on the way out (asked first, killed if it does not stop)."""
    worker = start_worker(app, queue_url, log_dir)
    try:
        yield worker
    finally:
        worker.terminate()  # nothing to do if the test has killed it already
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
