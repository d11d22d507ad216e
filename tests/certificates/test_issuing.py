"""Issuing: rules applied, idempotent, frozen snapshots, reissue, revoke, automatic issue."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from app.certificates import codes, errors, services, snapshots, subjects, templates
from app.certificates.eligibility import Kind
from app.certificates.models import Certificate, Status
from app.certificates.participants import module_rows, workshop_rows
from app.core.access import Role
from app.core.audit import AuditEntry
from app.learning import services as learning
from tests.certificates.factories import (
    complete_lessons,
    held_workshop,
    module_with_lessons,
    people,
)
from tests.conftest import make_user

P, A, E, L = "present", "absent", "excused", "late"


def _coordinator():
    return make_user(roles=(Role.COORDINATOR,), family_name_zh="王", given_name_zh="磊")


def test_workshop_rows_give_roster_order_and_reasons(db):
    zhang, kowalski, li = people(
        ("张", "伟", "Zhang", "Wei"), ("", "", "Kowalski", "Łukasz"), ("李", "娜", "Li", "Na")
    )
    workshop = held_workshop({zhang: [P, P, L, P, A], kowalski: [P, A, A, P, E], li: [P] * 5})
    rows = workshop_rows(workshop)
    assert [r.user.id for r in rows] == [kowalski.id, li.id, zhang.id]  # family names, pinyin
    verdicts = {r.user.id: r.verdict for r in rows}
    assert verdicts[zhang.id].qualifies  # 4 of 5 = 80 %
    assert verdicts[li.id].qualifies
    [reason] = verdicts[kowalski.id].reasons  # 2 of 4 counted (one excused)
    assert dict(reason.figures) == {"attended": 2, "counted": 4, "needed": 4, "threshold": 80}


def test_issue_to_all_issues_once_to_those_who_qualify(db):
    coordinator = _coordinator()
    good, poor = people(("张", "伟", "Zhang", "Wei"), ("李", "娜", "Li", "Na"))
    workshop = held_workshop({good: [P] * 5, poor: [P, A, A, A, A]})
    subject = subjects.workshop_subject(workshop)
    issued = services.issue_to_all(coordinator, subject)
    db.session.commit()
    assert [c.holder_id for c in issued] == [good.id]
    assert services.issue_to_all(coordinator, subject) == []  # idempotent
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 1
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "certificate.issued")
    )
    assert entry.actor_id == coordinator.id


def test_issue_to_one_who_does_not_qualify_needs_a_reason_which_is_kept(db):
    coordinator = _coordinator()
    [poor] = people(("李", "娜", "Li", "Na"))
    workshop = held_workshop({poor: [P, A, A, A, A]})
    subject = subjects.workshop_subject(workshop)
    with pytest.raises(errors.NotEligible):
        services.issue_to_one(coordinator, subject, poor.id, "")
    certificate, created = services.issue_to_one(
        coordinator, subject, poor.id, "Attended the make-up session on 3 December"
    )
    db.session.commit()
    assert created
    assert certificate.override_reason == "Attended the make-up session on 3 December"
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "certificate.issued")
    )
    assert entry.note == "Attended the make-up session on 3 December"


def test_issue_to_someone_not_on_the_list_is_refused(db):
    coordinator = _coordinator()
    [stranger] = people(("赵", "六", "Zhao", "Liu"))
    workshop = held_workshop({})
    with pytest.raises(errors.SubjectMissing):
        services.issue_to_one(coordinator, subjects.workshop_subject(workshop), stranger.id, "x")


def test_snapshot_is_frozen_and_the_hash_matches_a_re_render(db):
    coordinator = _coordinator()
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    workshop = held_workshop({zhang: [P] * 5})
    [certificate] = services.issue_to_all(coordinator, subjects.workshop_subject(workshop))
    db.session.commit()
    snapshot = certificate.snapshot
    assert snapshot["holder"] == {"name": "张伟", "name_other": "Zhang Wei", "initials": "张 Z. W."}
    assert snapshot["event"]["title_zh"] == "职业中介机构监管"
    assert snapshot["template"]["heading_en"] == "Certificate of Attendance"
    assert snapshot["verify_url"] == f"http://training.test/verify/{certificate.code_display}"
    # later edits to the workshop, the profile and the template change nothing
    workshop.title_en = "Renamed"
    zhang.family_name_latin = "Chang"
    templates.default_template(Kind.ATTENDANCE).heading_en = "Changed"
    db.session.commit()
    db.session.refresh(certificate)
    data = snapshots.render_certificate(certificate)
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    assert certificate.snapshot["event"]["title_en"] == "Monitoring recruitment agencies"


def test_dates_are_written_for_each_language(db, app):
    from datetime import UTC, datetime

    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    workshop = held_workshop({zhang: [P] * 5})
    workshop.starts_at = datetime(2026, 11, 28, 1, tzinfo=UTC)
    workshop.ends_at = datetime(2026, 11, 29, 9, tzinfo=UTC)
    subject = subjects.workshop_subject(workshop)
    assert subject.dates_en == "28 November 2026 to 29 November 2026"
    assert subject.dates_zh == "2026年11月28日至2026年11月29日"
    assert "Venue: Fujian Hotel, Fuzhou" in subject.details_en
    assert subject.details_zh == "地点：Fujian Hotel, Fuzhou · 培训 7.5 学时"
    assert "7.5" in subject.details_en  # five sessions of 1 h 30


def test_reissue_supersedes_and_keeps_one_live(db):
    coordinator = _coordinator()
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    workshop = held_workshop({zhang: [P] * 5})
    [first] = services.issue_to_all(coordinator, subjects.workshop_subject(workshop))
    db.session.commit()
    zhang.given_name_latin = "Wei-Ming"
    replacement = services.reissue(coordinator, first, "Name corrected")
    db.session.commit()
    assert first.status == Status.SUPERSEDED
    assert replacement.status == Status.LIVE and replacement.supersedes_id == first.id
    assert replacement.code != first.code
    assert replacement.snapshot["holder"]["name_other"] == "Zhang Wei-Ming"
    with pytest.raises(errors.NotLive):
        services.reissue(coordinator, first, "again")


def test_revoke_records_who_when_why(db):
    coordinator = _coordinator()
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    workshop = held_workshop({zhang: [P] * 5})
    [certificate] = services.issue_to_all(coordinator, subjects.workshop_subject(workshop))
    db.session.commit()
    with pytest.raises(errors.CertificateError):
        services.revoke(coordinator, certificate, "  ")
    services.revoke(coordinator, certificate, "Attendance records were falsified")
    db.session.commit()
    assert certificate.status == Status.REVOKED
    assert certificate.revoked_by_id == coordinator.id and certificate.revoked_at is not None
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "certificate.revoked")
    )
    assert entry.actor_id == coordinator.id
    assert entry.note == "Attendance records were falsified"
    assert entry.object_id == str(certificate.id)
    with pytest.raises(errors.NotLive):
        services.revoke(coordinator, certificate, "twice")
    # after revocation a new certificate may be issued (one live at a time)
    again, created = services.issue_to_one(
        coordinator, subjects.workshop_subject(workshop), zhang.id
    )
    assert created and again.id != certificate.id


def test_the_database_refuses_a_second_live_certificate(db):
    coordinator = _coordinator()
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    workshop = held_workshop({zhang: [P] * 5})
    [certificate] = services.issue_to_all(coordinator, subjects.workshop_subject(workshop))
    db.session.commit()
    twin = Certificate(
        kind=certificate.kind,
        subject_id=certificate.subject_id,
        holder_id=zhang.id,
        code=codes.generate(),
        status="live",
        snapshot={},
        pdf_sha256="0" * 64,
    )
    db.session.add(twin)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
    twin.status = "superseded"  # any number of superseded ones is fine
    db.session.add(twin)
    db.session.commit()


def test_completion_certificate_is_issued_when_the_last_lesson_is_done(db):
    module = module_with_lessons(3)
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    lessons = module.lessons
    for lesson in lessons[:2]:
        learning.mark_done(zhang.id, lesson)
    db.session.commit()
    assert db.session.scalar(sa.select(Certificate)) is None
    [row] = module_rows(module)
    assert [r.figures for r in row.verdict.reasons] == [(("done", 2), ("total", 3))]
    learning.mark_done(zhang.id, lessons[2])
    db.session.commit()
    certificate = db.session.scalar(sa.select(Certificate))
    assert certificate.kind == "completion" and certificate.holder_id == zhang.id
    assert certificate.issued_by_id is None
    assert services.issue_if_eligible(zhang.id, module.id).id == certificate.id  # idempotent


def test_no_automatic_certificate_for_a_draft_module(db):
    module = module_with_lessons(1, status="draft")
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    complete_lessons(zhang, module)
    assert services.issue_if_eligible(zhang.id, module.id) is None


def test_final_quiz_result_gates_completion(db, monkeypatch):
    from app.certificates import participants

    module = module_with_lessons(2)
    passed, failed = people(("张", "伟", "Zhang", "Wei"), ("李", "娜", "Li", "Na"))
    complete_lessons(passed, module)
    complete_lessons(failed, module)
    monkeypatch.setattr(
        participants,
        "final_quiz_results",
        lambda user_ids, module_id: {uid: uid == passed.id for uid in user_ids},
    )
    assert services.issue_if_eligible(failed.id, module.id) is None
    assert services.issue_if_eligible(passed.id, module.id) is not None


def test_participation_for_members_of_a_completed_exchange(db):
    from app.exchanges.models import DelegationMember
    from tests.exchanges.factories import make_exchange

    coordinator = _coordinator()
    member, companion = people(("张", "伟", "Zhang", "Wei"), ("李", "娜", "Li", "Na"))
    exchange = make_exchange(members=[member], status="completed", cities="Brussels, Leuven")
    db.session.add(
        DelegationMember(exchange=exchange, user_id=companion.id, role="member", accompanying=True)
    )
    db.session.add(DelegationMember(exchange=exchange, family_name_latin="Novak", role="member"))
    db.session.commit()
    subject = subjects.exchange_subject(exchange)
    issued = services.issue_to_all(coordinator, subject)
    assert [c.holder_id for c in issued] == [member.id]
    assert issued[0].snapshot["event"]["details_en"] == "Cities visited: Brussels, Leuven"


def test_erasure_leaves_initials_only(db):
    from app.auth.personal_data import anonymise

    admin = make_user(roles=(Role.ADMIN,))
    coordinator = _coordinator()
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    workshop = held_workshop({zhang: [P] * 5})
    [certificate] = services.issue_to_all(coordinator, subjects.workshop_subject(workshop))
    db.session.commit()
    anonymise(admin, zhang, zhang.email)
    db.session.commit()
    db.session.refresh(certificate)
    assert services.holder_name_for_verification(certificate) == "张 Z. W."
    assert "伟" not in str(certificate.snapshot)
    assert certificate.status == Status.LIVE


def test_completion_date_is_when_the_holder_finished(db):
    from datetime import UTC, datetime

    from app.learning.models import LessonProgress

    module = module_with_lessons(2)
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    for lesson, day in zip(module.lessons, (3, 9), strict=True):
        db.session.add(
            LessonProgress(
                user_id=zhang.id,
                lesson_id=lesson.id,
                completed_at=datetime(2026, 10, day, 4, tzinfo=UTC),
            )
        )
    db.session.commit()
    certificate = services.issue_if_eligible(zhang.id, module.id)
    assert certificate.snapshot["event"]["dates_en"] == "Completed on 9 October 2026"
    assert certificate.snapshot["event"]["dates_zh"] == "于2026年10月9日完成"
    replacement = services.reissue(_coordinator(), certificate, "New template")
    assert replacement.snapshot["event"]["dates_en"] == "Completed on 9 October 2026"
