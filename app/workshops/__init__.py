"""Workshops: scheduling, registration with seats and a waiting list, attendance."""

from flask import Blueprint

bp = Blueprint("workshops", __name__, cli_group=None)  # commands at the top: flask send-reminders

from . import account_merge, routes  # noqa: E402,F401


@bp.app_template_global("public_url")
def _public_url(endpoint: str, **values) -> str:
    """Absolute links for e-mails, also when mail is queued outside a request (CLI, threads)."""
    from flask import current_app, has_request_context

    from app.core.urls import public_url

    if has_request_context():
        return public_url(endpoint, **values)
    path = current_app.url_map.bind("", script_name="/").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"] + path


@bp.cli.command("send-reminders")
def send_reminders_command() -> None:
    """Remind participants of workshops starting tomorrow (run daily from cron; safe to repeat)."""
    import click

    from app.core.mail import deliver_pending
    from app.extensions import db

    from .reminders import send_reminders

    count = send_reminders()
    db.session.commit()
    deliver_pending()
    click.echo(f"{count} reminder(s) queued.")
