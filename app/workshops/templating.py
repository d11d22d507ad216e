"""Template globals of workshops (also used in e-mails and on other features' pages)."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context

from app.core import urls


def public_url(endpoint: str, **values) -> str:
    """Absolute links for e-mails, also when mail is queued outside a request (CLI, threads)."""
    if has_request_context():
        return urls.public_url(endpoint, **values)
    path = current_app.url_map.bind("", script_name="/").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"] + path


def init_app(app: Flask) -> None:
    """Register the template globals."""
    app.add_template_global(public_url)
