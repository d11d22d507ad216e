"""Forms of the account administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SearchField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.auth.models import ROLE_LABELS
from app.core.forms import Form, choices


class UserSearchForm(Form):
    """Filters of the user list (sent by GET)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name, e-mail or organisation"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("Role"), validators=[Optional()])
    status = SelectField(
        _l("Status"),
        validators=[Optional()],
        choices=choices(
            [("", _l("All")), ("active", _l("Active")), ("inactive", _l("Deactivated"))]
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = choices(
            [("", _l("All")), *((r.value, label) for r, label in ROLE_LABELS.items())]
        )


class UserAccessForm(Form):
    """An account's roles and whether it may sign in."""

    roles = SelectMultipleField(
        _l("Roles"), option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False)
    )
    active = BooleanField(_l("Account active (can sign in)"))
    note = TextAreaField(
        _l("Reason for the change (kept in the audit log)"),
        validators=[Optional(), Length(max=1000)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles.choices = choices((r.value, label) for r, label in ROLE_LABELS.items())


class ResetLinkForm(Form):
    """Make a one-time password-reset link to hand to a user."""
