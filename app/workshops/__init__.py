"""Workshops: scheduling, registration with seats and a waiting list, attendance."""

from flask import Blueprint

bp = Blueprint("workshops", __name__)

from . import routes  # noqa: E402,F401


@bp.app_template_global("public_url")
def _public_url(endpoint: str, **values) -> str:
    """Absolute links for e-mails."""
    from app.core.urls import public_url

    return public_url(endpoint, **values)


@bp.app_template_global("registration_label")
def _registration_label(status: str) -> str:
    """A registration status in the current language (for pages outside this blueprint)."""
    from .models import REGISTRATION_LABELS, RegistrationStatus

    return str(REGISTRATION_LABELS[RegistrationStatus(status)])
