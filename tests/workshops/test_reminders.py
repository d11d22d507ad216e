"""`flask send-reminders`: the day before, in the workshop's own time zone, once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.core.mail import OutboxMessage
from app.extensions import db as _db
from app.workshops.models import Registration
from app.workshops.reminders import send_reminders
from tests.conftest import make_user
from tests.workshops.factories import at, make_workshop


def confirm(workshop, user, status="confirmed"):
    _db.session.add(Registration(workshop_id=workshop.id, user_id=user.id, status=status))
    _db.session.commit()


def reminders(db):
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.template == "workshop_reminder")
    ).all()


def test_reminds_confirmed_people_the_day_before_once(db):
    # Starts 09:00 Beijing on 10 May 2027 (01:00 UTC).
    workshop = make_workshop(starts_at=at(2027, 5, 10, 1), ends_at=at(2027, 5, 11, 9))
    zh = make_user(preferred_language="zh")
    en = make_user()
    waiting = make_user()
    confirm(workshop, zh)
    confirm(workshop, en)
    confirm(workshop, waiting, "waiting")
    assert send_reminders(at(2027, 5, 8, 15, 59)) == 0  # 23:59 on the 8th in Beijing
    assert send_reminders(at(2027, 5, 8, 16, 0)) == 2  # 00:00 on the 9th in Beijing
    db.session.commit()
    assert send_reminders(at(2027, 5, 9, 10)) == 0  # never twice
    mails = {m.to_user_id: m for m in reminders(db)}
    assert set(mails) == {zh.id, en.id}
    assert mails[zh.id].subject == "明天：职业中介机构监管"
    assert "09:00" in mails[zh.id].body and "http://training.test/workshops/" in mails[zh.id].body
    assert mails[en.id].subject.startswith("Tomorrow:")


def test_tomorrow_is_judged_in_the_workshops_zone(db):
    # 09:00 in Brussels on 10 May is 07:00 UTC. Reminders start at midnight on the 9th in
    # Brussels (22:00 UTC on the 8th), not at midnight in Beijing or UTC.
    workshop = make_workshop(
        timezone="Europe/Brussels",
        country="BE",
        province="",
        starts_at=at(2027, 5, 10, 7),
        ends_at=at(2027, 5, 11, 15),
    )
    confirm(workshop, make_user())
    assert send_reminders(at(2027, 5, 8, 21, 59)) == 0  # 23:59 on the 8th in Brussels
    assert send_reminders(at(2027, 5, 8, 22, 0)) == 1


def test_cancelled_and_draft_workshops_get_no_reminder(db):
    for status in ("cancelled", "draft"):
        workshop = make_workshop(
            status=status, starts_at=at(2027, 5, 10, 1), ends_at=at(2027, 5, 11, 9)
        )
        confirm(workshop, make_user())
    assert send_reminders(at(2027, 5, 9, 2)) == 0


def test_the_command_for_cron(runner, db):
    tomorrow = datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=1)
    start = datetime(
        tomorrow.year, tomorrow.month, tomorrow.day, 9, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    workshop = make_workshop(starts_at=start, ends_at=start + timedelta(hours=8))
    confirm(workshop, make_user())
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "1 reminder(s) queued." in result.output
    assert "0 reminder(s) queued." in runner.invoke(args=["send-reminders"]).output
    assert len(reminders(db)) == 1
    assert reminders(db)[0].sent_at is not None  # delivered to the mail folder
