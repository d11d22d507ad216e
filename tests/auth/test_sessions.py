"""Server-side sessions: signing out really ends a session, lifetimes, sign out everywhere, CSRF
secrets renewed at sign-in and sign-out, and lock-out counted by the database."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.auth import services
from app.auth.sessions import UserSession
from app.core.audit import AuditEntry
from app.core.db import utcnow
from tests.conftest import PASSWORD, make_user, run_at_once


def _login(client, email, password=PASSWORD, remember=False):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post("/account/login", data=data)


def _cookie(client, name):
    cookie = client.get_cookie(name)
    return cookie.value if cookie else None


def _signed_in(app, cookies: dict) -> bool:
    """Whether a fresh browser holding only these cookies is signed in."""
    browser = app.test_client()
    for name, value in cookies.items():
        browser.set_cookie(name, value)
    return browser.get("/my").status_code == 200


def test_an_old_session_cookie_stops_working_after_sign_out(app, client, db):
    make_user(email="wang@example.org")
    assert _login(client, "wang@example.org").status_code == 302
    stolen = {"session": _cookie(client, "session")}
    assert _signed_in(app, stolen)
    client.post("/account/logout")
    assert not _signed_in(app, stolen)
    assert db.session.scalar(sa.select(UserSession.revoked_at)) is not None


def test_a_remember_me_cookie_stops_working_after_sign_out(app, client, db):
    make_user(email="wang@example.org")
    _login(client, "wang@example.org", remember=True)
    remembered = {"remember_token": _cookie(client, "remember_token")}
    assert remembered["remember_token"] and _signed_in(app, remembered)
    client.post("/account/logout")
    assert not _signed_in(app, remembered)


def test_remember_me_lasts_weeks_not_a_year(app, client, db):
    make_user(email="wang@example.org")
    _login(client, "wang@example.org", remember=True)
    lasting = client.get_cookie("remember_token").expires - utcnow()
    assert timedelta(days=13) < lasting <= timedelta(days=14, minutes=1)


@pytest.mark.parametrize(
    ("signed_in_ago", "idle_for", "still_signed_in"),
    [
        (timedelta(hours=7), timedelta(hours=7), True),
        (timedelta(hours=9), timedelta(hours=9), False),  # idle too long
        (timedelta(hours=25), timedelta(minutes=5), False),  # past the absolute lifetime
    ],
)
def test_sessions_have_an_idle_and_an_absolute_lifetime(
    app, client, db, signed_in_ago, idle_for, still_signed_in
):
    make_user(email="wang@example.org")
    _login(client, "wang@example.org")
    now = utcnow()
    db.session.execute(
        sa.update(UserSession).values(created_at=now - signed_in_ago, last_seen_at=now - idle_for)
    )
    db.session.commit()
    assert (client.get("/my").status_code == 200) is still_signed_in


def test_reading_pages_that_write_nothing_keeps_the_session_alive(app, client, db):
    make_user(email="wang@example.org")
    _login(client, "wang@example.org")
    now = utcnow()
    db.session.execute(sa.update(UserSession).values(last_seen_at=now - timedelta(hours=7)))
    db.session.commit()
    assert client.get("/learn/").status_code == 200  # a page that only reads
    db.session.expire_all()
    seen = db.session.scalar(sa.select(UserSession.last_seen_at))
    assert seen > now - timedelta(minutes=1)


def test_sign_out_everywhere_ends_every_session(app, db):
    make_user(email="wang@example.org")
    laptop, phone = app.test_client(), app.test_client()
    _login(laptop, "wang@example.org")
    _login(phone, "wang@example.org", remember=True)
    page = phone.get("/account/profile").get_data(as_text=True)
    assert "signed in on 2 browsers or devices" in page and "Sign out everywhere" in page
    response = phone.post("/account/sign-out-everywhere")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/login")
    assert laptop.get("/my").status_code == 302
    assert phone.get("/my").status_code == 302
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "auth.signed_out_everywhere")
    )
    assert entry is not None


def test_sign_out_everywhere_in_chinese(app, client, db):
    make_user(email="wang@example.org", preferred_language="zh")
    _login(client, "wang@example.org")
    client.post("/language", data={"language": "zh"})
    page = client.get("/account/profile").get_data(as_text=True)
    assert "在所有设备上退出登录" in page


def test_a_password_reset_ends_every_session(app, client, db):
    user = make_user(email="wang@example.org")
    _login(client, "wang@example.org")
    link = services.make_reset_token(user)
    other = app.test_client()
    other.post(
        f"/account/reset-password/{link}",
        data={"new_password": "a-new-password-1", "new_password_confirm": "a-new-password-1"},
    )
    assert client.get("/my").status_code == 302


def _csrf_token(client, url):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_the_csrf_secret_is_renewed_at_sign_in_and_sign_out(other_app, db):
    make_user(email="wang@example.org")
    app = other_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        before = _csrf_token(client, "/account/login")
        secret_before = client.get_cookie("session").value
        response = client.post(
            "/account/login",
            data={"email": "wang@example.org", "password": PASSWORD, "csrf_token": before},
        )
        assert response.status_code == 302
        # The token from before sign-in no longer passes: its secret was replaced.
        client.post("/account/logout", data={"csrf_token": before})
        assert client.get("/my").status_code == 200  # still signed in: the sign-out was refused
        signed_in_token = _csrf_token(client, "/account/profile")
        assert (
            client.post("/account/logout", data={"csrf_token": signed_in_token}).status_code == 302
        )
        assert client.get_cookie("session").value != secret_before
        with client.session_transaction() as session:
            assert "csrf_token" not in session


def test_sign_in_events_are_audited(client, db):
    user = make_user(email="wang@example.org")
    _login(client, "wang@example.org", "wrong-password")
    _login(client, "nobody@example.org", "wrong-password")
    _login(client, "wang@example.org")
    client.post("/account/logout")
    client.post("/account/forgot-password", data={"email": "wang@example.org"})
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == [
        "auth.sign_in_failed",
        "auth.sign_in_failed",
        "auth.signed_in",
        "auth.reset_requested",
    ]
    failed_known = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "auth.sign_in_failed")
    ).all()
    assert [entry.object_id for entry in failed_known] == [str(user.id), ""]


def test_lock_out_and_password_changes_are_audited(app, client, db):
    app.config["LOGIN_LOCK_THRESHOLD"] = 3
    make_user(email="wang@example.org")
    for _ in range(3):
        _login(client, "wang@example.org", "wrong-password")
    _login(client, "wang@example.org")  # refused: locked
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["auth.locked", "auth.sign_in_refused_locked"]


def test_changing_the_password_is_audited(client_as, db):
    client = client_as()
    client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a-new-password-1",
            "new_password_confirm": "a-new-password-1",
        },
    )
    assert (
        db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.actor_id == client.user.id))
        == "auth.password_changed"
    )


@pytest.mark.postgres
def test_simultaneous_wrong_passwords_all_count(app, db, postgres_only):
    app.config["LOGIN_LOCK_THRESHOLD"] = 8
    user = make_user(email="wang@example.org")

    def wrong():
        try:
            services.authenticate("wang@example.org", "wrong-password")
        except services.InvalidCredentials:
            return "refused"

    results, errors = run_at_once(app, [wrong] * 8)
    assert not errors and results == ["refused"] * 8
    db.session.refresh(user)
    assert user.locked_until is not None and user.locked_until > utcnow()


def test_every_way_of_setting_a_password_applies_the_policy(app, client_as, runner, db):
    client = client_as(email="zhang.wei@example.org")
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "zhang.wei-2026!",
            "new_password_confirm": "zhang.wei-2026!",
        },
    )
    assert response.status_code == 400
    assert "your e-mail address or your name" in response.get_data(as_text=True)
    user = make_user(email="li@example.org")
    link = services.make_reset_token(user)
    response = app.test_client().post(
        f"/account/reset-password/{link}",
        data={"new_password": "password1234", "new_password_confirm": "password1234"},
    )
    assert response.status_code == 400 and "too common" in response.get_data(as_text=True)
    result = runner.invoke(
        args=["create-admin", "--email", "a@example.org", "--password", "1234567890ab"]
    )
    assert result.exit_code != 0 and "too common" in result.output
