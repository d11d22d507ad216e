"""Template globals of accounts."""

from __future__ import annotations

from flask import Flask

from .models import ROLE_LABELS


def role_labels(user) -> list[str]:
    """The names of a user's roles in the current language."""
    return [str(ROLE_LABELS[role]) for role in sorted(user.role_set)]


def init_app(app: Flask) -> None:
    """Register the template globals."""
    app.add_template_global(role_labels)
