"""Coordinators create, edit, publish, clone, cancel and message; the agenda refuses bad times."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.core.access import Role
from app.core.mail import OutboxMessage
from app.workshops.models import Registration, Workshop, WorkshopSession
from app.workshops.scheduling import to_local
from tests.conftest import make_user
from tests.i18n_check import chinese_in, english_ui_strings_in, visible_text
from tests.workshops.factories import at, make_workshop

NEW = {
    "title_en": "Licensing recruitment agencies",
    "title_zh": "职业中介机构许可",
    "description_en": "Three days in Shenyang.",
    "description_zh": "在沈阳举办，为期三天。",
    "kind": "law_policy_review",
    "organisers": "ILO",
    "country": "CN",
    "province": "21",
    "city": "Shenyang",
    "venue": "Liaoning Hotel",
    "address": "Zhongshan Road 1",
    "timezone": "Asia/Shanghai",
    "starts_at": "2027-05-10T09:00",
    "ends_at": "2027-05-12T17:00",
    "capacity": "25",
    "attendance_threshold_percent": "80",
    "asks_dietary": "y",
}


def test_coordinator_creates_a_draft_with_times_in_its_zone(client_as, db):
    trainer = make_user(roles=(Role.TRAINER,), family_name_latin="Rossi", given_name_latin="Maria")
    coordinator = client_as(Role.COORDINATOR)
    form = coordinator.get("/workshops/new")
    assert form.status_code == 200 and "Maria" in form.get_data(as_text=True)
    response = coordinator.post("/workshops/new", data={**NEW, "trainers": str(trainer.id)})
    assert response.status_code == 302
    workshop = db.session.scalars(sa.select(Workshop)).one()
    assert workshop.status == "draft"
    assert workshop.starts_at == at(2027, 5, 10, 1)  # 09:00 in Beijing
    assert [t.id for t in workshop.trainers] == [trainer.id]
    assert workshop.asks_dietary and not workshop.asks_interpretation
    # Trainees do not see a draft.
    trainee = client_as(Role.TRAINEE)
    assert trainee.get(f"/workshops/{workshop.id}").status_code == 404
    assert "Licensing recruitment" not in trainee.get("/workshops/").get_data(as_text=True)


def test_bad_workshop_input_gets_messages_and_keeps_what_was_typed(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    bad = {**NEW, "ends_at": "2027-05-09T09:00", "province": "", "capacity": "0"}
    response = coordinator.post("/workshops/new", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "must end after it starts" in page
    assert "Choose the province." in page
    assert "Licensing recruitment agencies" in page  # nothing typed is lost
    assert db.session.scalar(sa.select(sa.func.count(Workshop.id))) == 0


def test_a_time_skipped_by_daylight_saving_is_refused(client_as, db):
    coordinator = client_as(Role.COORDINATOR, preferred_language="zh")
    data = {
        **NEW,
        "country": "BE",
        "province": "",
        "city": "Brussels",
        "timezone": "Europe/Brussels",
        "starts_at": "2027-03-28T02:30",
        "ends_at": "2027-03-29T17:00",
    }
    response = coordinator.post("/workshops/new", data=data)
    assert response.status_code == 400
    assert "该时间在培训班所在时区不存在" in response.get_data(as_text=True)


def test_publish_and_close_registration(client_as, db):
    workshop = make_workshop(status="draft")
    coordinator = client_as(Role.COORDINATOR)
    assert coordinator.post(f"/workshops/{workshop.id}/publish").status_code == 302
    assert db.session.get(Workshop, workshop.id).status == "published"
    assert coordinator.post(f"/workshops/{workshop.id}/publish").status_code == 409
    coordinator.post(f"/workshops/{workshop.id}/close-registration")
    assert db.session.get(Workshop, workshop.id).status == "registration_closed"
    trainee = client_as(Role.TRAINEE)
    assert trainee.post(f"/workshops/{workshop.id}/register").status_code == 409
    assert trainee.post(f"/workshops/{workshop.id}/publish").status_code == 403


def test_agenda_adds_sessions_and_refuses_overlaps_and_outside_times(client_as, db):
    workshop = make_workshop(sessions=0, starts_at=at(2027, 5, 10, 1), ends_at=at(2027, 5, 11, 9))
    coordinator = client_as(Role.COORDINATOR)
    base = {"title_en": "Opening", "title_zh": "开幕式", "counts_for_attendance": "y"}
    ok = coordinator.post(
        f"/workshops/{workshop.id}/agenda",
        data={**base, "starts_at": "2027-05-10T09:00", "ends_at": "2027-05-10T10:30"},
    )
    assert ok.status_code == 302
    overlap = coordinator.post(
        f"/workshops/{workshop.id}/agenda",
        data={
            **base,
            "title_en": "Panel",
            "starts_at": "2027-05-10T10:00",
            "ends_at": "2027-05-10T11:00",
        },
    )
    assert overlap.status_code == 400
    page = overlap.get_data(as_text=True)
    assert "overlaps “Opening”" in page and 'value="Panel"' in page
    outside = coordinator.post(
        f"/workshops/{workshop.id}/agenda",
        data={**base, "starts_at": "2027-05-12T09:00", "ends_at": "2027-05-12T10:00"},
    )
    assert outside.status_code == 400
    assert "must lie within the workshop" in outside.get_data(as_text=True)
    touching = coordinator.post(
        f"/workshops/{workshop.id}/agenda",
        data={
            **base,
            "title_en": "Tea",
            "starts_at": "2027-05-10T10:30",
            "ends_at": "2027-05-10T11:00",
        },
    )
    assert touching.status_code == 302
    titles = db.session.scalars(
        sa.select(WorkshopSession.title_en).order_by(WorkshopSession.starts_at)
    ).all()
    assert titles == ["Opening", "Tea"]


def test_edit_and_delete_a_session(client_as, db):
    workshop = make_workshop(sessions=2)
    session, second_id = workshop.sessions[0], workshop.sessions[1].id
    coordinator = client_as(Role.COORDINATOR)
    form = coordinator.get(f"/workshops/{workshop.id}/sessions/{session.id}/edit")
    local = to_local(session.starts_at, workshop.timezone)
    assert local.strftime("%Y-%m-%dT%H:%M") in form.get_data(as_text=True)
    later = (local.replace(minute=15)).strftime("%Y-%m-%dT%H:%M")
    end = (local.replace(hour=local.hour + 1)).strftime("%Y-%m-%dT%H:%M")
    response = coordinator.post(
        f"/workshops/{workshop.id}/sessions/{session.id}/edit",
        data={"title_en": "Renamed", "title_zh": "改名", "starts_at": later, "ends_at": end},
    )
    assert response.status_code == 302
    assert db.session.get(WorkshopSession, session.id).title_en == "Renamed"
    session_id = session.id
    question = coordinator.get(f"/workshops/{workshop.id}/sessions/{session_id}/delete")
    assert question.status_code == 200 and "Delete the session" in question.get_data(as_text=True)
    assert db.session.get(WorkshopSession, session_id) is not None  # asking deletes nothing
    coordinator.post(f"/workshops/{workshop.id}/sessions/{session_id}/delete")
    assert db.session.get(WorkshopSession, session_id) is None
    other = make_workshop()
    wrong = coordinator.post(f"/workshops/{other.id}/sessions/{second_id}/delete")
    assert wrong.status_code == 404


def test_moving_dates_away_from_the_agenda_is_refused(client_as, db):
    workshop = make_workshop(sessions=2)
    coordinator = client_as(Role.COORDINATOR)
    later = to_local(workshop.ends_at, "Asia/Shanghai")
    data = {
        **NEW,
        "province": "35",
        "starts_at": later.replace(hour=0).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": later.strftime("%Y-%m-%dT%H:%M"),
        "capacity": "10",
    }
    response = coordinator.post(f"/workshops/{workshop.id}/edit", data=data)
    assert response.status_code == 400
    assert "sessions outside the new dates" in response.get_data(as_text=True)


def test_clone_moves_the_agenda_keeping_clock_times(client_as, db):
    workshop = make_workshop(sessions=2)
    coordinator = client_as(Role.COORDINATOR)
    response = coordinator.post(
        f"/workshops/{workshop.id}/clone",
        data={"start_date": "2027-06-07", "country": "CN", "province": "37", "city": "Jinan"},
    )
    assert response.status_code == 302
    copy = db.session.scalars(sa.select(Workshop).where(Workshop.id != workshop.id)).one()
    assert (copy.status, copy.province, copy.city) == ("draft", "37", "Jinan")
    assert to_local(copy.starts_at, copy.timezone) == datetime(2027, 6, 7, 9, 0)
    assert [to_local(s.starts_at, copy.timezone).hour for s in copy.sessions] == [9, 11]
    assert (
        db.session.scalar(
            sa.select(sa.func.count(Registration.id)).where(Registration.workshop_id == copy.id)
        )
        == 0
    )


def test_cancel_tells_everyone_registered_in_their_language(client_as, db):
    workshop = make_workshop(capacity=1)
    zh = client_as(Role.TRAINEE, preferred_language="zh")
    en = client_as(Role.TRAINEE, preferred_language="en")
    zh.post(f"/workshops/{workshop.id}/register")
    en.post(f"/workshops/{workshop.id}/register")  # waiting
    coordinator = client_as(Role.COORDINATOR)
    empty = coordinator.post(f"/workshops/{workshop.id}/cancel", data={"reason": ""})
    assert empty.status_code == 400
    response = coordinator.post(
        f"/workshops/{workshop.id}/cancel", data={"reason": "Typhoon warning / 台风预警"}
    )
    assert response.status_code == 302
    assert db.session.get(Workshop, workshop.id).status == "cancelled"
    mails = {
        m.to_user_id: m
        for m in db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.template == "workshop_cancelled")
        )
    }
    assert set(mails) == {zh.user.id, en.user.id}
    assert mails[zh.user.id].subject.startswith("已取消") and "台风预警" in mails[zh.user.id].body
    assert "has been cancelled" in mails[en.user.id].body
    page = en.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "This workshop has been cancelled." in page and "Typhoon warning" in page


def test_message_all_participants_in_their_language(client_as, db):
    workshop = make_workshop()
    zh = client_as(Role.TRAINEE, preferred_language="zh")
    en = client_as(Role.TRAINEE)
    zh.post(f"/workshops/{workshop.id}/register")
    en.post(f"/workshops/{workshop.id}/register")
    coordinator = client_as(Role.COORDINATOR)
    nothing = coordinator.post(f"/workshops/{workshop.id}/message", data={"subject_en": "Hi"})
    assert nothing.status_code == 400
    assert "at least one language" in nothing.get_data(as_text=True)
    response = coordinator.post(
        f"/workshops/{workshop.id}/message",
        data={
            "subject_en": "Bus at 08:15",
            "body_en": "The bus leaves at 08:15.",
            "subject_zh": "班车 08:15 出发",
            "body_zh": "班车于 08:15 出发。",
        },
    )
    assert response.status_code == 302
    mails = {
        m.to_user_id: m
        for m in db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.template == "workshop_message")
        )
    }
    assert mails[zh.user.id].subject == "班车 08:15 出发"
    assert "班车于 08:15 出发。" in mails[zh.user.id].body
    assert mails[en.user.id].subject == "Bus at 08:15"


def test_staff_pages_are_in_one_language(client_as):
    workshop = make_workshop()
    for language in ("zh", "en"):
        coordinator = client_as(
            Role.COORDINATOR,
            preferred_language=language,
            family_name_zh="",
            given_name_zh="",
            organisation="Office",
        )
        for path in [
            "/workshops/new",
            f"/workshops/{workshop.id}/edit",
            f"/workshops/{workshop.id}/agenda",
            f"/workshops/{workshop.id}/clone",
            f"/workshops/{workshop.id}/cancel",
            f"/workshops/{workshop.id}/message",
            f"/workshops/{workshop.id}/participants",
            f"/workshops/{workshop.id}/sessions/{workshop.sessions[0].id}/attendance",
            f"/workshops/{workshop.id}/sessions/{workshop.sessions[0].id}/paper-sign-in",
            f"/workshops/{workshop.id}/sessions/{workshop.sessions[0].id}/check-in-screen",
        ]:
            page = coordinator.get(path).get_data(as_text=True)
            parts = visible_text(page)
            content = {"职业中介机构监管", "为期两天的许可与检查培训。", "第1单元", "第2单元"}
            if language == "zh":
                assert english_ui_strings_in(parts, allowed={"Fuzhou", "Zhang Wei"}) == [], path
            else:
                assert chinese_in(parts, allowed=content) == [], path


def test_mark_completed_only_after_the_end(client_as, db):
    upcoming = make_workshop()
    ended = make_workshop(days_ahead=-5)
    coordinator = client_as(Role.COORDINATOR)
    early = coordinator.post(f"/workshops/{upcoming.id}/complete")
    assert early.status_code == 409 and "not ended yet" in early.get_data(as_text=True)
    page = coordinator.get(f"/workshops/{ended.id}").get_data(as_text=True)
    assert "Mark as completed" in page
    assert coordinator.post(f"/workshops/{ended.id}/complete").status_code == 302
    assert db.session.get(Workshop, ended.id).status == "completed"


def test_the_city_is_named_in_both_languages(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    response = coordinator.post("/workshops/new", data={**NEW, "city_zh": "沈阳"})
    assert response.status_code == 302
    workshop = db.session.scalars(sa.select(Workshop)).one()
    assert (workshop.city, workshop.city_zh) == ("Shenyang", "沈阳")
    workshop.status = "published"
    db.session.commit()
    chinese = client_as(Role.TRAINEE, preferred_language="zh")
    page = chinese.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "辽宁省沈阳" in page and "辽宁省Shenyang" not in page
    english = client_as(Role.TRAINEE, preferred_language="en")
    assert "Shenyang, Liaoning, China" in english.get(f"/workshops/{workshop.id}").get_data(
        as_text=True
    )
    copy = coordinator.post(
        f"/workshops/{workshop.id}/clone",
        data={
            "start_date": "2027-06-07",
            "country": "CN",
            "province": "37",
            "city": "Jinan",
            "city_zh": "济南",
        },
    )
    assert copy.status_code == 302
    clone = db.session.scalars(sa.select(Workshop).where(Workshop.id != workshop.id)).one()
    assert (clone.city, clone.city_zh) == ("Jinan", "济南")


def test_a_workshop_in_a_legacy_zone_edits_in_its_canonical_zone(client_as, db):
    workshop = make_workshop()
    workshop.timezone = "Asia/Chongqing"
    db.session.commit()
    coordinator = client_as(Role.COORDINATOR)
    page = coordinator.get(f"/workshops/{workshop.id}/edit").get_data(as_text=True)
    assert '<option selected value="Asia/Shanghai">' in page or (
        'value="Asia/Shanghai" selected' in page
    )
