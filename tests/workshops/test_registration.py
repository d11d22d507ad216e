"""Registering, the waiting list, withdrawing, approval: through the pages a trainee uses."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.core.access import Role
from app.core.audit import AuditEntry
from app.core.db import utcnow
from app.core.mail import OutboxMessage
from app.workshops.models import Registration, Workshop
from tests.conftest import make_user, sign_in
from tests.workshops.factories import make_workshop


def registrations(db, workshop):
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.workshop_id == workshop.id)
        .order_by(Registration.id)
    ).all()


def register(client, workshop, **answers):
    return client.post(f"/workshops/{workshop.id}/register", data=answers)


def test_trainee_registers_with_answers_and_sees_it_confirmed(client_as, db):
    workshop = make_workshop()
    trainee = client_as(Role.TRAINEE)
    response = register(
        trainee, workshop, dietary_needs="Halal", accessibility_needs="", needs_interpretation="y"
    )
    assert response.status_code == 302
    page = trainee.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your seat is confirmed" in page or "your seat is confirmed" in page
    [row] = registrations(db, workshop)
    assert (row.status, row.dietary_needs, row.needs_interpretation) == ("confirmed", "Halal", True)
    assert db.session.get(Workshop, workshop.id).seats_taken == 1


def test_registration_page_in_chinese(client_as):
    workshop = make_workshop()
    trainee = client_as(Role.TRAINEE, preferred_language="zh")
    page = trainee.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "职业中介机构监管" in page and "报名" in page
    response = register(trainee, workshop)
    page = trainee.get(response.headers["Location"]).get_data(as_text=True)
    assert "您已报名，座位已确认。" in page


def test_full_workshop_puts_people_on_the_waiting_list_in_order(client_as, db):
    workshop = make_workshop(capacity=1)
    first, second, third = (client_as(Role.TRAINEE) for _ in range(3))
    for client in (first, second, third):
        register(client, workshop)
    assert [r.status for r in registrations(db, workshop)] == ["confirmed", "waiting", "waiting"]
    page = second.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "On the waiting list" in page and "You are number 1 on the waiting list." in page
    page = third.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "You are number 2 on the waiting list." in page


def test_withdrawal_promotes_the_first_waiting_person_and_tells_them(client_as, db):
    workshop = make_workshop(capacity=1)
    first = client_as(Role.TRAINEE)
    second = client_as(Role.TRAINEE, preferred_language="zh")
    third = client_as(Role.TRAINEE)
    for client in (first, second, third):
        register(client, workshop)
    # the page offers a question first; asking changes nothing
    page = first.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert f'<a class="button button-secondary" href="/workshops/{workshop.id}/withdraw">' in page
    question = first.get(f"/workshops/{workshop.id}/withdraw").get_data(as_text=True)
    assert "Withdraw your registration for Monitoring recruitment agencies?" in question
    assert f'<form method="post" action="/workshops/{workshop.id}/withdraw"' in question
    assert [r.status for r in registrations(db, workshop)] == ["confirmed", "waiting", "waiting"]
    response = first.post(f"/workshops/{workshop.id}/withdraw")
    assert response.status_code == 302
    assert [r.status for r in registrations(db, workshop)] == ["withdrawn", "confirmed", "waiting"]
    [mail] = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.template == "registration_promoted")
    ).all()
    assert mail.to_user_id == second.user.id
    assert mail.language == "zh" and "座位" in mail.subject and "职业中介机构监管" in mail.body
    assert db.session.get(Workshop, workshop.id).seats_taken == 1


def test_withdraw_and_register_again_goes_to_the_back_of_the_queue(client_as, db):
    workshop = make_workshop(capacity=1)
    first, second = client_as(Role.TRAINEE), client_as(Role.TRAINEE)
    register(first, workshop)
    register(second, workshop)
    first.post(f"/workshops/{workshop.id}/withdraw")
    register(first, workshop)
    rows = registrations(db, workshop)
    assert [(r.user_id, r.status) for r in rows] == [
        (first.user.id, "withdrawn"),
        (second.user.id, "confirmed"),
        (first.user.id, "waiting"),
    ]


def test_nobody_holds_two_registrations(client_as, db):
    workshop = make_workshop()
    trainee = client_as(Role.TRAINEE)
    register(trainee, workshop)
    response = register(trainee, workshop)
    assert response.status_code == 409
    assert "already registered" in response.get_data(as_text=True)
    assert len(registrations(db, workshop)) == 1
    assert db.session.get(Workshop, workshop.id).seats_taken == 1


def test_the_database_refuses_a_second_live_registration(db):
    workshop = make_workshop()
    user = make_user()
    db.session.add(Registration(workshop_id=workshop.id, user_id=user.id, status="confirmed"))
    db.session.commit()
    db.session.add(Registration(workshop_id=workshop.id, user_id=user.id, status="waiting"))
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
    else:
        raise AssertionError("a second live registration was stored")
    db.session.add(Registration(workshop_id=workshop.id, user_id=user.id, status="withdrawn"))
    db.session.commit()  # history rows are fine


def test_registration_outside_the_window_is_refused(client_as, db):
    trainee = client_as(Role.TRAINEE)
    not_yet = make_workshop(registration_opens_at=utcnow() + timedelta(days=1))
    closed = make_workshop(registration_closes_at=utcnow() - timedelta(hours=1))
    draft = make_workshop(status="draft")
    for workshop, status in ((not_yet, 409), (closed, 409), (draft, 404)):
        response = register(trainee, workshop)
        assert response.status_code == status
    assert "not open" in register(trainee, not_yet).get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0


def test_overlong_answer_is_refused_with_a_message(client_as, db):
    workshop = make_workshop()
    trainee = client_as(Role.TRAINEE)
    response = register(trainee, workshop, dietary_needs="x" * 301)
    page = trainee.get(response.headers["Location"]).get_data(as_text=True)
    assert "at most 300 characters" in page
    assert registrations(db, workshop) == []


def test_approval_request_holds_no_seat_until_approved(client_as, db):
    workshop = make_workshop(capacity=1, requires_approval=True)
    trainee = client_as(Role.TRAINEE, preferred_language="zh")
    other = client_as(Role.TRAINEE)
    register(trainee, workshop)
    register(other, workshop)
    assert [r.status for r in registrations(db, workshop)] == ["requested", "requested"]
    assert db.session.get(Workshop, workshop.id).seats_taken == 0
    coordinator = client_as(Role.COORDINATOR)
    page = coordinator.get(f"/workshops/{workshop.id}/participants").get_data(as_text=True)
    assert "Awaiting approval" in page and "Approve" in page
    first, second = registrations(db, workshop)
    coordinator.post(f"/workshops/{workshop.id}/registrations/{first.id}/approve")
    coordinator.post(f"/workshops/{workshop.id}/registrations/{second.id}/approve")
    rows = registrations(db, workshop)
    assert [r.status for r in rows] == ["confirmed", "waiting"]  # approved, but no seat left
    assert rows[0].decided_by_id == coordinator.user.id and rows[0].decided_at is not None
    staff_page = coordinator.get(f"/workshops/{workshop.id}/participants").get_data(as_text=True)
    assert staff_page.count("Approved by Zhang Wei (张伟)") == 2
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("registration.approved") == 2
    mail = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_user_id == trainee.user.id)
    ).one()
    assert mail.language == "zh" and "已获批准" in mail.body
    again = coordinator.post(f"/workshops/{workshop.id}/registrations/{first.id}/decline")
    assert again.status_code == 409


def test_declined_request_is_recorded_and_can_register_again(client_as, db):
    workshop = make_workshop(requires_approval=True)
    trainee = client_as(Role.TRAINEE)
    register(trainee, workshop)
    [row] = registrations(db, workshop)
    coordinator = client_as(Role.COORDINATOR)
    coordinator.post(f"/workshops/{workshop.id}/registrations/{row.id}/decline")
    assert registrations(db, workshop)[0].status == "declined"
    page = trainee.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Register" in page


def test_trainee_cannot_approve(client_as, db):
    workshop = make_workshop(requires_approval=True)
    trainee = client_as(Role.TRAINEE)
    register(trainee, workshop)
    [row] = registrations(db, workshop)
    assert (
        trainee.post(f"/workshops/{workshop.id}/registrations/{row.id}/approve").status_code == 403
    )
    assert registrations(db, workshop)[0].status == "requested"


def test_raising_capacity_promotes_waiting_people(client_as, db):
    workshop = make_workshop(capacity=1)
    clients = [client_as(Role.TRAINEE) for _ in range(3)]
    for client in clients:
        register(client, workshop)
    coordinator = client_as(Role.COORDINATOR)
    form = coordinator.get(f"/workshops/{workshop.id}/edit").get_data(as_text=True)
    assert 'value="1"' in form
    data = _edit_data(workshop, capacity=2)
    response = coordinator.post(f"/workshops/{workshop.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert [r.status for r in registrations(db, workshop)] == ["confirmed", "confirmed", "waiting"]
    lower = coordinator.post(
        f"/workshops/{workshop.id}/edit", data=_edit_data(workshop, capacity=1)
    )
    assert lower.status_code == 400
    assert "cannot be lower" in lower.get_data(as_text=True)


def _edit_data(workshop, **changes):
    from app.workshops.scheduling import to_local

    data = {
        "title_en": workshop.title_en,
        "title_zh": workshop.title_zh,
        "kind": "capacity_building",
        "country": "CN",
        "province": "35",
        "city": "Fuzhou",
        "timezone": "Asia/Shanghai",
        "starts_at": to_local(workshop.starts_at, "Asia/Shanghai").strftime("%Y-%m-%dT%H:%M"),
        "ends_at": to_local(workshop.ends_at, "Asia/Shanghai").strftime("%Y-%m-%dT%H:%M"),
        "capacity": "10",
        "attendance_threshold_percent": "80",
    }
    data.update({k: str(v) for k, v in changes.items()})
    return data


def test_withdraw_without_registration_says_so(client_as):
    workshop = make_workshop()
    trainee = client_as(Role.TRAINEE)
    response = trainee.post(f"/workshops/{workshop.id}/withdraw")
    assert "not registered" in trainee.get(response.headers["Location"]).get_data(as_text=True)


def test_signed_out_visitor_is_sent_to_sign_in(client):
    workshop = make_workshop()
    response = client.post(f"/workshops/{workshop.id}/register")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_sign_in_helper_still_works_for_existing_user(client, db):
    workshop = make_workshop()
    user = make_user()
    sign_in(client, user)
    assert client.get(f"/workshops/{workshop.id}").status_code == 200


def test_state_changes_need_the_form_token(client_as, db, csrf_enabled):
    workshop = make_workshop()
    trainee = client_as(Role.TRAINEE)
    trainee.get(f"/workshops/{workshop.id}")  # the registration form being filled in
    response = trainee.post(
        f"/workshops/{workshop.id}/register",
        data={"dietary_needs": "Vegetarian"},
        headers={"Referer": f"http://localhost/workshops/{workshop.id}"},
    )
    assert response.status_code == 302
    page = trainee.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your form had expired" in page
    assert 'value="Vegetarian"' in page  # what was typed is not lost
    assert registrations(db, workshop) == []
    coordinator = client_as(Role.COORDINATOR)
    coordinator.post(f"/workshops/{workshop.id}/cancel", data={"reason": "No token"})
    assert db.session.get(Workshop, workshop.id).status == "published"
