"""Evaluating training: workshop evaluation surveys, and reports on what quizzes show
(knowledge gain, item analysis, gradebooks)."""

from flask import Blueprint, Flask

bp = Blueprint("evaluations", __name__)


def init_app(app: Flask) -> None:
    """Plug evaluations in: pages, merge rules, personal data, demo evaluation."""
    from app.core.demo import demo_seeder

    from . import (  # noqa: F401
        account_merge,
        jobs,
        routes,
        routes_reports,
        services,
        templating,
    )
    from .demo import seed_demo

    app.register_blueprint(bp, url_prefix="/evaluations")
    templating.init_app(app)
    jobs.init_app()
    demo_seeder("evaluations", seed_demo)
