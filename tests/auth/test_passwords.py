"""Changing a password, and resetting a forgotten one through a link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.auth import services
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.mail import OutboxMessage
from tests.conftest import PASSWORD, make_user, sign_in, without_form_tokens


def _reset_link(db) -> str:
    message = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"http://training\.test(/account/reset-password/\S+)", message.body).group(1)


def test_change_password_needs_the_current_one(client):
    sign_in(client, make_user())
    response = client.post(
        "/account/password",
        data={
            "current_password": "wrong",
            "new_password": "a-new-password-1",
            "new_password_confirm": "a-new-password-1",
        },
    )
    assert response.status_code == 400
    assert "Your current password is not correct." in response.get_data(as_text=True)


def test_change_password_ends_other_sessions_but_keeps_this_one(app, client, db):
    user = make_user(email="wang@example.org")
    other_device = sign_in(app.test_client(), user)
    sign_in(client, user)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a-new-password-1",
            "new_password_confirm": "a-new-password-1",
        },
    )
    assert response.status_code == 302
    assert client.get("/my").status_code == 200
    assert other_device.get("/my").status_code == 302
    client.post("/account/logout")
    assert (
        client.post(
            "/account/login", data={"email": "wang@example.org", "password": "a-new-password-1"}
        ).status_code
        == 302
    )


def test_forgotten_password_round_trip(client, db):
    make_user(email="wang@example.org", preferred_language="zh")
    response = client.post("/account/forgot-password", data={"email": "wang@example.org"})
    assert response.status_code == 302
    message = db.session.scalar(sa.select(OutboxMessage))
    assert message.language == "zh" and "新密码" in message.subject
    link = _reset_link(db)
    assert "设置新密码" in client.get(link, headers={"Accept-Language": "zh"}).get_data(
        as_text=True
    )
    response = client.post(
        link, data={"new_password": "a-new-password-1", "new_password_confirm": "a-new-password-1"}
    )
    assert response.status_code == 302
    assert (
        client.post(
            "/account/login", data={"email": "wang@example.org", "password": "a-new-password-1"}
        ).status_code
        == 302
    )
    # The link works once.
    client.post("/account/logout")
    again = client.get(link)
    assert again.status_code == 400
    assert "has expired or has already been used" in again.get_data(as_text=True)


def test_forgotten_password_answers_alike_for_unknown_addresses(client, db):
    make_user(email="wang@example.org")
    known = client.post(
        "/account/forgot-password", data={"email": "wang@example.org"}, follow_redirects=True
    ).get_data(as_text=True)
    unknown = client.post(
        "/account/forgot-password", data={"email": "nobody@example.org"}, follow_redirects=True
    ).get_data(as_text=True)
    assert without_form_tokens(known) == without_form_tokens(unknown)
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1


def test_reset_links_expire(app, db):
    user = make_user()
    token = services.make_reset_token(user)
    assert services.user_for_reset_token(token).id == user.id
    later = utcnow() + timedelta(hours=app.config["PASSWORD_RESET_HOURS"], minutes=1)
    with pytest.raises(DomainError):
        services.user_for_reset_token(token, now=later)
    admin_token = services.make_reset_token(user, issued_by_admin=True)
    assert services.user_for_reset_token(admin_token, now=later).id == user.id


def test_forged_reset_link_is_refused(client):
    make_user()
    response = client.get("/account/reset-password/forged.token.value")
    assert response.status_code == 400


def test_reset_unlocks_a_locked_account(client, db):
    user = make_user(email="wang@example.org")
    user.locked_until = utcnow() + timedelta(minutes=10)
    db.session.commit()
    link = f"/account/reset-password/{services.make_reset_token(user)}"
    client.post(
        link, data={"new_password": "a-new-password-1", "new_password_confirm": "a-new-password-1"}
    )
    assert (
        client.post(
            "/account/login", data={"email": "wang@example.org", "password": "a-new-password-1"}
        ).status_code
        == 302
    )
