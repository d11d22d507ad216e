"""A workshop's pre- and post-test: offered and checked by quizzes (a higher feature) through
the workshop_test_choices and workshop_tests_chosen hooks."""

from __future__ import annotations

from app.core.hooks import workshop_test_choices, workshop_tests_chosen

from .models import Workshop


def test_choices(language: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The pre-tests and the post-tests a workshop may name, for the workshop form."""
    pre: list[tuple[int, str]] = []
    post: list[tuple[int, str]] = []
    for pre_choices, post_choices in workshop_test_choices.fire(language):
        pre += pre_choices
        post += post_choices
    return pre, post


def set_tests(workshop: Workshop, pre_quiz_id: int | None, post_quiz_id: int | None) -> None:
    """Name the workshop's pre-test and post-test (0 or None: none); a wrong kind is refused with
    a domain error."""
    workshop_tests_chosen.fire(workshop, pre_quiz_id, post_quiz_id)
