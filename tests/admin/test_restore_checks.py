"""`flask restore` checks an archive whole before it touches the database or the uploads."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.admin.backup import create_backup
from app.auth.models import User
from tests.conftest import make_user


@pytest.fixture
def backup(app, db, tmp_path):
    """A good archive holding one account and one upload; then the live state moves on."""
    if db.engine.dialect.name == "postgresql" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump/pg_restore not installed")
    make_user(email="in-backup@example.org")
    upload = Path(app.config["UPLOAD_DIR"]) / "ab" / "abcdef"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(b"uploaded bytes")
    archive = tmp_path / "backup.tar.gz"
    create_backup(archive)
    make_user(email="live@example.org")
    upload.write_bytes(b"changed since")
    return archive


def _restore(runner, archive):
    return runner.invoke(args=["restore", str(archive), "--yes"])


def _assert_untouched(app, db):
    emails = set(db.session.scalars(sa.select(User.email)))
    assert {"in-backup@example.org", "live@example.org"} <= emails
    assert (Path(app.config["UPLOAD_DIR"]) / "ab" / "abcdef").read_bytes() == b"changed since"


def _rewrite(archive: Path, change) -> None:
    """Rewrite the archive with change(name, bytes) -> bytes | None applied to each member."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m.name, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members:
            data = change(name, data)
            if data is None:
                continue
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_a_truncated_archive_is_refused_in_words(app, runner, db, backup):
    backup.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    result = _restore(runner, backup)
    assert result.exit_code == 1
    assert "damaged or incomplete" in result.output and "Nothing was changed" in result.output
    assert "Aborted!" not in result.output
    _assert_untouched(app, db)


def test_a_member_that_does_not_match_its_checksum_is_refused(app, runner, db, backup):
    _rewrite(backup, lambda name, data: data[:-1] + b"!" if name.startswith("database") else data)
    result = _restore(runner, backup)
    assert result.exit_code == 1 and "does not match its checksum" in result.output
    _assert_untouched(app, db)


def test_an_archive_without_a_manifest_is_refused(app, runner, db, backup):
    _rewrite(backup, lambda name, data: None if name == "manifest.json" else data)
    result = _restore(runner, backup)
    assert result.exit_code == 1 and "no readable manifest" in result.output
    _assert_untouched(app, db)


def test_an_unreadable_database_is_refused_before_anything_changes(app, runner, db, backup):
    """A manifest rewritten to match broken database bytes still fails the database check."""

    def break_database(name, data):
        return b"not a database" * 100 if name.startswith("database") else data

    _rewrite(backup, break_database)
    _rewrite(
        backup,
        lambda name, data: (
            json.dumps({**json.loads(data), "checksums": {}}).encode()
            if name == "manifest.json"
            else data
        ),
    )
    result = _restore(runner, backup)
    assert result.exit_code == 1 and "cannot be read" in result.output
    _assert_untouched(app, db)


def test_a_file_that_is_not_an_archive_is_refused(app, runner, db, backup):
    backup.write_bytes(b"hello")
    result = _restore(runner, backup)
    assert result.exit_code == 1 and "Nothing was changed" in result.output
    _assert_untouched(app, db)


def test_a_good_archive_still_restores(app, runner, db, backup):
    result = _restore(runner, backup)
    assert result.exit_code == 0, result.output
    emails = set(db.session.scalars(sa.select(User.email)))
    assert "in-backup@example.org" in emails and "live@example.org" not in emails
    assert (Path(app.config["UPLOAD_DIR"]) / "ab" / "abcdef").read_bytes() == b"uploaded bytes"
