"""`flask send-reminders`: remind participants of workshops starting tomorrow (cron, daily)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.core.mail import deliver_pending
from app.extensions import db

from .reminders import send_reminders


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """Remind participants of workshops starting tomorrow (run daily from cron; safe to repeat)."""
    count = send_reminders()
    db.session.commit()
    deliver_pending()
    click.echo(f"{count} reminder(s) queued.")
