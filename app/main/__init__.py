"""The home page, "My page", the language switch and the health check."""

from flask import Blueprint, Flask

bp = Blueprint("main", __name__)


def init_app(app: Flask) -> None:
    """Plug the pages every visitor meets in."""
    from . import routes  # noqa: F401 (register)

    app.register_blueprint(bp)
