"""Template globals of learning."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from app.core.i18n import localized

from .reading import render_context
from .rendering import render_markdown


def module_summary_html(module) -> str:
    """A module's summary as paragraphs in the reader's language (sanitised)."""
    text = localized(module, "summary")
    context = render_context(module, text.language, {})
    return Markup(render_markdown(text.text, context))  # noqa: S704 -- sanitised by nh3


def init_app(app: Flask) -> None:
    """Register the template globals."""
    app.add_template_global(module_summary_html)
