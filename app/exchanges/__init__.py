"""Personnel exchanges: study visits and delegations between EU member-state and Chinese authorities."""

from flask import Blueprint

bp = Blueprint("exchanges", __name__)

from . import account_merge, routes  # noqa: E402,F401


@bp.app_template_global()
def direction_label(value: str) -> str:
    """An exchange direction in the viewer's language."""
    from .models import DIRECTION_LABELS

    return str(DIRECTION_LABELS.get(value, value))


@bp.app_template_global()
def status_label(value: str) -> str:
    """An exchange status in the viewer's language."""
    from .models import STATUS_LABELS

    return str(STATUS_LABELS.get(value, value))


@bp.app_template_global()
def member_role_label(value: str) -> str:
    """A delegation role in the viewer's language."""
    from .models import MEMBER_ROLE_LABELS

    return str(MEMBER_ROLE_LABELS.get(value, value))


@bp.app_template_global()
def document_kind_label(value: str) -> str:
    """A kind of exchange document in the viewer's language."""
    from .models import DOCUMENT_KIND_LABELS

    return str(DOCUMENT_KIND_LABELS.get(value, value))


@bp.app_template_global()
def authority_kind_label(value: str) -> str:
    """A kind of authority in the viewer's language."""
    from .models import AUTHORITY_KIND_LABELS

    return str(AUTHORITY_KIND_LABELS.get(value, value))
