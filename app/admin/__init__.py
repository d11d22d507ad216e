"""Account administration: find users, change roles, deactivate, give reset links."""

from flask import Blueprint, Flask

bp = Blueprint("admin", __name__)


def init_app(app: Flask) -> None:
    """Plug administration in: pages, `flask backup` and `flask restore`, core tables' merge rules."""
    from . import merging, routes, routes_merge  # noqa: F401 (register)
    from .backup import backup_command, restore_command

    app.register_blueprint(bp, url_prefix="/admin")
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
