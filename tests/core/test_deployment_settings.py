"""Production settings that an operator gets wrong: the secret key, the reverse proxy, the
certificate look-up limit."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys

import pytest
import sqlalchemy as sa

from app.core.audit import AuditEntry
from config import ProductionConfig, secret_key_problem
from tests.conftest import ROOT


@pytest.mark.parametrize("key", ["", "a", "dev", "x" * 31, "ab" * 40])
def test_production_refuses_a_weak_secret_key(monkeypatch, key):
    assert secret_key_problem(key) is not None
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig.check()


def test_production_accepts_a_random_secret_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(32))
    ProductionConfig.check()


def _sign_in_failure_address(client, **headers) -> str:
    client.post(
        "/account/login",
        data={"email": "nobody@example.org", "password": "wrong-password"},
        headers=headers,
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    from app.extensions import db

    return db.session.scalars(
        sa.select(AuditEntry.ip_address).order_by(AuditEntry.id.desc())
    ).first()


def test_behind_a_proxy_the_visitors_address_is_recorded(other_app, db):
    app = other_app(PROXY_COUNT=1, WTF_CSRF_ENABLED=False)
    with app.app_context():
        address = _sign_in_failure_address(app.test_client(), **{"X-Forwarded-For": "203.0.113.7"})
    assert address == "203.0.113.7"


def test_without_a_proxy_a_forged_forwarded_header_is_ignored(client, db):
    address = _sign_in_failure_address(client, **{"X-Forwarded-For": "203.0.113.7"})
    assert address == "10.0.0.2"


def test_behind_a_proxy_each_visitor_has_their_own_allowance(other_app, db):
    app = other_app(
        PROXY_COUNT=1,
        LOGIN_ADDRESS_RATE_LIMIT="2 per minute",
        LOGIN_LOCK_THRESHOLD=100,
        WTF_CSRF_ENABLED=False,
    )
    with app.app_context():
        client = app.test_client()

        def attempt(visitor: str) -> int:
            return client.post(
                "/account/login",
                data={"email": "nobody@example.org", "password": "wrong-password"},
                headers={"X-Forwarded-For": visitor},
                environ_base={"REMOTE_ADDR": "10.0.0.2"},
            ).status_code

        assert [attempt("203.0.113.7") for _ in range(3)] == [401, 401, 429]
        assert attempt("198.51.100.4") == 401


def test_verify_form_and_result_share_one_allowance(other_app, db):
    app = other_app(VERIFY_RATE_LIMIT="3 per minute")
    with app.app_context():
        client = app.test_client()
        statuses = [
            client.get("/verify").status_code,
            client.get("/verify/0000-0000-0000-0000").status_code,
            client.get("/verify").status_code,
            client.get("/verify/0000-0000-0000-0000").status_code,
        ]
    assert statuses[3] == 429 and 429 not in statuses[:3]


def test_verify_rate_limit_is_read_from_the_environment():
    result = subprocess.run(
        [sys.executable, "-c", "from config import Config; print(Config.VERIFY_RATE_LIMIT)"],
        cwd=ROOT,
        env={**os.environ, "VERIFY_RATE_LIMIT": "7 per hour"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "7 per hour"


def _make_run(*args: str, **env: str) -> str:
    """The command `make run` would start the server with (a dry run: nothing is executed)."""
    environment = {k: v for k, v in os.environ.items() if k != "PUBLIC_BASE_URL"} | env
    result = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "run", *args],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return next(line.strip() for line in result.stdout.splitlines() if "flask run" in line)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_points_public_links_at_its_own_port():
    assert _make_run("PORT=5123").startswith("PUBLIC_BASE_URL=http://127.0.0.1:5123 ")
    assert "PUBLIC_BASE_URL=http://127.0.0.1:5000 " in _make_run("HOST=0.0.0.0")
    chosen = _make_run("PORT=5123", PUBLIC_BASE_URL="https://training.example.org")
    assert chosen.startswith("PUBLIC_BASE_URL=https://training.example.org ")


def test_public_base_url_is_read_from_the_environment():
    result = subprocess.run(
        [sys.executable, "-c", "from config import Config; print(Config.PUBLIC_BASE_URL)"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PUBLIC_BASE_URL": "http://127.0.0.1:5123/"},
        cwd=ROOT,
    )
    assert result.stdout.strip() == "http://127.0.0.1:5123"
