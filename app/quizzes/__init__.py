"""Quizzes and assessment: question banks, graded attempts, pre/post tests, evaluation."""

from flask import Blueprint, Flask

#: One blueprint without a URL prefix: taking quizzes is under /quizzes (routes.py), writing them
#: under /learn/modules/<slug>/author beside the module editor (routes_authoring.py).
bp = Blueprint("quizzes", __name__)


def init_app(app: Flask) -> None:
    """Plug quizzes in: pages (and their authoring under /learn), `flask quizzes`, merge rules,
    personal data, the hooks of module files and workshop tests, demo attempts."""
    from app.core import hooks
    from app.core.demo import demo_seeder

    from . import account_merge, routes, routes_authoring, services, templating  # noqa: F401
    from .cli import quizzes_command
    from .demo import seed_demo
    from .loading import load_module_bank
    from .quiz_files import check_module_files

    app.register_blueprint(
        bp
    )  # /quizzes/... and the authoring pages /learn/modules/<slug>/author/...
    app.cli.add_command(quizzes_command)
    templating.init_app(app)
    hooks.module_files_checked.register(check_module_files)
    hooks.module_loaded.register(load_module_bank)
    hooks.workshop_test_choices.register(services.workshop_test_choices)
    hooks.workshop_tests_chosen.register(services.set_workshop_tests)
    demo_seeder("quizzes", seed_demo)
