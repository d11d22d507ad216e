"""Sign-in sheets, name badges and typing a paper sheet back in."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.core.access import Role
from app.workshops.attendance import RowNumberError, parse_row_numbers
from app.workshops.models import AttendanceRecord, Registration
from tests.conftest import make_user
from tests.pdf_check import fonts_not_embedded, printed_text, uncovered_characters
from tests.workshops.factories import make_workshop


def confirm(db, workshop, *people):
    for person in people:
        db.session.add(Registration(workshop_id=workshop.id, user_id=person.id, status="confirmed"))
        workshop.seats_taken += 1
    db.session.commit()


def participants(db, workshop):
    """Three people with names in different scripts, in sheet order (Latin name first)."""
    people = [
        make_user(
            family_name_zh="",
            given_name_zh="",
            family_name_latin="Horvat",
            given_name_latin="Đurđica",
            organisation="Državni inspektorat",
        ),
        make_user(
            family_name_zh="",
            given_name_zh="",
            family_name_latin="Kowalski",
            given_name_latin="Łukasz",
            organisation="PIP",
        ),
        make_user(
            family_name_zh="张",
            given_name_zh="伟",
            family_name_latin="Zhang",
            given_name_latin="Wei",
        ),
        make_user(
            family_name_zh="",
            given_name_zh="",
            family_name_latin="Popescu",
            given_name_latin="Ștefan",
            organisation="ITM",
        ),
    ]
    confirm(db, workshop, *people)
    return people


def test_sign_in_sheet_prints_every_name_in_both_languages(client_as, db):
    workshop = make_workshop()
    participants(db, workshop)
    coordinator = client_as(Role.COORDINATOR)
    session = workshop.sessions[0]
    response = coordinator.get(f"/workshops/{workshop.id}/sessions/{session.id}/sign-in-sheet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    data = response.data
    text = printed_text(data)
    for expected in [
        "Sign-in sheet / 签到表",
        "Monitoring recruitment agencies / 职业中介机构监管",
        "Session 1 / 第1单元",
        "Signature / 签名",
        "Đurđica Horvat",
        "Łukasz Kowalski",
        "张伟 (Zhang Wei)",
        "Ștefan Popescu",
        "Asia/Shanghai",
    ]:
        assert expected in text, expected
    assert fonts_not_embedded(data) == []
    assert uncovered_characters(data) == []


def test_badges_for_trainers_and_participants(client_as, db):
    trainer = make_user(
        roles=(Role.TRAINER,),
        family_name_zh="",
        given_name_zh="",
        family_name_latin="Rossi",
        given_name_latin="Maria",
    )
    workshop = make_workshop(trainers=[trainer])
    participants(db, workshop)
    response = client_as(Role.COORDINATOR).get(f"/workshops/{workshop.id}/badges.pdf")
    text = printed_text(response.data)
    assert "Maria Rossi" in text and "Trainer / 培训师" in text
    assert "张伟" in text and "Zhang Wei" in text and "Ștefan Popescu" in text
    assert uncovered_characters(response.data) == []


def test_documents_are_for_the_workshops_staff_only(client_as, db):
    workshop = make_workshop()
    url = f"/workshops/{workshop.id}/badges.pdf"
    assert client_as(Role.TRAINEE).get(url).status_code == 403
    assert client_as(Role.TRAINER).get(url).status_code == 404


def test_paper_sign_in_marks_rows_and_the_rest_absent(client_as, db):
    workshop = make_workshop()
    horvat, kowalski, zhang, popescu = participants(db, workshop)
    coordinator = client_as(Role.COORDINATOR)
    session = workshop.sessions[0]
    url = f"/workshops/{workshop.id}/sessions/{session.id}/paper-sign-in"
    page = coordinator.get(url).get_data(as_text=True)
    assert page.index("Đurđica Horvat") < page.index("Łukasz Kowalski") < page.index("Ștefan")
    response = coordinator.post(url, data={"present": "1，3", "late": "2", "excused": ""})
    assert response.status_code == 302
    marks = dict(
        db.session.execute(
            sa.select(AttendanceRecord.user_id, AttendanceRecord.mark).where(
                AttendanceRecord.session_id == session.id
            )
        ).all()
    )
    assert marks == {
        horvat.id: "present",
        kowalski.id: "late",
        popescu.id: "present",
        zhang.id: "absent",
    }


@pytest.mark.parametrize(
    "data,message",
    [
        ({"present": "1, 9"}, "“9” is not a row of the sheet (rows 1 to 4)."),
        ({"present": "1", "late": "1"}, "Row 1 is listed twice."),
        ({"present": "one"}, "“one” is not a row of the sheet"),
    ],
)
def test_paper_sign_in_refuses_bad_rows_and_keeps_the_input(client_as, db, data, message):
    workshop = make_workshop()
    participants(db, workshop)
    coordinator = client_as(Role.COORDINATOR)
    url = f"/workshops/{workshop.id}/sessions/{workshop.sessions[0].id}/paper-sign-in"
    response = coordinator.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert f'value="{data["present"]}"' in page
    assert db.session.scalar(sa.select(sa.func.count(AttendanceRecord.id))) == 0


@pytest.mark.parametrize(
    "typed,rows,expected",
    [
        ("", 5, set()),
        ("1", 5, {1}),
        ("1, 3-5", 5, {1, 3, 4, 5}),
        ("2 4", 5, {2, 4}),
        ("1、2；3", 5, {1, 2, 3}),
        ("5-5", 5, {5}),
        ("1–2", 5, {1, 2}),
        ("1,,2", 5, {1, 2}),
    ],
)
def test_row_numbers_are_read(typed, rows, expected):
    assert parse_row_numbers(typed, rows) == expected


@pytest.mark.parametrize("typed", ["0", "6", "3-2", "4-6", "a", "-1", "1-", "1.5"])
def test_unreadable_row_numbers_are_named(typed):
    with pytest.raises(RowNumberError) as caught:
        parse_row_numbers(typed, 5)
    assert caught.value.text == typed
