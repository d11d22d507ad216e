"""Certificates: eligibility, issuing, bilingual PDFs, printing, the register and verification."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

from . import account_merge, routes, routes_admin  # noqa: E402,F401
from . import personal_data as _personal_data  # noqa: E402,F401  (registers exporter, eraser)


@bp.app_template_global()
def my_certificates_of(user) -> list:
    """The valid certificates a person holds, newest first (for "My page")."""
    from .models import Status
    from .services import certificates_of

    return [c for c in certificates_of(user.id) if c.status == Status.LIVE]
