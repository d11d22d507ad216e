"""Template globals of quizzes (the module page's quiz list, "My page")."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from . import results as quizzes_results
from . import services


def module_quiz_links(module_id: int) -> list:
    """The module's quizzes with the signed-in user's standing, for the module page."""
    quizzes = services.module_quizzes(module_id)
    if not quizzes or not current_user.is_authenticated:
        return []
    results = quizzes_results.results_of_user(quizzes, current_user.id)
    return [(quiz, results.get(quiz.id)) for quiz in quizzes]


def my_quiz_results() -> list:
    """The signed-in user's quiz results, for "My page"."""
    return quizzes_results.my_quiz_results(current_user.id) if current_user.is_authenticated else []


def init_app(app: Flask) -> None:
    """Register the template globals."""
    app.add_template_global(module_quiz_links)
    app.add_template_global(my_quiz_results)
