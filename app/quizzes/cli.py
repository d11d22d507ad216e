"""`flask quizzes close-expired`: grade every attempt whose time ran out (also run every minute by
the task queue's scheduler)."""

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
    click.echo(f"Closed and graded {close_expired_now()} attempt(s) past their deadline.")


def close_expired_now() -> int:
    """The scheduled task (every minute): each attempt is closed once, so overlapping runs agree."""
    closed = attempts.close_expired(utcnow())
    db.session.commit()
    return closed
