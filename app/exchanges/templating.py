"""Template globals of exchanges."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _

from app.core.i18n import format_date

from .models import (
    AUTHORITY_KIND_LABELS,
    DIRECTION_LABELS,
    DOCUMENT_KIND_LABELS,
    MEMBER_ROLE_LABELS,
    STATUS_LABELS,
    Exchange,
)


def direction_label(value: str) -> str:
    """An exchange direction in the viewer's language."""
    return str(DIRECTION_LABELS.get(value, value))


def status_label(value: str) -> str:
    """An exchange status in the viewer's language."""
    return str(STATUS_LABELS.get(value, value))


def member_role_label(value: str) -> str:
    """A delegation role in the viewer's language."""
    return str(MEMBER_ROLE_LABELS.get(value, value))


def document_kind_label(value: str) -> str:
    """A kind of exchange document in the viewer's language."""
    return str(DOCUMENT_KIND_LABELS.get(value, value))


def authority_kind_label(value: str) -> str:
    """A kind of authority in the viewer's language."""
    return str(AUTHORITY_KIND_LABELS.get(value, value))


def exchange_date_range(exchange: Exchange) -> str:
    """'3 – 10 May 2026' style range in the viewer's language."""
    return _(
        "%(start)s to %(end)s",
        start=format_date(exchange.start_date),
        end=format_date(exchange.end_date),
    )


def init_app(app: Flask) -> None:
    """Register the template globals."""
    for function in (
        direction_label,
        status_label,
        member_role_label,
        document_kind_label,
        authority_kind_label,
        exchange_date_range,
    ):
        app.add_template_global(function)
