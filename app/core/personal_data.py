"""What the platform holds about a person: one registry that every feature adds its part to.

A feature registers an exporter (what it holds about a user, as plain JSON-ready data) and,
where it holds personal data, an eraser (called when an admin anonymises the person). The
account page and the admin's anonymise action call them all, so a new feature cannot be left out
of a data export by forgetting a page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: dict[str, Eraser] = {}
_TITLES: dict[str, Any] = {}
_LABELS: dict[str, Any] = {}


def exporter(section: str, title: Any, labels: dict[str, Any]) -> Callable[[Exporter], Exporter]:
    """Register the function that lists what a feature holds about a user, under `section`.

    `title` names the section and `labels` name its fields on the readable page (lazy strings);
    the JSON download keeps the plain keys.
    """

    def register(function: Exporter) -> Exporter:
        _EXPORTERS[section] = function
        _TITLES[section] = title
        _LABELS.update(labels)
        return function

    return register


def section_title(section: str) -> str:
    """A section's name in the current language."""
    return str(_TITLES.get(section, section))


def field_label(key: str) -> str:
    """A field's name in the current language (the key itself when none was registered)."""
    return str(_LABELS.get(key, key))


def eraser(section: str) -> Callable[[Eraser], Eraser]:
    """Register the function that erases a feature's personal data about a user."""

    def register(function: Eraser) -> Eraser:
        _ERASERS[section] = function
        return function

    return register


def collect(user: Any) -> dict[str, Any]:
    """Everything the platform holds about `user`, section by section."""
    return {section: export(user) for section, export in sorted(_EXPORTERS.items())}


def erase(user: Any) -> list[str]:
    """Run every eraser for `user` (the caller commits); returns the sections erased."""
    for function in _ERASERS.values():
        function(user)
    return sorted(_ERASERS)
