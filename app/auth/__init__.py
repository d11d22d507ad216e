"""Accounts: sign-up, sign-in, profile, passwords."""

from flask import Blueprint, Flask

bp = Blueprint("auth", __name__)


def init_app(app: Flask) -> None:
    """Plug accounts in: pages, `flask create-admin`, merge rules, personal data, demo accounts."""
    from app.core.demo import demo_seeder
    from app.core.queue import hourly

    from . import account_merge, personal_data, routes, sessions  # noqa: F401 (register)
    from .cli import create_admin_command
    from .demo import seed_demo

    app.register_blueprint(bp, url_prefix="/account")
    app.cli.add_command(create_admin_command)
    hourly.register(sessions.purge_ended)
    demo_seeder("auth", seed_demo)
