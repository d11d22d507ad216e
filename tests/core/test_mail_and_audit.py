"""The outbox and the audit log."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from app.core.audit import AuditEntry, record
from app.core.mail import OutboxMessage, deliver_pending, queue_mail
from tests.conftest import make_user


def test_mail_is_rendered_in_the_recipients_language_and_written_to_the_folder(app, db):
    zh_user = make_user(preferred_language="zh")
    en_user = make_user(preferred_language="en")
    with app.test_request_context():
        queue_mail(zh_user, "welcome", login_url="http://training.test/account/login")
        queue_mail(en_user, "welcome", login_url="http://training.test/account/login")
    db.session.commit()
    assert deliver_pending() == 2
    zh, en = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert zh.language == "zh" and "欢迎" in zh.subject and "张伟" in zh.body
    assert en.language == "en" and en.subject.startswith("Welcome") and "Zhang Wei" in en.body
    assert zh.sent_at is not None
    files = sorted(Path(app.config["MAIL_FOLDER"]).glob("*.eml"))
    assert any(zh_user.email in f.read_text() for f in files)
    assert deliver_pending() == 0  # nothing is sent twice


def test_uncommitted_mail_is_never_sent(app, db):
    user = make_user()
    with app.test_request_context():
        queue_mail(user, "welcome", login_url="x")
    db.session.rollback()
    assert deliver_pending() == 0
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_failed_delivery_is_kept_for_retry(app, runner, db):
    user = make_user()
    with app.test_request_context():
        queue_mail(user, "welcome", login_url="x")
    db.session.commit()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_USE_TLS=False)
    assert deliver_pending() == 0
    message = db.session.scalar(sa.select(OutboxMessage))
    assert message.sent_at is None and message.attempts == 1 and message.last_error
    app.config.update(MAIL_SERVER="")
    result = runner.invoke(args=["send-mail"])
    assert "1 message(s) sent." in result.output


def test_audit_record_keeps_who_what_and_states(app, db):
    admin = make_user()
    target = make_user()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        record(
            admin,
            "user.roles_changed",
            target,
            before={"roles": ["trainee"]},
            after={"roles": ["trainer"]},
            note="why",
        )
    db.session.commit()
    entry = db.session.scalar(sa.select(AuditEntry))
    assert (entry.actor_id, entry.object_type, entry.object_id) == (
        admin.id,
        "user",
        str(target.id),
    )
    assert entry.before == {"roles": ["trainee"]} and entry.after == {"roles": ["trainer"]}
    assert entry.ip_address == "10.1.2.3" and entry.at.tzinfo is not None
