"""`flask backup` and `flask restore`: the database and the uploaded files, together.

SQLite is copied with its online backup API (consistent while the app runs); PostgreSQL with
pg_dump/pg_restore. The archive is a .tar.gz holding the database, the upload folder and a manifest.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
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


def create_backup(archive: Path) -> dict:
    """Write the database and the upload folder to `archive`; returns the manifest."""
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
        manifest = {
            "created_at": datetime.now(UTC).isoformat(),
            "database": kind,
            "revision": _revision(),
            "files": len(files),
        }
        (work_dir / MANIFEST).write_text(json.dumps(manifest, indent=2))
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(work_dir / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            for path in files:
                tar.add(path, arcname=f"uploads/{path.relative_to(uploads)}")
    return manifest


def restore_backup(archive: Path) -> dict:
    """Replace the database and the upload folder with the contents of `archive`."""
    kind, target = _database()
    uploads = Path(current_app.config["UPLOAD_DIR"])
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work_dir, filter="data")  # refuses absolute paths and "../"
        manifest = json.loads((work_dir / MANIFEST).read_text())
        if manifest["database"] != kind:
            raise BackupError(
                f"This backup holds a {manifest['database']} database; the app uses {kind}."
            )
        db.session.remove()
        db.engine.dispose()
        if kind == "sqlite":
            _sqlite_copy(work_dir / "database.sqlite3", target)
        else:
            subprocess.run(  # noqa: S603 -- fixed tool path and our own config, no shell
                [
                    _tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    f"--dbname={target}",
                    str(work_dir / "database.dump"),
                ],
                check=True,
                capture_output=True,
            )
        if uploads.exists():
            shutil.rmtree(uploads)
        restored = work_dir / "uploads"
        if restored.exists():
            shutil.copytree(restored, uploads)
        else:
            uploads.mkdir(parents=True, exist_ok=True)
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
    try:
        manifest = restore_backup(archive)
    except subprocess.CalledProcessError as error:
        raise BackupError(error.stderr.decode(errors="replace").strip() or str(error)) from None
    click.echo(
        f"Restored the backup of {manifest['created_at']} (revision {manifest['revision']}, "
        f"{manifest['files']} file(s)). Run `flask db upgrade` if the code is newer."
    )
