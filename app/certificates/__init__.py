"""Certificates: eligibility, issuing, bilingual PDFs, printing, the register and verification."""

from flask import Blueprint, Flask

bp = Blueprint("certificates", __name__)


def init_app(app: Flask) -> None:
    """Plug certificates in: pages (/certificates/... and the public /verify/...), merge rules,
    personal data, issuing when a self-paced module is completed, demo certificates."""
    from app.core.demo import demo_seeder
    from app.core.hooks import module_progress

    from . import (  # noqa: F401
        account_merge,
        personal_data,
        routes,
        routes_admin,
        routes_verify,
        templating,
    )
    from .demo import seed_demo
    from .services import issue_if_eligible

    app.register_blueprint(bp)
    templating.init_app(app)
    module_progress.register(issue_if_eligible)
    demo_seeder("certificates", seed_demo)
