"""Learning: training modules read in the browser, progress and the glossary."""

from flask import Blueprint, Flask

bp = Blueprint("learning", __name__)


def init_app(app: Flask) -> None:
    """Plug learning in: pages under /learn, `flask materials`, merge rules, demo modules."""
    from app.core.demo import demo_seeder

    from . import account_merge, personal_data, routes, routes_authoring, templating  # noqa: F401
    from .cli import materials_command
    from .demo import seed_demo

    app.register_blueprint(bp, url_prefix="/learn")
    app.cli.add_command(materials_command)
    templating.init_app(app)
    demo_seeder("learning", seed_demo)
