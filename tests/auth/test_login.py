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


def test_sign_in_is_rate_limited_per_account_and_says_when_to_try_again(client, app):
    app.config["LOGIN_LOCK_THRESHOLD"] = 1000
    statuses = [_login(client, "nobody@example.org").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    page = client.post(
        "/account/login",
        data={"email": "Nobody@example.org", "password": "x"},
        headers={"Accept-Language": "zh"},
    )
    assert page.status_code == 429
    wait = int(page.headers["Retry-After"])
    assert 1 <= wait <= 60
    html = page.get_data(as_text=True)
    assert "请" in html and "后再试" in html and ("秒" in html or "分钟" in html)
    english = client.post("/account/login", data={"email": "nobody@example.org", "password": "x"})
    text = english.get_data(as_text=True)
    assert "Please try again in " in text and ("second" in text or "minute" in text)


def test_a_workshop_room_behind_one_address_can_sign_in(client, app, db):
    """Thirty participants on one office network each sign in once: none is refused."""
    for n in range(30):
        make_user(email=f"p{n}@example.org")
    statuses = [_login(client, f"p{n}@example.org").status_code for n in range(30)]
    assert statuses == [302] * 30


def test_the_address_limit_still_holds(client, app):
    app.config["LOGIN_ADDRESS_RATE_LIMIT"] = "5 per minute"
    statuses = [_login(client, f"n{n}@example.org").status_code for n in range(6)]
    assert statuses == [401] * 5 + [429]


def test_login_form_get_is_not_rate_limited(client):
    assert all(client.get("/account/login").status_code == 200 for _ in range(15))


@pytest.mark.parametrize("email", ["", "not-an-email"])
def test_empty_or_invalid_input_is_400(client, email):
    response = client.post("/account/login", data={"email": email, "password": ""})
    assert response.status_code == 400
