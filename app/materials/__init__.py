"""Trainers' materials: files (slides, handouts, reading packs) for modules and workshops alike."""

from flask import Blueprint, Flask

#: No URL prefix: module files are managed under /learn, a workshop's under /workshops.
bp = Blueprint("materials", __name__)


def init_app(app: Flask) -> None:
    """Plug materials in: the pages, the lists on module and workshop pages, merge rules."""
    from . import account_merge, personal_data, routes, templating  # noqa: F401 (register)

    app.register_blueprint(bp)
    templating.init_app(app)
