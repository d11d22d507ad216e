"""Quizzes and assessment: question banks, graded attempts, pre/post tests, evaluation."""

from flask import Blueprint

bp = Blueprint("quizzes", __name__)

from . import account_merge, routes  # noqa: E402,F401


@bp.app_template_global()
def module_quiz_links(module_id: int) -> list:
    """The module's quizzes with the signed-in user's standing, for the module page."""
    from flask_login import current_user

    from . import services

    quizzes = services.module_quizzes(module_id)
    if not quizzes or not current_user.is_authenticated:
        return []
    results = services.results_of_user(quizzes, current_user.id)
    return [(quiz, results.get(quiz.id)) for quiz in quizzes]


@bp.app_template_global()
def my_quiz_results() -> list:
    """The signed-in user's quiz results, for "My page"."""
    from flask_login import current_user

    from . import services

    return services.my_quiz_results(current_user.id) if current_user.is_authenticated else []
