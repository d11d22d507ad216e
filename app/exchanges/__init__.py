"""Personnel exchanges: study visits and delegations between EU member-state and Chinese authorities."""

from flask import Blueprint, Flask

bp = Blueprint("exchanges", __name__)


def init_app(app: Flask) -> None:
    """Plug exchanges in: pages, merge rules, personal data, demo exchanges."""
    from app.core.demo import demo_seeder

    from . import account_merge, routes, routes_documents, services, templating  # noqa: F401
    from .demo import seed_demo

    app.register_blueprint(bp, url_prefix="/exchanges")
    templating.init_app(app)
    demo_seeder("exchanges", seed_demo)
