"""`flask dashboard refresh`: rebuild the dashboard's snapshot from a shell."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db

from . import snapshot


@click.group("dashboard")
def dashboard_command() -> None:
    """The coordinators' dashboard."""


@dashboard_command.command("refresh")
@with_appcontext
def refresh_command() -> None:
    """Rebuild the figures the dashboard reads (the worker does it every
    DASHBOARD_REFRESH_MINUTES)."""
    built = snapshot.refresh()
    db.session.commit()
    click.echo(f"Dashboard figures rebuilt in {built.seconds:.1f} s.")
