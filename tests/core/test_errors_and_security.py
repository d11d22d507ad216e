"""Bilingual error pages, security headers, CSRF, the health check and production settings."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import abort

from app import create_app
from app.auth.models import User
from app.core.access import public
from app.extensions import db as _db
from config import ProductionConfig
from tests.conftest import make_user


@pytest.fixture
def error_app(other_app):
    """A second app on the same database with routes that fail on purpose."""
    other = other_app(MAX_CONTENT_LENGTH=1024)

    @public
    def bad_request():
        abort(400)

    @public
    def explode():
        _db.session.add(User(email="half-written@example.org", password_hash="x"))
        _db.session.flush()
        raise RuntimeError("boom")

    @public
    def upload():
        from flask import request

        return str(len(request.get_data()))

    other.add_url_rule("/bad", "bad", bad_request)
    other.add_url_rule("/explode", "explode", explode)
    other.add_url_rule("/upload", "upload", upload, methods=["POST"])
    return other


@pytest.mark.parametrize(
    ("path", "method", "code", "english", "chinese"),
    [
        ("/bad", "GET", 400, "Bad request", "请求无效"),
        ("/no-such-page", "GET", 404, "Page not found", "页面不存在"),
        ("/language", "GET", 405, "Method not allowed", "不允许"),
    ],
)
def test_error_pages_in_both_languages(error_app, path, method, code, english, chinese):
    client = error_app.test_client()
    en = client.open(path, method=method, headers={"Accept-Language": "en"})
    zh = client.open(path, method=method, headers={"Accept-Language": "zh-CN"})
    assert en.status_code == zh.status_code == code
    assert english in en.get_data(as_text=True)
    assert chinese in zh.get_data(as_text=True)


def test_403_page(client_as):
    response = client_as(preferred_language="zh").get("/admin/users")
    assert response.status_code == 403
    assert "无权" in response.get_data(as_text=True)


def test_413_page(error_app):
    response = error_app.test_client().post(
        "/upload", data=b"x" * 5000, headers={"Accept-Language": "zh"}
    )
    assert response.status_code == 413
    assert "文件过大" in response.get_data(as_text=True)


def test_500_rolls_back_and_shows_a_page(error_app, db):
    error_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = error_app.test_client().get("/explode", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert (
        db.session.scalar(sa.select(User).where(User.email == "half-written@example.org")) is None
    )


def test_security_headers(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client):
    for path in ["/", "/account/login", "/account/signup", "/account/privacy"]:
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and "style=" not in page and "<style" not in page, path


def test_post_without_csrf_token_is_refused_and_the_form_comes_back(client, csrf_enabled, db):
    make_user(email="wang@example.org")
    client.get("/account/login")  # the form the user filled in
    response = client.post(
        "/account/login",
        data={"email": "wang@example.org", "password": "correct-horse-2026"},
        headers={"Referer": "http://localhost/account/login"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/login"
    assert client.get("/my").status_code == 302  # not signed in
    page = client.get("/account/login").get_data(as_text=True)
    assert "Your form had expired" in page
    assert 'value="wang@example.org"' in page
    assert "correct-horse-2026" not in page


def test_stale_token_on_a_long_form_keeps_what_was_typed(client, csrf_enabled):
    client.get("/account/signup")
    response = client.post(
        "/account/signup",
        data={
            "csrf_token": "stale",
            "family_name_zh": "欧阳",
            "given_name_zh": "娜娜",
            "organisation": "福建省人社厅",
            "email": "ouyang@example.org",
        },
        headers={"Referer": "http://localhost/account/signup", "Accept-Language": "zh"},
    )
    assert response.headers["Location"] == "/account/signup"
    page = client.get("/account/signup", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert 'value="欧阳"' in page and 'value="福建省人社厅"' in page
    assert "表单已过期" in page


def test_form_with_valid_token_is_accepted(client, csrf_enabled):
    make_user(email="wang@example.org")
    page = client.get("/account/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/account/login",
        data={"csrf_token": token, "email": "wang@example.org", "password": "correct-horse-2026"},
    )
    assert response.headers["Location"] == "/my"


def test_healthz(client, monkeypatch):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}

    def unreachable(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("down"))

    monkeypatch.setattr(_db.session, "execute", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_production_refuses_default_secret_key(monkeypatch):
    for value in [None, "", "dev", "development-only-secret-key"]:
        if value is None:
            monkeypatch.delenv("SECRET_KEY", raising=False)
        else:
            monkeypatch.setenv("SECRET_KEY", value)
        with pytest.raises(RuntimeError, match="SECRET_KEY"):
            create_app(ProductionConfig)


def test_production_cookies_are_secure(monkeypatch, other_app):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-key-for-this-test-only")
    production = other_app(ProductionConfig)
    assert (
        production.config["SESSION_COOKIE_SECURE"] and production.config["REMEMBER_COOKIE_SECURE"]
    )
    assert (
        production.config["SESSION_COOKIE_HTTPONLY"]
        and production.config["REMEMBER_COOKIE_HTTPONLY"]
    )
    headers = production.test_client().get("/healthz").headers
    assert "Strict-Transport-Security" in headers


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg3(url, expected):
    from config import normalise_database_url

    assert normalise_database_url(url) == expected


def test_form_fields_link_hints_and_errors_for_screen_readers(client):
    page = client.get("/account/signup").get_data(as_text=True)
    assert '="None"' not in page
    assert 'aria-describedby="password-hint"' in page
    page = client.post("/account/signup", data={"email": "x"}).get_data(as_text=True)
    assert 'aria-invalid="true"' in page and 'aria-describedby="email-error"' in page
