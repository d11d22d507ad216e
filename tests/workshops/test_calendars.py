"""Add to calendar: a valid RFC 5545 file per workshop, and a private, revocable feed."""

from __future__ import annotations

import re

import sqlalchemy as sa
from icalendar import Calendar

from app.core.access import Role
from app.workshops.models import CalendarFeed, Registration
from tests.workshops.factories import at, make_brussels_workshop, make_workshop


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_workshop_ics_has_every_session_in_its_zone_with_vtimezone(client_as):
    workshop = make_brussels_workshop(at(2027, 3, 26, 8), at(2027, 3, 29, 16), sessions=3)
    trainee = client_as(Role.TRAINEE)
    response = trainee.get(f"/workshops/{workshop.id}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    raw = response.data
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\nVERSION:2.0\r\n" in raw
    calendar = parse(raw)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert [str(t["TZID"]) for t in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    first = events[0]
    assert first["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert first.decoded("DTSTART").strftime("%H:%M") == "09:00"  # CET
    assert first.decoded("DTSTART").utcoffset().total_seconds() == 3600
    assert "Session 1" in str(first["SUMMARY"]) and "Brussels" in str(first["LOCATION"])
    assert len({str(e["UID"]) for e in events}) == 3
    assert b"DTSTAMP:" in raw


def test_workshop_ics_in_chinese(client_as):
    workshop = make_workshop()
    trainee = client_as(Role.TRAINEE, preferred_language="zh")
    calendar = parse(trainee.get(f"/workshops/{workshop.id}/calendar.ics").data)
    summary = str(calendar.walk("VEVENT")[0]["SUMMARY"])
    assert summary == "第1单元 · 职业中介机构监管"
    assert "福建省" in str(calendar.walk("VEVENT")[0]["LOCATION"])


def test_draft_workshop_has_no_calendar_for_trainees(client_as):
    workshop = make_workshop(status="draft")
    assert client_as(Role.TRAINEE).get(f"/workshops/{workshop.id}/calendar.ics").status_code == 404


def test_private_feed_lists_my_workshops_and_can_be_revoked(client_as, client, db):
    mine = make_workshop(title_en="Mine", sessions=2)
    make_workshop(title_en="Not mine", sessions=2)
    trainee = client_as(Role.TRAINEE)
    trainee.post(f"/workshops/{mine.id}/register")
    page = trainee.post("/workshops/calendar-feed/new").get_data(as_text=True)
    url = re.search(r'value="(http://training\.test/workshops/feed/[^"]+\.ics)"', page).group(1)
    feed = db.session.scalars(sa.select(CalendarFeed)).one()
    token = url.rsplit("/", 1)[1][: -len(".ics")]
    assert token not in feed.token_hash and len(feed.token_hash) == 64  # only a hash is stored

    path = url.removeprefix("http://training.test")
    response = client.get(path)  # a calendar program: not signed in
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    summaries = [str(e["SUMMARY"]) for e in parse(response.data).walk("VEVENT")]
    assert len(summaries) == 2 and all("Mine" in s for s in summaries)
    assert db.session.scalars(sa.select(CalendarFeed)).one().last_used_at is not None

    # A new address replaces the old one.
    page = trainee.post("/workshops/calendar-feed/new").get_data(as_text=True)
    assert client.get(path).status_code == 404
    new_path = re.search(r'value="http://training\.test(/workshops/feed/[^"]+\.ics)"', page).group(
        1
    )
    assert client.get(new_path).status_code == 200
    # Stopping it asks first (nothing changes), then it stops working.
    question = trainee.get("/workshops/calendar-feed/revoke").get_data(as_text=True)
    assert "Stop your calendar feed?" in question and "Yes, stop the feed" in question
    assert client.get(new_path).status_code == 200
    trainee.post("/workshops/calendar-feed/revoke")
    assert client.get(new_path).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(CalendarFeed.id))) == 0
    assert "no feed address yet" in trainee.get("/workshops/calendar-feed").get_data(as_text=True)


def test_feed_marks_cancelled_workshops_and_includes_teaching(client_as, db):
    trainer = client_as(Role.TRAINER)
    make_workshop(title_en="Taught", sessions=1, trainers=[trainer.user])
    cancelled = make_workshop(title_en="Called off", sessions=1)
    db.session.add(
        Registration(workshop_id=cancelled.id, user_id=trainer.user.id, status="confirmed")
    )
    cancelled.status = "cancelled"
    db.session.commit()
    page = trainer.post("/workshops/calendar-feed/new").get_data(as_text=True)
    path = re.search(r'value="http://training\.test(/workshops/feed/[^"]+\.ics)"', page).group(1)
    events = parse(trainer.get(path).data).walk("VEVENT")
    statuses = {str(e["SUMMARY"]).split(" · ")[1]: str(e["STATUS"]) for e in events}
    assert statuses == {"Taught": "CONFIRMED", "Called off": "CANCELLED"}


def test_feed_of_a_deactivated_account_stops(client_as, client, db):
    trainee = client_as(Role.TRAINEE)
    page = trainee.post("/workshops/calendar-feed/new").get_data(as_text=True)
    path = re.search(r'value="http://training\.test(/workshops/feed/[^"]+\.ics)"', page).group(1)
    assert client.get(path).status_code == 200
    trainee.user.active = False
    db.session.commit()
    assert client.get(path).status_code == 404
    assert client.get("/workshops/feed/guess.ics").status_code == 404
