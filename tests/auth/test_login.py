"""Signing in and out, lock-out, rate limiting and safe redirects."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.auth import services
from app.core.db import utcnow
from tests.conftest import PASSWORD, make_user, without_form_tokens


def _login(client, email, password=PASSWORD, next_url=None):
    url = "/account/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


def test_sign_in_and_out(client, db):
    user = make_user(email="wang@example.org")
    response = _login(client, "WANG@example.org ")
    assert response.status_code == 302 and response.headers["Location"] == "/my"
    assert "wang@example.org" in client.get("/my").get_data(as_text=True)
    db.session.refresh(user)
    assert user.last_login_at is not None
    client.post("/account/logout")
    assert client.get("/my").status_code == 302


def test_unknown_email_and_wrong_password_answer_alike(client):
    make_user(email="wang@example.org")
    unknown = _login(client, "nobody@example.org")
    wrong = _login(client, "wang@example.org", "wrong-password")
    assert unknown.status_code == wrong.status_code == 401
    message = "The e-mail address or password is not correct"
    assert message in unknown.get_data(as_text=True) and message in wrong.get_data(as_text=True)
    unknown_page = without_form_tokens(unknown.get_data(as_text=True)).replace(
        "nobody@example.org", "EMAIL"
    )
    wrong_page = without_form_tokens(wrong.get_data(as_text=True)).replace(
        "wang@example.org", "EMAIL"
    )
    assert unknown_page.splitlines() == wrong_page.splitlines()


def test_next_goes_only_to_local_paths(client):
    make_user(email="wang@example.org")
    assert (
        _login(client, "wang@example.org", next_url="/account/profile").headers["Location"]
        == "/account/profile"
    )
    client.post("/account/logout")
    for target in ["https://evil.example/", "//evil.example", "/\\evil.example"]:
        response = _login(client, "wang@example.org", next_url=target)
        assert response.headers["Location"] == "/my"
        client.post("/account/logout")


def test_repeated_failures_lock_the_account_for_a_while(client, app, db):
    app.config["LOGIN_LOCK_THRESHOLD"] = 3
    user = make_user(email="wang@example.org")
    for _ in range(3):
        _login(client, "wang@example.org", "wrong-password")
    db.session.refresh(user)
    assert user.locked_until is not None and user.locked_until > utcnow()
    locked = _login(client, "wang@example.org")  # right password, still locked
    assert locked.status_code == 401
    # After the lock runs out the right password works again.
    later = utcnow() + timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"] + 1)
    assert services.authenticate("wang@example.org", PASSWORD, now=later).id == user.id


def test_a_successful_sign_in_resets_the_failure_count(client, app, db):
    app.config["LOGIN_LOCK_THRESHOLD"] = 3
    user = make_user(email="wang@example.org")
    _login(client, "wang@example.org", "wrong-password")
    _login(client, "wang@example.org", "wrong-password")
    _login(client, "wang@example.org")
    db.session.refresh(user)
    assert user.failed_logins == 0 and user.locked_until is None


def test_deactivated_account_cannot_sign_in(client, db):
    user = make_user(email="wang@example.org")
    user.active = False
    db.session.commit()
    assert _login(client, "wang@example.org").status_code == 401


def test_deactivation_ends_an_open_session(client, db):
    from tests.conftest import sign_in

    user = make_user()
    sign_in(client, user)
    assert client.get("/my").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get("/my").status_code == 302


def test_sign_in_is_rate_limited(client, app):
    app.config["LOGIN_LOCK_THRESHOLD"] = 1000
    statuses = [_login(client, "nobody@example.org").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    page = client.post(
        "/account/login",
        data={"email": "x@example.org", "password": "x"},
        headers={"Accept-Language": "zh"},
    )
    assert page.status_code == 429
    assert "尝试次数过多" in page.get_data(as_text=True) or "请求过多" in page.get_data(
        as_text=True
    )


def test_login_form_get_is_not_rate_limited(client):
    assert all(client.get("/account/login").status_code == 200 for _ in range(15))


@pytest.mark.parametrize("email", ["", "not-an-email"])
def test_empty_or_invalid_input_is_400(client, email):
    response = client.post("/account/login", data={"email": email, "password": ""})
    assert response.status_code == 400
