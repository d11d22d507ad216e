"""The coordinators' dashboard: programme indicators for a period and a place, charts, exports."""

from flask import Blueprint, Flask

bp = Blueprint("dashboard", __name__)


def init_app(app: Flask) -> None:
    """Plug the dashboard in: its pages."""
    from . import routes  # noqa: F401 (register)

    app.register_blueprint(bp, url_prefix="/dashboard")
