"""Template globals of learning."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from .prerender import summary_html


def module_summary_html(module) -> str:
    """A module's summary as paragraphs in the reader's language (sanitised, stored once)."""
    return Markup(summary_html(module))  # noqa: S704 -- sanitised by nh3


def init_app(app: Flask) -> None:
    """Register the template globals."""
    app.add_template_global(module_summary_html)
