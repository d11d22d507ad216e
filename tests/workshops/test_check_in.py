"""Self check-in: rotating codes on the room screen, present then late, clear refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.access import Role
from app.core.db import utcnow
from app.workshops import checkin
from app.workshops.attendance import Mark
from app.workshops.models import AttendanceRecord, Registration
from tests.workshops.factories import at, make_workshop

SECRET = b"test-secret"
START = at(2027, 5, 10, 1)
END = at(2027, 5, 10, 2, 30)
WINDOW = [checkin.SessionWindow(7, START, END)]


# --- Pure rules ----------------------------------------------------------------------------------


def test_codes_are_short_readable_and_differ_by_session_and_step():
    code = checkin.code_for(SECRET, 7, 1000)
    assert len(code) == 6 and set(code) <= set(checkin.ALPHABET)
    assert not set(code) & set("01IOL")
    assert code == checkin.code_for(SECRET, 7, 1000)
    assert code != checkin.code_for(SECRET, 8, 1000)
    assert code != checkin.code_for(SECRET, 7, 1001)
    assert code != checkin.code_for(b"other-secret", 7, 1000)


def test_codes_spread_over_the_alphabet():
    codes = {checkin.code_for(SECRET, 7, step) for step in range(2000)}
    assert len(codes) == 2000
    assert {c[0] for c in codes} == set(checkin.ALPHABET)


@pytest.mark.parametrize(
    "offset,mark",
    [
        (timedelta(minutes=-30), Mark.PRESENT),  # opens 30 minutes early
        (timedelta(0), Mark.PRESENT),
        (timedelta(minutes=10), Mark.PRESENT),  # the end of the grace period
        (timedelta(minutes=10, seconds=1), Mark.LATE),
        (timedelta(minutes=90), Mark.LATE),  # the session's end
    ],
)
def test_present_within_the_grace_period_late_after(offset, mark):
    now = START + offset
    code = checkin.current_code(SECRET, 7, now)
    result = checkin.check(SECRET, code, WINDOW, now)
    assert (result.outcome, result.session_id, result.mark) == (checkin.Outcome.ACCEPTED, 7, mark)


def test_typing_is_forgiving():
    now = START
    code = checkin.current_code(SECRET, 7, now)
    typed = f" {code[:3].lower()}-{code[3:]} "
    assert checkin.check(SECRET, typed, WINDOW, now).outcome is checkin.Outcome.ACCEPTED


def test_previous_code_still_works_older_ones_have_expired():
    now = START + timedelta(minutes=5)
    previous = checkin.current_code(SECRET, 7, now - checkin.STEP)
    older = checkin.current_code(SECRET, 7, now - 2 * checkin.STEP)
    assert checkin.check(SECRET, previous, WINDOW, now).outcome is checkin.Outcome.ACCEPTED
    assert checkin.check(SECRET, older, WINDOW, now).outcome is checkin.Outcome.EXPIRED


@pytest.mark.parametrize("offset", [timedelta(minutes=-31), timedelta(minutes=90, seconds=1)])
def test_outside_the_window_is_closed(offset):
    now = START + offset
    code = checkin.current_code(SECRET, 7, now)
    assert checkin.check(SECRET, code, WINDOW, now).outcome is checkin.Outcome.CLOSED


@pytest.mark.parametrize("typed", ["", "ABC", "ZZZZZZ", "2345678"])
def test_wrong_codes(typed):
    assert checkin.check(SECRET, typed, WINDOW, START).outcome is checkin.Outcome.WRONG


def test_another_sessions_code_is_wrong_for_someone_not_in_it():
    code = checkin.current_code(SECRET, 8, START)
    assert checkin.check(SECRET, code, WINDOW, START).outcome is checkin.Outcome.WRONG


# --- Pages ---------------------------------------------------------------------------------------


def running_session(db, user, minutes_since_start=0):
    """A workshop whose first session started `minutes_since_start` minutes ago."""
    start = utcnow().replace(microsecond=0) - timedelta(minutes=minutes_since_start)
    workshop = make_workshop(sessions=1, starts_at=start, ends_at=start + timedelta(hours=8))
    db.session.add(Registration(workshop_id=workshop.id, user_id=user.id, status="confirmed"))
    db.session.commit()
    return workshop, workshop.sessions[0]


def screen_code(client, workshop, session):
    page = client.get(f"/workshops/{workshop.id}/sessions/{session.id}/check-in-screen")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'src="data:image/svg+xml' in html
    # no <meta http-equiv="refresh"> (it reloads under a screen reader): a script polls instead,
    # into a live region, and a link refreshes by hand without it
    assert "http-equiv" not in html and "js/check_in_screen.js" in html
    assert 'id="check-in-live" aria-live="polite"' in html
    assert "Show the current code" in html
    import re

    return re.search(r'class="check-in-code"[^>]*>([A-Z0-9]{6})<', html).group(1)


def test_participant_checks_in_with_the_screen_code(app, client_as, db):
    trainee = client_as(Role.TRAINEE, preferred_language="zh")
    workshop, session = running_session(db, trainee.user, minutes_since_start=5)
    coordinator = client_as(Role.COORDINATOR)
    code = screen_code(coordinator, workshop, session)
    form = trainee.get(f"/workshops/check-in?code={code}").get_data(as_text=True)
    assert f'value="{code}"' in form  # the QR code's link fills the form
    response = trainee.post("/workshops/check-in", data={"code": code})
    assert response.status_code == 302
    assert "签到成功，记为：出席。" in trainee.get(response.headers["Location"]).get_data(
        as_text=True
    )
    row = db.session.scalars(sa.select(AttendanceRecord)).one()
    assert (row.mark, row.user_id, row.session_id) == ("present", trainee.user.id, session.id)


def test_late_arrival_is_marked_late(client_as, db):
    trainee = client_as(Role.TRAINEE)
    workshop, session = running_session(db, trainee.user, minutes_since_start=20)
    code = screen_code(client_as(Role.COORDINATOR), workshop, session)
    trainee.post("/workshops/check-in", data={"code": code})
    assert db.session.scalars(sa.select(AttendanceRecord.mark)).one() == "late"


def test_wrong_code_gets_a_clear_message_and_records_nothing(client_as, db):
    trainee = client_as(Role.TRAINEE)
    running_session(db, trainee.user)
    response = trainee.post("/workshops/check-in", data={"code": "ZZZZZZ"})
    assert response.status_code == 400
    assert "does not match any session" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(AttendanceRecord.id))) == 0


def test_someone_not_registered_cannot_use_the_code(client_as, db):
    registered = client_as(Role.TRAINEE)
    workshop, session = running_session(db, registered.user)
    code = screen_code(client_as(Role.COORDINATOR), workshop, session)
    outsider = client_as(Role.TRAINEE)
    assert outsider.post("/workshops/check-in", data={"code": code}).status_code == 400


def test_screen_before_the_window_shows_no_code(client_as, db):
    trainee = client_as(Role.TRAINEE)
    workshop = make_workshop(sessions=1)  # in ten days
    page = client_as(Role.COORDINATOR).get(
        f"/workshops/{workshop.id}/sessions/{workshop.sessions[0].id}/check-in-screen"
    )
    html = page.get_data(as_text=True)
    assert "Check-in opens at" in html and 'class="check-in-code"' not in html
    assert (
        trainee.get(
            f"/workshops/{workshop.id}/sessions/{workshop.sessions[0].id}/check-in-screen"
        ).status_code
        == 403
    )


def test_guessing_is_rate_limited(client_as, db):
    trainee = client_as(Role.TRAINEE)
    running_session(db, trainee.user)
    statuses = [
        trainee.post("/workshops/check-in", data={"code": f"ZZZZZ{c}"}).status_code
        for c in "23456789ABCD"
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]
