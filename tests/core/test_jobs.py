"""Background jobs in the queue's immediate mode: the job page, who sees it, failure and retry,
stalled and expired jobs, the scheduled handlers, and mail claimed once with back-off."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core import jobs, queue
from app.core.access import Role
from app.core.db import utcnow
from app.core.jobs import N_, Job, JobFailed, JobKind, JobState
from app.core.mail import OutboxMessage, deliver_pending, queue_mail
from app.core.storage import get_storage
from tests.conftest import make_user, sign_in

calls: list[int] = []


def _flaky(job: Job, progress) -> dict:
    """Fails on its first run, succeeds on the next: a job that can simply run again."""
    calls.append(job.id)
    progress.total(3)
    if job.attempts == 1:
        raise JobFailed(N_("The workshop, module or exchange no longer exists."))
    progress.step(3)
    progress.file(b"a,b\n1,2\n", "result.csv", "text/csv")
    return {"counts": {N_("Certificates issued"): 3}}


@pytest.fixture
def flaky_kind():
    jobs.register_kind(JobKind("tests.flaky", "Flaky test work", _flaky))
    calls.clear()
    return "tests.flaky"


def _started(owner, kind: str) -> Job:
    from app.extensions import db

    job = jobs.start(kind, owner, anything=1)
    db.session.commit()
    jobs.launch(job)
    db.session.expire_all()
    return db.session.get(Job, job.id)


def test_a_failed_job_says_why_in_both_languages_and_runs_again(app, db, flaky_kind):
    coordinator = make_user(roles=(Role.COORDINATOR,))
    job = _started(coordinator, flaky_kind)
    assert job.state == JobState.FAILED.value and job.attempts == 1
    client = sign_in(app.test_client(), coordinator)
    english = client.get(f"/jobs/{job.id}")
    assert "The workshop, module or exchange no longer exists." in english.text
    assert "Run it again" in english.text
    client.post("/language", data={"lang": "zh"})
    chinese = client.get(f"/jobs/{job.id}").text
    assert "Run it again" not in chinese and "重新运行" in chinese
    status = client.get(f"/jobs/{job.id}.json").get_json()
    assert status["state"] == "failed" and status["finished"] and status["failure"]

    retried = client.post(f"/jobs/{job.id}/retry")
    assert retried.status_code == 303
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.state == JobState.DONE.value and job.attempts == 2 and job.percent == 100
    assert calls == [job.id, job.id]
    status = client.get(f"/jobs/{job.id}.json").get_json()
    assert status["file_url"] == f"/jobs/{job.id}/file"
    download = client.get(status["file_url"])
    assert download.get_data() == b"a,b\n1,2\n"
    download.close()
    # A finished job is not run again.
    client.post(f"/jobs/{job.id}/retry")
    assert calls == [job.id, job.id]


def test_only_the_owner_and_admins_see_a_job(app, db, flaky_kind):
    owner = make_user(roles=(Role.COORDINATOR,))
    job = _started(owner, flaky_kind)
    for role, expected in (
        (Role.COORDINATOR, 404),
        (Role.TRAINEE, 404),
        (Role.TRAINER, 404),
        (Role.ADMIN, 200),
    ):
        client = sign_in(app.test_client(), make_user(roles=(role,)))
        for url in (f"/jobs/{job.id}", f"/jobs/{job.id}.json"):
            assert client.get(url).status_code == expected, (role, url)
        if expected == 404:
            assert client.post(f"/jobs/{job.id}/retry").status_code == 404
    mine = sign_in(app.test_client(), owner)
    assert mine.get(f"/jobs/{job.id}").status_code == 200
    listing = mine.get("/jobs/").text
    assert "Flaky test work" in listing and f"/jobs/{job.id}" in listing
    other = sign_in(app.test_client(), make_user(roles=(Role.COORDINATOR,)))
    assert f"/jobs/{job.id}" not in other.get("/jobs/").text
    anonymous = app.test_client().get(f"/jobs/{job.id}")
    assert anonymous.status_code == 302 and "/account/login" in anonymous.location


def test_a_job_page_polls_with_js_and_offers_a_refresh_link_without(app, db, flaky_kind):
    owner = make_user(roles=(Role.COORDINATOR,))
    job = jobs.start(flaky_kind, owner)
    db.session.commit()  # not launched: still waiting
    page = sign_in(app.test_client(), owner).get(f"/jobs/{job.id}").text
    assert "js/jobs.js" in page and f'data-status-url="/jobs/{job.id}.json"' in page
    assert f'href="/jobs/{job.id}">Refresh</a>' in page
    assert 'http-equiv="refresh"' not in page


def test_a_running_job_whose_worker_died_fails_and_can_run_again(app, db, flaky_kind):
    owner = make_user(roles=(Role.COORDINATOR,))
    job = jobs.start(flaky_kind, owner)
    db.session.commit()
    assert jobs.claim(job.id)
    assert not jobs.claim(job.id)  # a second delivery of the same task does nothing
    assert jobs.fail_stalled() == 0
    later = utcnow() + timedelta(seconds=app.config["JOB_STALLED_SECONDS"] + 1)
    assert jobs.fail_stalled(later) == 1
    db.session.commit()
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.state == JobState.FAILED.value
    assert jobs.requeue(job)
    db.session.commit()
    jobs.launch(job)
    db.session.expire_all()
    assert db.session.get(Job, job.id).state == JobState.DONE.value


def test_produced_files_are_deleted_when_their_time_is_up(app, db, flaky_kind):
    owner = make_user(roles=(Role.COORDINATOR,))
    job = _started(owner, flaky_kind)
    jobs.requeue(job)
    db.session.commit()
    jobs.launch(job)
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    key = job.file_key
    get_storage().open(key).close()
    assert jobs.purge_files() == 0
    assert jobs.purge_files(utcnow() + timedelta(hours=app.config["JOB_FILE_HOURS"] + 1)) == 1
    db.session.expire_all()
    assert db.session.get(Job, job.id).file_key is None
    with pytest.raises(FileNotFoundError):
        get_storage().open(key)
    client = sign_in(app.test_client(), owner)
    gone = client.get(f"/jobs/{job.id}/file", follow_redirects=True)
    assert "This file is no longer kept." in gone.text


def test_the_scheduled_work_is_registered_in_the_queue(app):
    every_minute = {handler.__name__ for handler in queue.every_minute._handlers}
    hourly = {handler.__name__ for handler in queue.hourly._handlers}
    daily = {handler.__name__ for handler in queue.daily._handlers}
    assert {"deliver_pending", "close_expired_now", "_fail_stalled"} <= every_minute
    assert {"purge_files", "purge_stale", "purge_ended"} <= hourly
    assert {"send_reminders_now"} <= daily
    periodic = {task.__name__ for task in queue.huey._registry._periodic_tasks}
    assert {"every_minute_task", "hourly_task", "daily_task"} <= periodic


def test_a_scheduled_run_is_skipped_while_another_scheduler_holds_it(app, db):
    ran = []
    hook = queue.Hook("tests")
    hook.register(lambda: ran.append(1))
    with queue.huey.lock_task("scheduled-tests"):
        queue._scheduled("tests", hook)
    assert ran == []
    queue._scheduled("tests", hook)
    assert ran == [1]


def test_requests_only_queue_mail_and_each_message_goes_out_once(app, db, monkeypatch):
    user = make_user()
    with app.test_request_context():
        queue_mail(user, "password_reset", reset_url="http://x/reset", hours=2)
    db.session.commit()
    claimed_by_other = db.session.scalar(sa.select(OutboxMessage))
    claimed_by_other.claimed_until = utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert deliver_pending() == 0  # another worker holds it
    claimed_by_other.claimed_until = utcnow() - timedelta(seconds=1)  # that worker died
    db.session.commit()
    assert deliver_pending() == 1
    assert deliver_pending() == 0


def test_a_failed_delivery_waits_longer_each_time(app, db, monkeypatch):
    app.config["MAIL_SERVER"] = "smtp.invalid"
    attempts = []

    class Refusing:
        def __init__(self, host, port, timeout):
            attempts.append(timeout)
            raise smtplib.SMTPConnectError(421, "busy")

    monkeypatch.setattr(smtplib, "SMTP", Refusing)
    try:
        user = make_user()
        with app.test_request_context():
            queue_mail(user, "password_reset", reset_url="http://x/reset", hours=2)
        db.session.commit()
        assert deliver_pending() == 0
        message = db.session.scalar(sa.select(OutboxMessage))
        first_wait = message.next_attempt_at - utcnow()
        assert timedelta(seconds=30) < first_wait <= timedelta(minutes=1)
        assert deliver_pending() == 0 and len(attempts) == 1  # not before its time
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        deliver_pending()
        db.session.refresh(message)
        assert message.attempts == 2 and message.claimed_until is None
        assert message.next_attempt_at - utcnow() > timedelta(minutes=3)
        assert attempts == [app.config["MAIL_TIMEOUT"]] * 2 and attempts[0] <= 15
    finally:
        app.config["MAIL_SERVER"] = ""


def test_mail_is_delivered_exactly_once_by_simultaneous_workers(app, db, postgres_only):
    from tests.conftest import run_at_once

    user = make_user()
    with app.test_request_context():
        for _ in range(30):
            queue_mail(user, "password_reset", reset_url="http://x/reset", hours=2)
    db.session.commit()
    results, errors = run_at_once(app, [deliver_pending for _ in range(4)])
    assert errors == []
    assert sum(results) == 30
    assert db.session.scalar(sa.select(sa.func.max(OutboxMessage.attempts))) == 1


def test_forgot_password_only_queues_the_address_whatever_it_is(app, client, db, monkeypatch):
    from app.auth import reset_mail

    make_user(email="known@example.org")
    queued = []
    monkeypatch.setattr(reset_mail, "enqueue", lambda task, *args: queued.append((task, args)))
    for address in ("known@example.org", "unknown@example.org"):
        response = client.post("/account/forgot-password", data={"email": address})
        assert response.status_code == 302
    assert [args for _task, args in queued] == [("known@example.org",), ("unknown@example.org",)]
    assert {task for task, _args in queued} == {reset_mail.send_reset_link_task}
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0  # nothing in-request
