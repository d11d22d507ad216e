"""Certificates: eligibility, issuing, bilingual PDFs, printing, the register and verification."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

from . import account_merge, routes, routes_admin  # noqa: E402,F401
from . import personal_data as _personal_data  # noqa: E402,F401  (registers exporter, eraser)


@bp.app_template_global()
def certificate_kind_label(value: str) -> str:
    """A kind of certificate in the viewer's language."""
    from .models import KIND_LABELS

    return str(KIND_LABELS.get(value, value))


@bp.app_template_global()
def certificate_status_label(value: str) -> str:
    """A certificate's status in the viewer's language."""
    from .models import STATUS_LABELS

    return str(STATUS_LABELS.get(value, value))


@bp.app_template_global()
def my_certificates_of(user) -> list:
    """The valid certificates a person holds, newest first (for "My page")."""
    from .models import Status
    from .services import certificates_of

    return [c for c in certificates_of(user.id) if c.status == Status.LIVE]
