"""A person's data: download, deletion request, anonymisation; the audit-log viewer; backups."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.admin.backup import create_backup, restore_backup
from app.auth.models import User
from app.auth.personal_data import DeletionRequest
from app.core.access import Role
from app.core.audit import AuditEntry, record
from app.core.mail import OutboxMessage
from app.exchanges.models import DelegationMember
from tests.conftest import make_user
from tests.exchanges.factories import make_exchange


def test_my_data_page_and_json(client_as, db):
    trainee = client_as(Role.TRAINEE, preferred_language="zh")
    exchange = make_exchange()
    db.session.add(
        DelegationMember(
            exchange=exchange, user_id=trainee.user.id, role="member", passport_number="E7654321"
        )
    )
    db.session.commit()
    page = trainee.get("/account/my-data").get_data(as_text=True)
    assert "我的数据" in page and trainee.user.email in page and "E7654321" in page
    response = trainee.get("/account/my-data.json")
    data = json.loads(response.data)
    assert data["account"]["email"] == trainee.user.email
    assert data["exchanges"][0]["passport_number"] == "E7654321"
    assert "attachment" in response.headers["Content-Disposition"]


def test_deletion_request_once(client_as, db):
    trainee = client_as(Role.TRAINEE)
    assert trainee.post("/account/deletion-request", data={"reason": "Leaving"}).status_code == 302
    assert db.session.scalar(sa.select(DeletionRequest)) is None  # not confirmed
    trainee.post("/account/deletion-request", data={"reason": "Leaving", "confirm": "y"})
    trainee.post("/account/deletion-request", data={"reason": "Again", "confirm": "y"})
    requests = db.session.scalars(sa.select(DeletionRequest)).all()
    assert len(requests) == 1 and requests[0].reason == "Leaving"
    admin = client_as(Role.ADMIN)
    assert trainee.user.email in admin.get("/admin/deletion-requests").get_data(as_text=True)


def test_admin_anonymises_a_person(client_as, client, db):
    admin = client_as(Role.ADMIN)
    person = make_user(
        email="li.na@example.org",
        family_name_zh="李",
        given_name_zh="娜",
        family_name_latin="Li",
        given_name_latin="Na",
        organisation="辽宁省人社厅",
        province="21",
        gender="female",
    )
    exchange = make_exchange()
    db.session.add(
        DelegationMember(
            exchange=exchange,
            user_id=person.id,
            role="head",
            passport_number="E1",
            date_of_birth=None,
        )
    )
    db.session.add(
        OutboxMessage(
            to_address=person.email,
            to_user_id=person.id,
            language="zh",
            template="welcome",
            subject="欢迎",
            body="李娜您好",
        )
    )
    db.session.commit()
    url = f"/admin/users/{person.id}/anonymise"
    admin.post(url, data={"confirmation": "wrong@example.org"})
    db.session.refresh(person)
    assert person.erased_at is None
    admin.post(url, data={"confirmation": "LI.NA@example.org"})
    db.session.refresh(person)
    assert person.erased_at is not None and not person.active
    assert person.email != "li.na@example.org" and person.organisation == ""
    assert (person.family_name_latin, person.given_name_latin, person.given_name_zh) == (
        "L.",
        "N.",
        "",
    )
    assert (person.province, person.gender, person.organisation_type) == (
        "21",
        "female",
        "provincial_bureau",
    )
    member = db.session.scalar(sa.select(DelegationMember))
    assert member.passport_number is None
    assert db.session.scalar(sa.select(OutboxMessage)) is None
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.anonymised"))
    assert (
        client.post(
            "/account/login", data={"email": "li.na@example.org", "password": "correct-horse-2026"}
        ).status_code
        == 401
    )
    again = admin.post(url, data={"confirmation": person.email}, follow_redirects=True)
    assert "already been erased" in again.get_data(as_text=True)


def test_admin_cannot_erase_themselves(client_as, db):
    admin = client_as(Role.ADMIN)
    admin.post(f"/admin/users/{admin.user.id}/anonymise", data={"confirmation": admin.user.email})
    db.session.refresh(admin.user)
    assert admin.user.erased_at is None


def test_audit_viewer_filters(client_as, db, app):
    admin = client_as(Role.ADMIN, family_name_latin="Admin", given_name_latin="Ada")
    target = make_user(email="target@example.org")
    with app.test_request_context():
        record(
            admin.user,
            "user.roles_changed",
            target,
            before={"roles": ["trainee"]},
            after={"roles": ["trainer"]},
        )
        record(admin.user, "exchange.created", make_exchange())
    db.session.commit()
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "user.roles_changed" in page and "exchange.created" in page
    page = admin.get("/admin/audit?action=exchange.created").get_data(as_text=True)
    assert "user.roles_changed" not in page.split("<tbody>")[1]
    page = admin.get("/admin/audit?person=target@example").get_data(as_text=True)
    assert (
        "user.roles_changed" in page.split("<tbody>")[1]
        and "exchange.created" not in page.split("<tbody>")[1]
    )
    page = admin.get("/admin/audit?since=2000-01-01&until=2000-01-02").get_data(as_text=True)
    assert "<tbody>" not in page
    assert admin.get("/admin/audit?since=not-a-date").status_code == 200


def test_backup_and_restore_round_trip(app, db, tmp_path):
    if db.engine.dialect.name == "postgresql" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump/pg_restore not installed")
    make_user(email="kept@example.org")
    upload = Path(app.config["UPLOAD_DIR"]) / "ab" / "abcdef"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(b"uploaded bytes")
    archive = tmp_path / "backup.tar.gz"
    manifest = create_backup(archive)
    assert manifest["files"] >= 1 and manifest["revision"]
    make_user(email="added-later@example.org")
    upload.unlink()
    restore_backup(archive)
    emails = set(db.session.scalars(sa.select(User.email)))
    assert "kept@example.org" in emails and "added-later@example.org" not in emails
    assert upload.read_bytes() == b"uploaded bytes"


def test_backup_cli(runner, db, tmp_path):
    if db.engine.dialect.name == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump not installed")
    result = runner.invoke(args=["backup", "--output", str(tmp_path / "b.tar.gz")])
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output
    result = runner.invoke(args=["restore", str(tmp_path / "b.tar.gz"), "--yes"])
    assert result.exit_code == 0, result.output
