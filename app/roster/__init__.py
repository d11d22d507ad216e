"""Roster import: coordinators upload a nomination list (CSV or XLSX) into a workshop."""

from flask import Blueprint, Flask

bp = Blueprint("roster", __name__)


def init_app(app: Flask) -> None:
    """Plug the roster import in: pages, merge rules, a demo import."""
    from app.core.demo import demo_seeder

    from . import account_merge, jobs, personal_data, routes  # noqa: F401 (register)
    from .demo import seed_demo

    app.register_blueprint(bp, url_prefix="/roster")
    jobs.init_app()
    demo_seeder("roster", seed_demo)
