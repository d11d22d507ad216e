"""Fixtures shared by the whole suite: the app, a clean database per test, clients per role.

The suite runs on SQLite (a file, so threads and the browser tests' live server share it) and on
PostgreSQL when TEST_DATABASE_URL is set. The schema is built once per run by the Alembic
migrations, which also proves that `flask db upgrade` works from empty; after each test every table
is emptied, so tests see only committed data and never each other's.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade

from app import create_app
from app.auth.models import User
from app.auth.services import create_user
from app.auth.sessions import start_session
from app.core.access import Role
from app.extensions import db as _db
from app.extensions import limiter
from config import TestingConfig, normalise_database_url

PASSWORD = "correct-horse-2026"
ROOT = Path(__file__).resolve().parent.parent


def _compile_catalogue() -> None:
    """Compile the Chinese catalogue when the .po is newer, so a plain `pytest` sees fresh text."""
    po = ROOT / "translations/zh/LC_MESSAGES/messages.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return
    with po.open("rb") as source:
        catalogue = read_po(source)
    with mo.open("wb") as target:
        write_mo(target, catalogue)


_compile_catalogue()
_counter = itertools.count(1)


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in an app context of its own, as in production.

    The request gets its own `g` and database session, ended with the request, so a route that
    forgets to commit fails its test; afterwards the test's own session re-reads what it holds.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        _db.session.expire_all()
        return response


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def _reset_schema(app: Flask) -> None:
    engine = _db.engine
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    upgrade(directory=app.extensions["migrate"].directory)


@pytest.fixture(scope="session")
def app(tmp_path_factory) -> Iterator[Flask]:
    """The app under test, with its schema built by the migrations."""
    files = tmp_path_factory.mktemp("files")

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = _database_url(tmp_path_factory)
        UPLOAD_DIR = str(files / "uploads")
        MAIL_FOLDER = str(files / "mail")
        WTF_CSRF_ENABLED = False
        PUBLIC_BASE_URL = "http://training.test"

    app = create_app(Config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        _reset_schema(app)
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def other_app(app):
    """other_app(**settings): a second app on the test database, e.g. with routes that fail on
    purpose; its connections are closed after the test."""
    made = []

    def make(base: type = TestingConfig, **settings) -> Flask:
        config = type(
            "OtherConfig",
            (base,),
            {
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "UPLOAD_DIR": app.config["UPLOAD_DIR"],
                "MAIL_FOLDER": app.config["MAIL_FOLDER"],
                **settings,
            },
        )
        other = create_app(config)
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            _db.engine.dispose()


def empty_all_tables() -> None:
    """Delete every row of every table (fast on both databases)."""
    _db.session.rollback()
    _db.session.remove()
    tables = [t for t in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture(autouse=True)
def db(app: Flask):
    """The database, empty at the start of each test; used inside an app context."""
    with app.app_context():
        saved = dict(app.config)
        limiter.reset()
        yield _db
        app.config.clear()
        app.config.update(saved)
        empty_all_tables()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like client with no one signed in."""
    return app.test_client()


@pytest.fixture
def csrf_enabled(app: Flask) -> None:
    """Turn CSRF protection on for one test (it is off for the rest, to keep tests short)."""
    app.config["WTF_CSRF_ENABLED"] = True


def make_user(
    email: str | None = None, roles=(Role.TRAINEE,), password: str = PASSWORD, **profile
) -> User:
    """A committed account; profile fields default to a plausible Chinese official."""
    number = next(_counter)
    fields = {
        "family_name_zh": "张",
        "given_name_zh": "伟",
        "family_name_latin": "Zhang",
        "given_name_latin": "Wei",
        "organisation": "山东省人力资源和社会保障厅",
        "organisation_type": "provincial_bureau",
        "position": "Inspector",
        "country": "CN",
        "province": "37",
        "preferred_language": "en",
        "timezone": "Asia/Shanghai",
    }
    fields.update(profile)
    user = create_user(
        email or f"user{number}@example.org",
        password,
        fields,
        roles=set(roles),
        consent_version="test",
    )
    _db.session.commit()
    return user


def sign_in(client: FlaskClient, user: User) -> FlaskClient:
    """Make `client` signed in as `user` without going through the form."""
    session_id = start_session(user)
    _db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    return client


@pytest.fixture
def client_as(app: Flask):
    """client_as(Role.X, **profile): a client signed in as a new user holding that role."""

    def make(*roles: Role, **profile) -> FlaskClient:
        user = make_user(roles=roles or (Role.TRAINEE,), **profile)
        client = app.test_client()
        sign_in(client, user)
        client.user = user
        return client

    return make


def without_form_tokens(html: str) -> str:
    """A page with its CSRF tokens blanked: they are signed with the time, so two pages made a
    second apart differ only there."""
    html = re.sub(r'(name="csrf_token"[^>]*?value=")[^"]*"', r'\1"', html)
    return re.sub(r'(<input[^>]*?id="csrf_token"[^>]*?value=")[^"]*"', r'\1"', html)


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for the app's `flask` commands."""
    return app.test_cli_runner()


@pytest.fixture
def postgres_only(app: Flask) -> None:
    """Skip the test unless it runs on PostgreSQL: SQLite serialises writers, so a concurrency
    test there proves nothing."""
    if _db.engine.dialect.name != "postgresql":
        pytest.skip(
            "concurrency test needs PostgreSQL (SQLite serialises writers): set TEST_DATABASE_URL"
        )


def run_at_once(app: Flask, jobs: list[Callable[[], object]]) -> tuple[list, list[BaseException]]:
    """Run each job in its own thread and app context, all released together; each job's work
    is committed, or rolled back if it raised. Returns (results, errors)."""
    barrier = threading.Barrier(len(jobs))
    results: list = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(job):
        with app.app_context():
            try:
                barrier.wait()
                value = job()
                _db.session.commit()
                with lock:
                    results.append(value)
            except BaseException as error:  # noqa: BLE001 -- reported to the test
                _db.session.rollback()
                with lock:
                    errors.append(error)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Collect the SQL statements run while the block runs (to prove a page makes no N+1)."""
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(_db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa.event.remove(_db.engine, "before_cursor_execute", listener)


def edit_text(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a UTF-8 file by `new`, failing if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
