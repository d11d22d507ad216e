"""Accounts: sign-up, sign-in, profile, passwords."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import account_merge, routes  # noqa: E402,F401


@bp.app_template_global()
def role_labels(user) -> list[str]:
    """The names of a user's roles in the current language."""
    from .models import ROLE_LABELS

    return [str(ROLE_LABELS[role]) for role in sorted(user.role_set)]
