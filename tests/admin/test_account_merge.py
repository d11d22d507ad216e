"""Merging two accounts: the registry covers every table, every kind of row moves, clashes are
settled, the merged-away account is closed and its address freed, and the pages confirm first."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.admin.merging import MergeRefused, merge_accounts, preview_merge
from app.admin.models import AccountMerge
from app.auth.models import User
from app.auth.personal_data import DeletionRequest
from app.core.access import Role
from app.core.account_merge import count_rows, rules, unregistered, user_foreign_keys
from app.core.audit import AuditEntry, record
from app.core.db import utcnow
from app.core.mail import OutboxMessage
from app.core.storage import StoredFile
from app.exchanges.models import DelegationMember
from app.learning.models import Lesson, LessonProgress, Module, ModuleVisit, ReadingPreference
from app.workshops import registration as workshop_registration
from app.workshops.models import AttendanceRecord, CalendarFeed, Registration
from tests.conftest import make_user, sign_in
from tests.exchanges.factories import make_exchange
from tests.workshops.factories import make_workshop


def test_every_foreign_key_to_users_has_a_merge_rule():
    assert unregistered() == [], (
        "register these columns in app/core/account_merge.py's registry "
        "(see its docstring): " + ", ".join(f"{t}.{c}" for t, c in unregistered())
    )
    # The check is real: the registry sees the columns it must cover.
    keys = user_foreign_keys()
    for key in [("registrations", "user_id"), ("lesson_progress", "user_id"),
                ("delegation_members", "user_id"), ("roster_imports", "uploaded_by_id")]:  # fmt: skip
        assert key in keys


def test_a_merge_is_refused_while_a_table_has_no_rule(app, db, monkeypatch):
    import app.core.account_merge as registry

    admin = make_user(roles=(Role.ADMIN,))
    kept, merged = make_user(), make_user()
    saved = dict(registry._RULES)
    monkeypatch.setattr(
        registry, "_RULES", {k: v for k, v in saved.items() if k[0] != "registrations"}
    )
    with pytest.raises(MergeRefused) as refused:
        merge_accounts(admin, kept, merged)
    with app.test_request_context():
        assert "registrations.user_id" in str(refused.value)


def _module_with_lessons(count=2) -> tuple[Module, list[Lesson]]:
    module = Module(slug=f"m-{secrets.token_hex(3)}", title_en="Module", title_zh="模块")
    lessons = [
        Lesson(module=module, slug=f"l{i}", position=i, title_en=f"L{i}") for i in range(count)
    ]
    db_session().add_all([module, *lessons])
    db_session().flush()
    return module, lessons


def db_session():
    from app.extensions import db

    return db.session


def _count(model, **where) -> int:
    query = sa.select(sa.func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db_session().scalar(query)


def _setup_two_accounts(db):
    """The same person twice, with one of every kind of row, and clashes where they can clash."""
    admin = make_user(email="admin@example.org", roles=(Role.ADMIN,))
    kept = make_user(email="zhang.wei@fj.gov.cn", organisation="", gender=None)
    merged = make_user(
        email="zhangwei@163.com", roles=(Role.TRAINEE, Role.TRAINER),
        organisation="福建省人社厅", gender="male",
    )  # fmt: skip
    waiting = make_user(email="waiting@example.org")
    # Workshops: both confirmed for one (one seat must go to the waiting person); one only theirs.
    both = make_workshop(capacity=2)
    only_merged = make_workshop()
    answers = workshop_registration.Answers()
    workshop_registration.register(kept, both, answers)
    workshop_registration.register(
        merged, both, workshop_registration.Answers(dietary_needs="清真")
    )
    workshop_registration.register(waiting, both, answers)
    workshop_registration.register(merged, only_merged, answers)
    session_a, session_b = both.sessions
    db.session.add_all(
        [
            AttendanceRecord(session_id=session_a.id, user_id=kept.id, mark="absent"),
            AttendanceRecord(session_id=session_a.id, user_id=merged.id, mark="present"),
            AttendanceRecord(session_id=session_b.id, user_id=merged.id, mark="late",
                             marked_by_id=merged.id),
            CalendarFeed(user_id=merged.id, token_hash="a" * 64),
        ]
    )  # fmt: skip
    only_merged.trainers = [merged]
    only_merged.created_by_id = merged.id
    # Learning: one lesson done in both, one only in the merged account.
    module, lessons = _module_with_lessons()
    early = utcnow() - timedelta(days=30)
    db.session.add_all(
        [
            LessonProgress(user_id=kept.id, lesson_id=lessons[0].id),
            LessonProgress(user_id=merged.id, lesson_id=lessons[0].id, completed_at=early),
            LessonProgress(user_id=merged.id, lesson_id=lessons[1].id),
            ModuleVisit(user_id=kept.id, module_id=module.id, lesson_id=lessons[0].id),
            ModuleVisit(user_id=merged.id, module_id=module.id, lesson_id=lessons[1].id,
                        started_at=early, visited_at=utcnow() + timedelta(minutes=5)),
            ReadingPreference(user_id=merged.id, mode="both"),
        ]
    )  # fmt: skip
    # Exchanges: both in one delegation (merged one is head, with a passport), one only theirs.
    shared = make_exchange(members=[kept])
    db.session.add(
        DelegationMember(exchange=shared, user_id=merged.id, role="head", passport_number="E1")
    )
    make_exchange(members=[merged])
    # Infrastructure rows.
    db.session.add_all(
        [
            OutboxMessage(to_address=merged.email, to_user_id=merged.id, language="zh",
                          template="welcome", subject="s", body="b"),
            StoredFile(key=secrets.token_hex(8), original_name="a.pdf", extension="pdf",
                       content_type="application/pdf", size=1, sha256="0" * 64,
                       uploaded_by_id=merged.id),
            DeletionRequest(user_id=merged.id, reason=""),
        ]
    )  # fmt: skip
    record(merged, "user.profile_changed", merged)
    db.session.commit()
    return admin, kept, merged, waiting, both, module, lessons, shared


def test_a_merge_moves_every_kind_of_row_and_settles_clashes(db):
    admin, kept, merged, waiting, both, module, lessons, shared = _setup_two_accounts(db)
    kept_id, merged_id = kept.id, merged.id
    merge_accounts(admin, kept, merged, note="same person")
    db.session.commit()
    db.session.expire_all()
    # Nothing points at the merged-away account any more, except history kept on purpose.
    for rule in rules():
        if not rule.keep:
            assert count_rows(rule, merged_id) == 0, f"{rule.table}.{rule.column}"
    assert _count(AuditEntry, actor_id=merged_id) == 1  # the audit log is not rewritten
    # Registrations: one live registration per workshop; the freed seat went to the waiting list.
    statuses = dict(
        db.session.execute(
            sa.select(Registration.user_id, Registration.status).where(
                Registration.workshop_id == both.id,
                Registration.status.in_(("confirmed", "waiting", "requested")),
            )
        ).all()
    )
    assert statuses == {kept_id: "confirmed", waiting.id: "confirmed"}
    kept_registration = workshop_registration.current_registration(
        both, db.session.get(User, kept_id)
    )
    assert kept_registration.dietary_needs == "清真"
    assert _count(Registration, user_id=kept_id) == 3  # both workshops, plus the withdrawn one
    assert db.session.get(type(both), both.id).seats_taken == 2
    # Attendance: the better mark of the shared session, and the other session moved.
    marks = dict(
        db.session.execute(
            sa.select(AttendanceRecord.session_id, AttendanceRecord.mark).where(
                AttendanceRecord.user_id == kept_id
            )
        ).all()
    )
    assert marks == {both.sessions[0].id: "present", both.sessions[1].id: "late"}
    assert _count(AttendanceRecord, marked_by_id=kept_id) == 1
    assert _count(CalendarFeed, user_id=kept_id) == 1
    # Learning progress counts once per lesson, from the earlier day.
    progress = {
        p.lesson_id: p
        for p in db.session.scalars(
            sa.select(LessonProgress).where(LessonProgress.user_id == kept_id)
        )
    }
    assert set(progress) == {lessons[0].id, lessons[1].id}
    assert progress[lessons[0].id].completed_at < utcnow() - timedelta(days=29)
    visit = db.session.scalar(sa.select(ModuleVisit).where(ModuleVisit.user_id == kept_id))
    assert visit.lesson_id == lessons[1].id and visit.started_at < utcnow() - timedelta(days=29)
    assert db.session.get(ReadingPreference, kept_id).mode == "both"
    # Exchanges: one membership per delegation, completed from the other.
    member = db.session.scalar(
        sa.select(DelegationMember).where(
            DelegationMember.exchange_id == shared.id, DelegationMember.user_id == kept_id
        )
    )
    assert (member.role, member.passport_number) == ("head", "E1")
    assert _count(DelegationMember, user_id=kept_id) == 2
    # Infrastructure rows, roles and profile.
    assert _count(OutboxMessage, to_user_id=kept_id) == 1
    assert _count(StoredFile, uploaded_by_id=kept_id) == 1
    assert _count(DeletionRequest, user_id=kept_id) == 1
    kept, merged = db.session.get(User, kept_id), db.session.get(User, merged_id)
    assert kept.role_set == {Role.TRAINEE, Role.TRAINER}
    assert (kept.organisation, kept.gender) == ("福建省人社厅", "male")
    assert kept.email == "zhang.wei@fj.gov.cn"
    # The merged-away account is closed, its address freed and recorded.
    assert not merged.active and merged.email == f"merged-{merged_id}@merged.invalid"
    assert merged.role_set == frozenset()
    make_user(email="zhangwei@163.com")  # the old address can be used again
    entry = db.session.scalar(sa.select(AccountMerge))
    assert (entry.source_id, entry.target_id, entry.source_email) == (
        merged_id, kept_id, "zhangwei@163.com",
    )  # fmt: skip
    assert entry.moved["registrations.user_id"] == 2
    actions = set(
        db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.actor_id == admin.id))
    )
    assert {"user.merged_away", "user.merged_into"} <= actions
    assert db.session.scalar(
        sa.select(OutboxMessage).where(
            OutboxMessage.template == "registration_promoted",
            OutboxMessage.to_user_id == waiting.id,
        )
    )


def test_the_preview_changes_nothing(db):
    admin, kept, merged, waiting, both, *_rest = _setup_two_accounts(db)
    result = preview_merge(admin, kept, merged)
    db.session.commit()
    by_table = {f"{o.rule.table}.{o.rule.column}": o for o in result.outcomes}
    assert by_table["registrations.user_id"].found == 2
    assert by_table["registrations.user_id"].settled == 1
    assert by_table["lesson_progress.user_id"].settled == 1
    assert by_table["audit_log.actor_id"].moved == 0 and by_table["audit_log.actor_id"].found == 1
    assert result.filled == {"organisation": "福建省人社厅", "gender": "male"}
    db.session.expire_all()
    assert _count(Registration, user_id=merged.id) == 2
    assert db.session.get(User, merged.id).active
    assert db.session.get(User, kept.id).organisation == ""
    assert _count(AccountMerge) == 0


def test_merges_that_make_no_sense_are_refused(db):
    admin = make_user(roles=(Role.ADMIN,))
    other = make_user()
    with pytest.raises(MergeRefused):
        merge_accounts(admin, other, other)
    with pytest.raises(MergeRefused):
        merge_accounts(admin, other, admin)  # an admin cannot merge themselves away
    merge_accounts(admin, admin, other)
    db.session.commit()
    third = make_user()
    with pytest.raises(MergeRefused):
        merge_accounts(admin, third, db.session.get(User, other.id))  # merged already


def test_admin_merges_through_the_pages_after_confirming(app, db):
    admin, kept, merged, *_rest = _setup_two_accounts(db)
    client = sign_in(app.test_client(), admin)
    page = client.get(f"/admin/users/{merged.id}")
    assert f"/admin/users/{merged.id}/merge" in page.get_data(as_text=True)
    unknown = client.post(
        f"/admin/users/{merged.id}/merge", data={"other_email": "nobody@x.org", "keep": "other"}
    )
    assert unknown.status_code == 400 and "No account has this e-mail address." in unknown.get_data(
        as_text=True
    )
    chosen = client.post(
        f"/admin/users/{merged.id}/merge",
        data={"other_email": "ZHANG.WEI@fj.gov.cn", "keep": "other"},
    )
    assert chosen.status_code == 302
    confirm_url = f"/admin/merge/{kept.id}/{merged.id}"
    assert chosen.headers["Location"].endswith(confirm_url)
    confirm = client.get(confirm_url)
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert (
        "Workshop registrations" in html and "Lessons done" in html and "Kept as recorded" in html
    )
    assert client.post(confirm_url, data={"note": "x"}).status_code == 400
    assert db.session.get(User, merged.id).active
    done = client.post(confirm_url, data={"note": "same person", "confirm": "y"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/admin/users/{kept.id}")
    assert not db.session.get(User, merged.id).active
    history = client.get(f"/admin/users/{merged.id}/merge").get_data(as_text=True)
    assert "zhangwei@163.com" in history


def test_merge_pages_are_in_chinese_for_a_chinese_admin(app, db):
    from tests.i18n_check import english_ui_strings_in, visible_text

    admin = make_user(roles=(Role.ADMIN,), preferred_language="zh")
    kept, merged = make_user(), make_user()
    client = sign_in(app.test_client(), admin)
    for path in (f"/admin/users/{merged.id}/merge", f"/admin/merge/{kept.id}/{merged.id}"):
        html = client.get(path).get_data(as_text=True)
        assert english_ui_strings_in(visible_text(html), {"Zhang Wei", "Inspector"}) == [], path


def test_former_addresses_are_in_the_persons_data_and_erased_with_it(app, db):
    from app.auth.personal_data import anonymise
    from app.core.personal_data import collect

    admin = make_user(roles=(Role.ADMIN,))
    kept, merged = make_user(email="kept@example.org"), make_user(email="old@example.org")
    merge_accounts(admin, kept, merged)
    db.session.commit()
    with app.test_request_context():
        assert collect(kept)["account_merges"][0]["former_email"] == "old@example.org"
        anonymise(admin, kept, "kept@example.org")
    db.session.commit()
    assert db.session.scalar(sa.select(AccountMerge.source_email)) == ""


def test_quiz_attempts_and_certificates_of_both_accounts_survive_a_merge(db):
    from app.certificates.models import Certificate, Status
    from app.quizzes.models import Attempt, AttemptState
    from tests.quizzes.factories import make_quiz

    admin = make_user(roles=(Role.ADMIN,))
    kept, merged = make_user(), make_user()
    quiz, other_quiz = make_quiz(), make_quiz(kind="practice")
    done = AttemptState.SUBMITTED.value
    open_ = AttemptState.IN_PROGRESS.value
    for user, quiz_, number, state in [
        (kept, quiz, 1, done),
        (kept, quiz, 2, open_),
        (merged, quiz, 1, done),
        (merged, quiz, 2, done),
        (merged, quiz, 3, open_),
        (merged, other_quiz, 1, done),
    ]:
        db.session.add(Attempt(quiz_id=quiz_.id, user_id=user.id, number=number, state=state))

    def certificate(holder, subject_id):
        return Certificate(
            kind="completion",
            subject_id=subject_id,
            holder_id=holder.id,
            code=secrets.token_hex(8),
            snapshot={},
            pdf_sha256="0" * 64,
            issued_by_id=admin.id,
        )

    both = [certificate(kept, 1), certificate(merged, 1)]
    only_merged = certificate(merged, 2)
    db.session.add_all([*both, only_merged])
    db.session.commit()

    merge_accounts(admin, kept, merged)
    db.session.commit()

    attempts = db.session.scalars(
        sa.select(Attempt)
        .where(Attempt.user_id == kept.id)
        .order_by(Attempt.quiz_id, Attempt.number)
    ).all()
    assert [(a.quiz_id, a.number, a.state) for a in attempts] == [
        (quiz.id, 1, done),
        (quiz.id, 2, open_),
        (quiz.id, 3, done),  # the merged account's graded attempts, numbered after the kept ones
        (quiz.id, 4, done),
        (other_quiz.id, 1, done),
    ]
    assert _count(Attempt, user_id=merged.id) == 0
    statuses = {
        (c.holder_id, c.subject_id, c.status) for c in db.session.scalars(sa.select(Certificate))
    }
    assert statuses == {
        (kept.id, 1, Status.LIVE.value),
        (kept.id, 1, Status.SUPERSEDED.value),
        (kept.id, 2, Status.LIVE.value),
    }
    assert all(c.issued_by_id == admin.id for c in db.session.scalars(sa.select(Certificate)))
