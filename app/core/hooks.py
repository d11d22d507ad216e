"""Hooks: how a lower feature lets higher ones act without importing them.

Features depend one way (the order in app/features.py). Where a lower feature must tell a higher
one that something happened, or ask it something, it fires one of the hooks declared here, and the
higher feature registers a handler from its `init_app`:

    from app.core.hooks import module_progress

    module_progress.register(issue_if_eligible)      # app/certificates/__init__.py, init_app
    module_progress.fire(user_id, module_id)         # app/learning/services.py

Handlers run in registration order (the feature order) inside the caller's transaction: like
services they flush and never commit, and a domain error they raise reaches the caller. `fire`
returns each handler's answer. Registering the same function again keeps one entry, so a second
app (tests) does not double the handlers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    """A named point where a lower feature calls the handlers higher features registered."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[Callable[..., Any]] = []

    def register(self, handler: Callable[..., Any]) -> Callable[..., Any]:
        """Add a handler (once); returns it, so this also works as a decorator."""
        if handler not in self._handlers:
            self._handlers.append(handler)
        return handler

    def fire(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Call every handler with the arguments; returns their answers in order."""
        return [handler(*args, **kwargs) for handler in self._handlers]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._handlers)} handler(s)>"


#: (user_id, module_id): a person finished a lesson or had a final quiz graded in a module; a
#: completion certificate may be due (certificates).
module_progress = Hook("module_progress")

#: (folder, root, objective_ids, problems) -> dict of extra ModuleSource fields: check the files of
#: a module folder beyond its lessons and glossary (quizzes: questions.toml and quizzes.toml);
#: append a Problem for each mistake. Pure: handlers touch neither Flask nor the database.
module_files_checked = Hook("module_files_checked")

#: (module, source) -> bool (whether anything changed): write the extra parts of a module's
#: checked source after its lessons (quizzes: the question bank and the quizzes).
module_loaded = Hook("module_loaded")

#: (language) -> (pre-test choices, post-test choices): the tests a workshop may name (quizzes).
workshop_test_choices = Hook("workshop_test_choices")

#: (workshop, pre_quiz_id, post_quiz_id): name a workshop's pre- and post-test, refusing a wrong
#: kind with a domain error (quizzes).
workshop_tests_chosen = Hook("workshop_tests_chosen")

#: (user_id, module_ids) -> {module_id: standing}: how far a person is with each module beyond
#: its lessons (certificates: complete or not, the final quiz score, the completion certificate),
#: for the module page and the catalogue cards. A standing has `complete`, `score` (None without
#: a graded final quiz) and `certificate` (None without a valid one).
module_standing = Hook("module_standing")
