"""Hooks and the demo registry: how lower features reach higher ones, in the feature order."""

from __future__ import annotations

from app.core.demo import demo_seeders
from app.core.hooks import Hook, module_progress, workshop_test_choices
from app.features import FEATURES


def test_a_hook_calls_its_handlers_in_order_once_each():
    hook = Hook("example")
    calls = []

    def first(value):
        calls.append(("first", value))
        return value + 1

    def second(value):
        calls.append(("second", value))
        return value * 2

    hook.register(first)
    hook.register(second)
    hook.register(first)  # a second app registers again: still one entry
    assert hook.fire(5) == [6, 10]
    assert calls == [("first", 5), ("second", 5)]


def test_a_hook_without_handlers_answers_nothing():
    assert Hook("nobody listens").fire(1, 2) == []


def test_the_higher_features_handle_the_hooks_of_the_lower_ones(app):
    assert [h.__module__ for h in module_progress._handlers] == ["app.certificates.services"]
    assert [h.__module__ for h in workshop_test_choices._handlers] == ["app.quizzes.services"]


def test_demo_seeders_run_in_the_feature_order(app):
    modules = [seed.__module__.split(".")[1] for seed in demo_seeders()]
    assert modules == [feature for feature in FEATURES if feature in modules]
    assert modules[0] == "auth"  # the demo accounts come first: every other seeder uses them
