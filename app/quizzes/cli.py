"""`flask quizzes close-expired`: grade every attempt whose time ran out (cron, every minute)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.core.db import utcnow
from app.extensions import db

from . import attempts


@click.group("quizzes")
def quizzes_command() -> None:
    """Quiz attempts."""


@quizzes_command.command("close-expired")
@with_appcontext
def close_expired_command() -> None:
    """Close and grade attempts past their deadline with the answers saved before it."""
    closed = attempts.close_expired(utcnow())
    db.session.commit()
    click.echo(f"Closed and graded {closed} attempt(s) past their deadline.")
