"""The roster, attendance rates for participants and staff, the CSV export, and "My page"."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import sqlalchemy as sa

from app.core.access import Role
from app.core.db import utcnow
from app.workshops.models import AttendanceRecord
from tests.conftest import make_user, sign_in
from tests.export_check import export_both_ways
from tests.workshops.factories import make_workshop


def running_workshop(trainer=None, sessions=3):
    """A workshop that started two days ago (so its sessions have been held)."""
    workshop = make_workshop(days_ahead=-2, sessions=sessions)
    workshop.ends_at = workshop.starts_at + timedelta(days=3)
    if trainer is not None:
        workshop.trainers = [trainer]
    from app.extensions import db

    db.session.commit()
    return workshop


def confirmed(db, workshop, user):
    from app.workshops.models import Registration

    db.session.add(Registration(workshop_id=workshop.id, user_id=user.id, status="confirmed"))
    workshop.seats_taken += 1
    db.session.commit()


def test_trainer_marks_attendance_and_the_trainee_sees_the_rate(app, client_as, db):
    trainer = client_as(Role.TRAINER)
    workshop = running_workshop(trainer.user)
    alice = make_user(
        family_name_latin="Kowalska", given_name_latin="Anna", family_name_zh="", given_name_zh=""
    )
    bob = make_user(preferred_language="zh")
    for person in (alice, bob):
        confirmed(db, workshop, person)
    first, second, third = (s.id for s in workshop.sessions)
    roster = trainer.get(f"/workshops/{workshop.id}/sessions/{first}/attendance")
    page = roster.get_data(as_text=True)
    assert roster.status_code == 200 and "Anna Kowalska" in page and page.count('type="radio"') == 8
    trainer.post(
        f"/workshops/{workshop.id}/sessions/{first}/attendance",
        data={f"mark-{alice.id}": "present", f"mark-{bob.id}": "late"},
    )
    trainer.post(
        f"/workshops/{workshop.id}/sessions/{second}/attendance",
        data={f"mark-{alice.id}": "excused", f"mark-{bob.id}": "absent"},
    )
    trainer.post(
        f"/workshops/{workshop.id}/sessions/{third}/attendance",
        data={f"mark-{alice.id}": "present", f"mark-{bob.id}": "present"},
    )
    # Changing a mark replaces it; it never duplicates.
    trainer.post(
        f"/workshops/{workshop.id}/sessions/{second}/attendance",
        data={f"mark-{bob.id}": "absent"},
    )
    assert db.session.scalar(sa.select(sa.func.count(AttendanceRecord.id))) == 6
    row = db.session.scalars(
        sa.select(AttendanceRecord).where(AttendanceRecord.user_id == alice.id)
    ).first()
    assert row.marked_by_id == trainer.user.id
    checked = trainer.get(f"/workshops/{workshop.id}/sessions/{first}/attendance")
    assert 'value="present" checked' in checked.get_data(as_text=True)

    alice_client = sign_in(app.test_client(), alice)
    page = alice_client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "2 of 2 sessions (100%)" in page  # excused is left out of both sides
    bob_client = sign_in(app.test_client(), bob)
    page = bob_client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "3 个场次中出勤 2 个（66%）" in page

    staff = trainer.get(f"/workshops/{workshop.id}/participants").get_data(as_text=True)
    assert "100% (2/2)" in staff and "66% (2/3)" in staff
    assert staff.count("Meets the threshold") == 1


def test_bad_mark_and_strangers_are_refused(client_as, db):
    trainer = client_as(Role.TRAINER)
    workshop = running_workshop(trainer.user)
    member = make_user()
    confirmed(db, workshop, member)
    stranger = make_user()
    session_id = workshop.sessions[0].id
    url = f"/workshops/{workshop.id}/sessions/{session_id}/attendance"
    assert trainer.post(url, data={f"mark-{member.id}": "asleep"}).status_code == 400
    # Someone not on the roster is simply not on the form: their field is ignored.
    trainer.post(url, data={f"mark-{stranger.id}": "present"})
    assert db.session.scalar(sa.select(sa.func.count(AttendanceRecord.id))) == 0


def test_other_trainers_and_trainees_cannot_take_attendance(client_as, db):
    workshop = running_workshop(make_user(roles=(Role.TRAINER,)))
    url = f"/workshops/{workshop.id}/sessions/{workshop.sessions[0].id}/attendance"
    assert client_as(Role.TRAINER).get(url).status_code == 404
    assert client_as(Role.TRAINEE).get(url).status_code == 403
    assert client_as(Role.COORDINATOR).get(url).status_code == 200


def test_csv_export_has_bom_chinese_names_and_no_formulas(client_as, db):
    coordinator = client_as(Role.COORDINATOR, preferred_language="zh")
    workshop = running_workshop(sessions=1)
    workshop.sessions[0].title_zh = workshop.sessions[0].title_en = '=HYPERLINK("http://evil")'
    db.session.commit()
    person = make_user(organisation='=HYPERLINK("http://evil")')
    confirmed(db, workshop, person)
    coordinator.post(
        f"/workshops/{workshop.id}/sessions/{workshop.sessions[0].id}/attendance",
        data={f"mark-{person.id}": "late"},
    )
    response = coordinator.get(f"/workshops/{workshop.id}/attendance.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    # a large workshop's file comes from a job, in the asker's language, with the same bytes
    raw = export_both_ways(coordinator, f"/workshops/{workshop.id}/attendance.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "姓名" and rows[0][-1] == "出勤率（百分比）"
    assert rows[0][2].startswith("'=HYPERLINK")  # the header is escaped too
    assert rows[1][0] == "张伟 (Zhang Wei)"
    assert rows[1][1].startswith("'=")
    assert rows[1][2] == "迟到" and rows[1][3] == "100"


def test_my_page_lists_upcoming_workshops_sessions_and_teaching(client_as, db):
    trainee = client_as(Role.TRAINEE)
    upcoming = make_workshop(title_en="Next week")
    make_workshop(title_en="Old one", days_ahead=-20)
    trainee.post(f"/workshops/{upcoming.id}/register")
    page = trainee.get("/my").get_data(as_text=True)
    assert "Next week" in page and "Old one" not in page
    assert "Session 1" in page and "Confirmed" in page
    assert "Workshops I teach" not in page

    trainer = client_as(Role.TRAINER)
    taught = make_workshop(title_en="Taught one")
    taught.trainers = [trainer.user]
    db.session.commit()
    page = trainer.get("/my").get_data(as_text=True)
    assert "Workshops I teach" in page and "Taught one" in page


def test_my_page_without_workshops_says_so(client_as):
    page = client_as(Role.TRAINEE).get("/my").get_data(as_text=True)
    assert "No upcoming workshops" in page


def test_withdraw_after_start_is_refused(client_as, db):
    workshop = make_workshop()
    trainee = client_as(Role.TRAINEE)
    trainee.post(f"/workshops/{workshop.id}/register")
    workshop.starts_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    response = trainee.post(f"/workshops/{workshop.id}/withdraw")
    assert response.status_code == 409
    assert "has started" in response.get_data(as_text=True)


def test_participants_page_runs_a_bounded_number_of_queries(client_as, db):
    from tests.conftest import count_queries

    coordinator = client_as(Role.COORDINATOR)
    workshop = running_workshop(sessions=1)
    workshop.capacity = 30
    db.session.commit()
    url = f"/workshops/{workshop.id}/participants"

    def add(count):
        for _ in range(count):
            person = make_user()
            confirmed(db, workshop, person)
            db.session.add(
                AttendanceRecord(
                    session_id=workshop.sessions[0].id, user_id=person.id, mark="present"
                )
            )
        db.session.commit()

    add(2)
    with count_queries() as few:
        assert coordinator.get(url).status_code == 200
    add(12)
    with count_queries() as many:
        page = coordinator.get(url).get_data(as_text=True)
    assert page.count("100% (1/1)") == 14
    assert len(many) == len(few)


def test_mark_everyone_present_keeps_the_exceptions(client_as, db):
    trainer = client_as(Role.TRAINER, preferred_language="zh")
    workshop = running_workshop(trainer.user)
    people = [make_user() for _ in range(4)]
    for person in people:
        confirmed(db, workshop, person)
    session = workshop.sessions[0]
    url = f"/workshops/{workshop.id}/sessions/{session.id}/attendance"
    page = trainer.get(url).get_data(as_text=True)
    assert "全部标记为出席" in page and 'name="everyone" value="present"' in page
    assert "出勤：" in page and "出勤:" not in page
    late = people[1]
    response = trainer.post(url, data={f"mark-{late.id}": "late", "everyone": "present"})
    assert response.status_code == 302
    marks = dict(
        db.session.execute(
            sa.select(AttendanceRecord.user_id, AttendanceRecord.mark).where(
                AttendanceRecord.session_id == session.id
            )
        ).all()
    )
    assert {user_id: str(mark) for user_id, mark in marks.items()} == {
        p.id: ("late" if p is late else "present") for p in people
    }
    # Saving without the button marks nobody else.
    other = workshop.sessions[1]
    trainer.post(
        f"/workshops/{workshop.id}/sessions/{other.id}/attendance",
        data={f"mark-{late.id}": "absent"},
    )
    count = sa.select(sa.func.count(AttendanceRecord.id)).where(
        AttendanceRecord.session_id == other.id
    )
    assert db.session.scalar(count) == 1
