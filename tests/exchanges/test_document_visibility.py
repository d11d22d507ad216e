"""Exchange documents are shown only to those they are meant for (issue 16, item 4): invitation
letters list every member's passport data, so they are for staff unless the uploader says so."""

from __future__ import annotations

import io

import sqlalchemy as sa

from app.core.access import Role
from app.exchanges.models import DelegationMember, DocumentVersion, ExchangeDocument
from tests.exchanges.factories import make_exchange

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(coordinator, exchange, kind, title, **fields):
    return coordinator.post(
        f"/exchanges/{exchange.id}/documents",
        data={"kind": kind, "title": title, "file": (io.BytesIO(PDF), f"{title}.pdf"), **fields},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def _version(db, title):
    return db.session.scalar(
        sa.select(DocumentVersion).join(ExchangeDocument).where(ExchangeDocument.title == title)
    )


def _download(client, exchange, version):
    response = client.get(f"/exchanges/{exchange.id}/documents/versions/{version.id}")
    response.close()
    return response.status_code


def test_invitation_letters_and_other_documents_are_for_staff_by_default(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    member = client_as(Role.TRAINEE)
    exchange = make_exchange(members=[member.user])
    for kind, title in [
        ("invitation", "Letter-with-passports"),
        ("other", "Passport-scan"),
        ("programme", "Visit-programme"),
    ]:
        assert _upload(coordinator, exchange, kind, title).status_code == 200

    page = member.get(f"/exchanges/{exchange.id}").text
    assert "Visit-programme" in page
    assert "Letter-with-passports" not in page and "Passport-scan" not in page
    assert _download(member, exchange, _version(db, "Visit-programme")) == 200
    assert _download(member, exchange, _version(db, "Letter-with-passports")) == 404
    assert _download(member, exchange, _version(db, "Passport-scan")) == 404

    staff_page = coordinator.get(f"/exchanges/{exchange.id}").text
    assert (
        "Letter-with-passports" in staff_page
        and "Coordinators and administrators only" in staff_page
    )
    assert _download(coordinator, exchange, _version(db, "Letter-with-passports")) == 200


def test_a_personal_document_is_seen_by_its_member_only(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    owner = client_as(Role.TRAINEE)
    colleague = client_as(Role.TRAINEE)
    exchange = make_exchange(members=[owner.user, colleague.user])
    row = db.session.scalar(
        sa.select(DelegationMember).where(DelegationMember.user_id == owner.user.id)
    )
    _upload(coordinator, exchange, "other", "Visa-of-owner", visibility="member", member_id=row.id)
    version = _version(db, "Visa-of-owner")
    assert version.document.visibility == "member" and version.document.member_id == row.id

    assert "Visa-of-owner" in owner.get(f"/exchanges/{exchange.id}").text
    assert _download(owner, exchange, version) == 200
    assert "Visa-of-owner" not in colleague.get(f"/exchanges/{exchange.id}").text
    assert _download(colleague, exchange, version) == 404


def test_an_invitation_letter_can_be_shared_with_the_delegation_on_purpose(client_as, db):
    coordinator = client_as(Role.COORDINATOR)
    member = client_as(Role.TRAINEE)
    exchange = make_exchange(members=[member.user])
    _upload(coordinator, exchange, "invitation", "Group-letter", visibility="delegation")
    assert _download(member, exchange, _version(db, "Group-letter")) == 200


def test_a_personal_document_must_name_a_member_of_the_delegation(client_as, db):
    coordinator = client_as(Role.COORDINATOR, preferred_language="zh")
    exchange = make_exchange()
    other = make_exchange()
    stranger = DelegationMember(exchange=other, family_name_latin="Novak", role="member")
    db.session.add(stranger)
    db.session.commit()
    response = _upload(
        coordinator, exchange, "other", "Stray", visibility="member", member_id=stranger.id
    )
    assert "请为个人文件选择本代表团的一名成员。" in response.text
    assert db.session.scalar(sa.select(ExchangeDocument)) is None


def test_the_upload_form_offers_the_visibility_with_the_default_by_kind(client_as):
    coordinator = client_as(Role.COORDINATOR, preferred_language="zh")
    exchange = make_exchange()
    page = coordinator.get(f"/exchanges/{exchange.id}").text
    assert 'name="visibility"' in page and 'name="member_id"' in page
    assert "仅协调员和管理员" in page
