"""`flask send-reminders`: remind participants of workshops starting tomorrow (the task queue's
scheduler also runs it every quarter hour; each reminder is claimed once)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.core.mail import deliver_pending
from app.extensions import db

from .reminders import send_reminders


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """Remind participants of workshops starting tomorrow (safe to repeat)."""
    count = send_reminders_now()
    deliver_pending()
    click.echo(f"{count} reminder(s) queued.")


def send_reminders_now() -> int:
    """The scheduled task: queue the reminders due (delivery follows through the queue)."""
    count = send_reminders()
    db.session.commit()
    return count
