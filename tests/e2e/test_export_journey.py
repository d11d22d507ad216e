"""Jobs in a real browser with a real worker process: "Issue to all" shows its job waiting, then
the page's script follows a `flask worker` through to the result; the certificate register's CSV,
over EXPORT_JOB_ROWS, is offered as a job whose page ends with the download."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.certificates.models import Certificate
from app.core import queue
from app.core.access import Role
from tests.certificates.factories import held_workshop, people
from tests.conftest import make_user
from tests.e2e.conftest import sign_in_browser
from tests.worker_process import worker_process


@pytest.fixture
def real_queue(app, tmp_path, monkeypatch):
    """The live server queues into a SQLite queue file that a worker process takes from."""
    url = f"sqlite:///{tmp_path / 'queue.db'}"
    monkeypatch.setitem(app.config, "JOBS_IMMEDIATE", False)
    monkeypatch.setitem(app.config, "JOB_QUEUE_URL", url)
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 2)
    queue.configure(app)
    try:
        yield url
    finally:
        queue.huey.flush()
        app.config.update(JOBS_IMMEDIATE=True, JOB_QUEUE_URL="")
        queue.configure(app)


def test_issuing_and_a_large_export_run_in_a_worker_with_progress(
    live, page_for, db, app, real_queue, tmp_path
):
    make_user(email="registrar@example.org", roles=(Role.COORDINATOR,))
    trainees = people(
        ("张", "伟", "Zhang", "Wei"), ("李", "娜", "Li", "Na"), ("王", "芳", "Wang", "Fang")
    )
    workshop = held_workshop({person: ["present"] * 5 for person in trainees})

    page = page_for("en")
    sign_in_browser(page, live, "registrar@example.org")
    page.goto(f"{live.url}/certificates/workshop/{workshop.id}")
    page.get_by_role("button", name="Issue to all who qualify").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    assert page.get_by_text("The work has started.").is_visible()
    assert page.get_by_text("Waiting to start").is_visible()  # no worker is running yet
    assert page.get_by_role("progressbar").is_visible()

    with worker_process(app, real_queue, tmp_path):
        # the page's script follows the job and shows the result without a click
        issued = page.get_by_role("row", name="Certificates issued 3")
        issued.wait_for(timeout=90_000)

        # the register (3 rows, over EXPORT_JOB_ROWS here) is offered as a background job
        page.goto(f"{live.url}/certificates/?status=live")
        page.get_by_role("link", name="Download as CSV").click()
        assert page.get_by_text("This export has 3 rows.").is_visible()
        page.get_by_role("button", name="Prepare the file").click()
        page.wait_for_url(re.compile(r"/jobs/\d+$"))
        link = page.get_by_role("link", name="Download certificates.csv")
        link.wait_for(timeout=90_000)
        assert page.get_by_role("row", name="Rows in the file 3").is_visible()
        with page.expect_download() as download_info:
            link.click()
        body = Path(download_info.value.path()).read_bytes().decode("utf-8-sig")
    db.session.expire_all()
    certificates = db.session.scalars(sa.select(Certificate)).all()
    assert len(certificates) == 3 and body.count("\n") == 4
    assert all(c.code_display in body for c in certificates)
