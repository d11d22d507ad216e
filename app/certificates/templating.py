"""Template globals of certificates (also used on "My page" and other features' pages)."""

from __future__ import annotations

from flask import Flask

from .models import Status
from .routes import subject_url
from .services import certificates_of


def my_certificates_of(user) -> list:
    """The valid certificates a person holds, newest first (for "My page")."""
    return [c for c in certificates_of(user.id) if c.status == Status.LIVE]


def init_app(app: Flask) -> None:
    """Register the template globals."""
    app.add_template_global(my_certificates_of)
    app.add_template_global(subject_url, "certificate_subject_url")
