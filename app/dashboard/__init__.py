"""The coordinators' dashboard: programme indicators for a period and a place, charts, exports."""

from flask import Blueprint, Flask

bp = Blueprint("dashboard", __name__)


def init_app(app: Flask) -> None:
    """Plug the dashboard in: its pages, `flask dashboard`, the snapshot's job and its scheduled
    rebuild."""
    from app.core.queue import every_minute

    from . import jobs, routes  # noqa: F401 (register)
    from .cli import dashboard_command
    from .snapshot import refresh_if_due

    app.register_blueprint(bp, url_prefix="/dashboard")
    app.cli.add_command(dashboard_command)
    jobs.init_app()
    every_minute.register(refresh_if_due)
