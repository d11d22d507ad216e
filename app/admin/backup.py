"""`flask backup` and `flask restore`: the database and the uploaded files, together.

SQLite is copied with its online backup API (consistent while the app runs); PostgreSQL with
pg_dump/pg_restore. The archive is a .tar.gz holding the database, the upload folder and a manifest.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from app.extensions import db

MANIFEST = "manifest.json"


class BackupError(click.ClickException):
    """A backup or restore that cannot go ahead, with the reason."""


def _database() -> tuple[str, str]:
    """('sqlite', file path) or ('postgresql', libpq URL) for the configured database."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BackupError("An in-memory SQLite database cannot be backed up.")
        return "sqlite", url.database
    if url.get_backend_name() == "postgresql":
        return "postgresql", url.set(drivername="postgresql").render_as_string(hide_password=False)
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {url.get_backend_name()}.")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is needed for PostgreSQL backups: install the PostgreSQL client tools."
        )
    return found


def _sqlite_copy(source_path: str | Path, target_path: str | Path) -> None:
    """Copy one SQLite database onto another with the online backup API."""
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _revision() -> str:
    with db.engine.connect() as connection:
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() or ""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def create_backup(archive: Path) -> dict:
    """Write the database and the upload folder to `archive`; returns the manifest.

    The manifest lists every member with its SHA-256, so a restore can prove the archive whole
    before it touches anything.
    """
    kind, target = _database()
    uploads = Path(current_app.config["UPLOAD_DIR"])
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        if kind == "sqlite":
            dump = work_dir / "database.sqlite3"
            _sqlite_copy(target, dump)
        else:
            dump = work_dir / "database.dump"
            subprocess.run(  # noqa: S603 -- fixed tool path and our own config, no shell
                [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", target],
                check=True,
                capture_output=True,
            )
        files = [p for p in uploads.rglob("*") if p.is_file()] if uploads.exists() else []
        members = {dump.name: dump} | {f"uploads/{p.relative_to(uploads)}": p for p in files}
        manifest = {
            "created_at": datetime.now(UTC).isoformat(),
            "database": kind,
            "revision": _revision(),
            "files": len(files),
            "checksums": {name: _sha256(path) for name, path in members.items()},
        }
        (work_dir / MANIFEST).write_text(json.dumps(manifest, indent=2))
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(work_dir / MANIFEST, arcname=MANIFEST)
            for name, path in members.items():
                tar.add(path, arcname=name)
    return manifest


def _unpack(archive: Path, work_dir: Path) -> dict:
    """Unpack the archive and return its manifest, or say in words what is wrong with it."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work_dir, filter="data")  # refuses absolute paths and "../"
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(
            f"{archive} is damaged or incomplete (it ends too early or its compressed data is "
            f"broken: {error}). Nothing was changed."
        ) from None
    except tarfile.TarError as error:
        raise BackupError(
            f"{archive} is not a backup archive made by `flask backup` ({error}). Nothing was changed."
        ) from None
    try:
        manifest = json.loads((work_dir / MANIFEST).read_text())
        manifest["database"], manifest["created_at"], manifest["revision"]  # noqa: B018
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError(
            f"{archive} has no readable manifest ({MANIFEST}): it was not made by `flask backup` "
            "or it is damaged. Nothing was changed."
        ) from None
    return manifest


def _check_members(manifest: dict, work_dir: Path) -> None:
    """Every member the manifest names is there with the bytes it had when the backup was made."""
    checksums = manifest.get("checksums")
    if checksums is None:  # archives from before checksums were recorded
        return
    for name, expected in checksums.items():
        path = work_dir / name
        if not path.is_file():
            raise BackupError(
                f"The archive lacks {name}, which its manifest lists. Nothing was changed."
            )
        if _sha256(path) != expected:
            raise BackupError(
                f"{name} in the archive does not match its checksum: the archive is damaged. "
                "Nothing was changed."
            )


def _check_database(kind: str, dump: Path) -> None:
    """The database copy in the archive can be read, before the live one is replaced."""
    if not dump.is_file():
        raise BackupError(f"The archive holds no database ({dump.name}). Nothing was changed.")
    if kind == "sqlite":
        try:
            connection = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
            try:
                verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
                connection.execute("SELECT version_num FROM alembic_version").fetchone()
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(
                f"The database in the archive cannot be read ({error}). Nothing was changed."
            ) from None
        if verdict != "ok":
            raise BackupError(
                f"The database in the archive is damaged ({verdict}). Nothing was changed."
            )
        return
    listing = subprocess.run(  # noqa: S603 -- fixed tool path, a file we unpacked, no shell
        [_tool("pg_restore"), "--list", str(dump)], capture_output=True
    )
    if listing.returncode != 0:
        reason = listing.stderr.decode(errors="replace").strip()
        raise BackupError(
            f"The database dump in the archive cannot be read ({reason}). Nothing was changed."
        )


def verify_backup(archive: Path, work_dir: Path) -> dict:
    """Unpack and check an archive completely; returns its manifest. Touches nothing live."""
    kind, _target = _database()
    manifest = _unpack(archive, work_dir)
    if manifest["database"] != kind:
        raise BackupError(
            f"This backup holds a {manifest['database']} database; the app uses {kind}. "
            "Nothing was changed."
        )
    _check_members(manifest, work_dir)
    dump = work_dir / ("database.sqlite3" if kind == "sqlite" else "database.dump")
    _check_database(kind, dump)
    return manifest


def _replace_uploads(restored: Path, uploads: Path) -> None:
    """Swap the upload folder for the restored one with renames, so it is never half-copied."""
    staging = uploads.with_name(uploads.name + ".restoring")
    previous = uploads.with_name(uploads.name + ".previous")
    for leftover in (staging, previous):
        if leftover.exists():
            shutil.rmtree(leftover)
    if restored.exists():
        shutil.copytree(restored, staging)
    else:
        staging.mkdir(parents=True)
    if uploads.exists():
        uploads.rename(previous)
    staging.rename(uploads)
    if previous.exists():
        shutil.rmtree(previous)


def restore_backup(archive: Path) -> dict:
    """Replace the database and the upload folder with the contents of `archive`.

    The archive is checked whole first (manifest, checksums, a readable database); PostgreSQL is
    restored in one transaction, so a failure leaves the database as it was.
    """
    kind, target = _database()
    uploads = Path(current_app.config["UPLOAD_DIR"])
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        manifest = verify_backup(archive, work_dir)
        db.session.remove()
        db.engine.dispose()
        if kind == "sqlite":
            _sqlite_copy(work_dir / "database.sqlite3", target)
        else:
            restored = subprocess.run(  # noqa: S603 -- fixed tool path and our own config, no shell
                [
                    _tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    f"--dbname={target}",
                    str(work_dir / "database.dump"),
                ],
                capture_output=True,
            )
            if restored.returncode != 0:
                reason = restored.stderr.decode(errors="replace").strip()
                raise BackupError(
                    f"PostgreSQL refused the restore ({reason}). It ran in one transaction, so the "
                    "database is as it was; the uploaded files were not touched."
                )
        _replace_uploads(work_dir / "uploads", uploads)
    return manifest


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Archive to write (default: var/backups/backup-<time>.tar.gz).",
)
@with_appcontext
def backup_command(output: Path | None) -> None:
    """Back up the database and the uploaded files into one archive."""
    if output is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        output = Path(current_app.root_path).parent / "var" / "backups" / f"backup-{stamp}.tar.gz"
    manifest = create_backup(output)
    click.echo(
        f"Backup written to {output} ({manifest['database']}, revision {manifest['revision']}, "
        f"{manifest['files']} file(s))."
    )


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(archive: Path, yes: bool) -> None:
    """Replace the database and the uploaded files with a backup's contents."""
    if not yes:
        click.confirm(
            "This replaces the current database and uploaded files. Continue?", abort=True
        )
    manifest = restore_backup(archive)
    click.echo(
        f"Restored the backup of {manifest['created_at']} (revision {manifest['revision']}, "
        f"{manifest['files']} file(s)). Run `flask db upgrade` if the code is newer."
    )
