"""`flask materials import [--force]`: load the reviewed modules under materials/; `render`."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from app.extensions import db

from . import importer, loading, prerender
from .models import Module


@click.group("materials")
def materials_command() -> None:
    """The training modules kept as files under materials/."""


@materials_command.command("import")
@click.option("--force", is_flag=True, help="Also overwrite modules edited in the browser.")
@click.option(
    "--path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to import (default: the materials/ folder of the repository).",
)
@with_appcontext
def import_command(force: bool, path: Path | None) -> None:
    """Validate every file first, then create or update the modules in place (progress is kept)."""
    folder = path or Path(current_app.config["MATERIALS_DIR"])
    try:
        catalogue = importer.load_catalogue(folder)
        report = loading.import_catalogue(catalogue, force=force)
    except importer.ImportProblems as problems:
        db.session.rollback()
        for problem in problems.problems:
            click.echo(f"  {problem}", err=True)
        raise click.ClickException(
            f"Nothing was imported: {len(problems.problems)} problem(s) to fix first."
        ) from None
    db.session.commit()
    for line in report.lines():
        click.echo(line)


@materials_command.command("render")
@click.option("--stale", is_flag=True, help="Only what is missing or stale (the default).")
@click.option("--prune", is_flag=True, help="Also delete stored HTML no content uses any more.")
@with_appcontext
def render_command(stale: bool, prune: bool) -> None:
    """Render lesson sections and module summaries to stored HTML where missing or stale.

    Run it after changing the renderer (bump RENDERER_VERSION) or the call-out labels; the import
    and the editors already do it for the content they change.
    """
    modules = db.session.scalars(sa.select(Module)).all()
    rendered = prerender.store_modules(modules)
    removed = prerender.prune() if prune else 0
    db.session.commit()
    click.echo(f"Rendered and stored {rendered} piece(s); removed {removed} unused piece(s).")
