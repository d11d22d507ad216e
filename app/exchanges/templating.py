"""Template globals of exchanges."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _

from app.core.i18n import format_date

from .models import Exchange


def exchange_date_range(exchange: Exchange) -> str:
    """'3 – 10 May 2026' style range in the viewer's language."""
    return _(
        "%(start)s to %(end)s",
        start=format_date(exchange.start_date),
        end=format_date(exchange.end_date),
    )


def init_app(app: Flask) -> None:
    """Register the template globals."""
    app.add_template_global(exchange_date_range)
