"""Erasure removes everything personal (issue 16, item 5) and the data export lists everything held
(item 6): registrations with their answers, attendance, lessons, reading mode, calendar feed,
sessions, deletion requests, merged accounts, the audit log, personal exchange documents."""

from __future__ import annotations

import io
import json

import sqlalchemy as sa

from app.admin.merging import merge_accounts
from app.auth.models import User
from app.auth.personal_data import DeletionRequest, anonymise, request_deletion
from app.auth.sessions import UserSession, start_session
from app.core.access import Role
from app.core.audit import AuditEntry, record
from app.core.personal_data import collect
from app.core.storage import StoredFile, get_storage
from app.exchanges.models import DelegationMember, ExchangeDocument
from app.learning.models import Lesson, LessonProgress, Module, ModuleVisit, ReadingPreference
from app.workshops.models import AttendanceRecord, CalendarFeed, Registration
from tests.conftest import make_user
from tests.exchanges.factories import make_exchange
from tests.learning.factories import import_folder, write_module
from tests.workshops.factories import make_workshop

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _person_with_everything(db, tmp_path):
    person = make_user(email="li.na@example.org", family_name_latin="Li", given_name_latin="Na")
    workshop = make_workshop()
    db.session.add(
        Registration(
            workshop_id=workshop.id,
            user_id=person.id,
            status="confirmed",
            dietary_needs="Halal, no pork",
            accessibility_needs="Wheelchair access",
            needs_interpretation=True,
        )
    )
    db.session.add(
        AttendanceRecord(session_id=workshop.sessions[0].id, user_id=person.id, mark="present")
    )
    db.session.add(CalendarFeed(user_id=person.id, token_hash="a" * 64))
    write_module(tmp_path)
    import_folder(db, tmp_path)
    module = db.session.scalar(sa.select(Module))
    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.module_id == module.id))
    db.session.add(LessonProgress(user_id=person.id, lesson_id=lesson.id))
    db.session.add(ModuleVisit(user_id=person.id, module_id=module.id, lesson_id=lesson.id))
    db.session.add(ReadingPreference(user_id=person.id, mode="both"))
    start_session(person)
    request_deletion(person, "I moved to Chengdu and want my records gone")
    db.session.commit()
    return person, workshop


def test_the_export_lists_registrations_attendance_learning_feed_and_sessions(app, db, tmp_path):
    person, _ = _person_with_everything(db, tmp_path)
    with app.test_request_context():
        data = collect(person)
    assert data["registrations"][0]["dietary_needs"] == "Halal, no pork"
    assert data["registrations"][0]["accessibility_needs"] == "Wheelchair access"
    assert data["registrations"][0]["needs_interpretation"] is True
    assert data["attendance"][0]["mark"] == "present"
    assert len(data["learning"]["lessons_done"]) == 1
    assert len(data["learning"]["modules_opened"]) == 1
    assert data["learning"]["reading_mode"] == "both"
    assert len(data["calendar_feeds"]) == 1
    assert len(data["sessions"]) == 1
    assert data["deletion_requests"][0]["reason"].startswith("I moved to Chengdu")


def test_the_readable_export_page_names_the_new_sections(client_as, db, tmp_path):
    client = client_as(Role.TRAINEE, preferred_language="zh")
    db.session.add(ReadingPreference(user_id=client.user.id, mode="both"))
    db.session.commit()
    page = client.get("/account/my-data").text
    assert "培训班报名" in page and "课时与模块" in page
    data = json.loads(client.get("/account/my-data.json").data)
    assert data["learning"]["reading_mode"] == "both"


def test_erasure_removes_answers_feed_history_sessions_and_reasons(app, db, tmp_path):
    admin = make_user(roles=(Role.ADMIN,))
    person, _ = _person_with_everything(db, tmp_path)
    record(admin, "user.email_changed", person, before={"email": "li.na@example.org"})
    record(admin, "workshop.note", None, object_type="workshop", note="Call li.na@example.org")
    db.session.commit()
    with app.test_request_context():
        anonymise(admin, person, "li.na@example.org")
    db.session.commit()

    registration = db.session.scalar(sa.select(Registration))
    assert (registration.dietary_needs, registration.accessibility_needs) == ("", "")
    assert registration.needs_interpretation is False
    assert db.session.scalar(sa.select(AttendanceRecord)) is not None  # counts stay
    assert db.session.scalar(sa.select(LessonProgress)) is not None
    for model in (CalendarFeed, ModuleVisit, ReadingPreference, UserSession):
        assert db.session.scalar(sa.select(model)) is None, model
    assert db.session.scalar(sa.select(DeletionRequest.reason)) == ""
    texts = [
        json.dumps([e.before, e.after, e.note], ensure_ascii=False)
        for e in db.session.scalars(sa.select(AuditEntry))
    ]
    assert not [t for t in texts if "li.na@example.org" in t or "Chengdu" in t], texts
    assert db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "user.deletion_requested")
    ), "who did what stays"


def test_erasure_anonymises_the_accounts_merged_into_the_person(app, db):
    admin = make_user(roles=(Role.ADMIN,))
    kept = make_user(email="kept@example.org")
    merged = make_user(
        email="old@example.org",
        family_name_latin="Wang",
        given_name_latin="Fang",
        organisation="Jiangsu Labour Bureau",
    )
    merge_accounts(admin, kept, merged)
    db.session.commit()
    with app.test_request_context():
        anonymise(admin, kept, "kept@example.org")
    db.session.commit()
    old = db.session.get(User, merged.id)
    assert (old.family_name_latin, old.given_name_latin, old.organisation) == ("W.", "F.", "")
    texts = json.dumps(
        [[e.before, e.after, e.note] for e in db.session.scalars(sa.select(AuditEntry))]
    )
    assert "old@example.org" not in texts


def test_erasure_removes_the_persons_own_exchange_documents(app, client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    admin = make_user(roles=(Role.ADMIN,))
    person = make_user(email="traveller@example.org")
    exchange = make_exchange(members=[person])
    member = db.session.scalar(sa.select(DelegationMember))
    for title, visibility in [("Passport-scan", "member"), ("Programme", "delegation")]:
        coordinator.post(
            f"/exchanges/{exchange.id}/documents",
            data={
                "kind": "other",
                "title": title,
                "visibility": visibility,
                "member_id": str(member.id),
                "file": (io.BytesIO(PDF), f"{title}.pdf"),
            },
            content_type="multipart/form-data",
        )
    scan = db.session.scalar(
        sa.select(StoredFile).where(StoredFile.original_name == "Passport-scan.pdf")
    )
    key = scan.key
    with app.test_request_context():
        anonymise(admin, db.session.get(User, person.id), "traveller@example.org")
        db.session.commit()
        storage = get_storage()
        assert not storage._path(key).exists()
    titles = db.session.scalars(sa.select(ExchangeDocument.title)).all()
    assert titles == ["Programme"]
    assert db.session.scalar(sa.select(StoredFile).where(StoredFile.key == key)) is None
