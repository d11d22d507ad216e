"""Workshops: scheduling, registration with seats and a waiting list, attendance."""

from flask import Blueprint, Flask

bp = Blueprint("workshops", __name__)


def init_app(app: Flask) -> None:
    """Plug workshops in: pages, `flask send-reminders`, merge rules, demo workshops."""
    from app.core.demo import demo_seeder
    from app.core.queue import daily

    from . import (  # noqa: F401
        account_merge,
        jobs,
        personal_data,
        routes,
        routes_agenda,
        routes_attendance,
        routes_calendars,
        templating,
    )
    from .cli import send_reminders_command, send_reminders_now
    from .demo import seed_demo

    app.register_blueprint(bp, url_prefix="/workshops")
    app.cli.add_command(send_reminders_command)
    templating.init_app(app)
    jobs.init_app()
    daily.register(send_reminders_now)
    demo_seeder("workshops", seed_demo)
