"""Forms of the account administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.access import Role
from app.core.forms import Form, choices

from .audit_display import describe, object_type_label


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
        self.role.choices = choices([("", _l("All")), *Role.choices()])


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
        self.roles.choices = choices(Role.choices())


class ResetLinkForm(Form):
    """Make a one-time password-reset link to hand to a user."""


class AuditFilterForm(Form):
    """Filters of the audit log (sent by GET)."""

    class Meta:
        csrf = False

    person = SearchField(_l("Person (name or e-mail)"), validators=[Optional(), Length(max=100)])
    action = SelectField(_l("Action"), validators=[Optional()])
    object_type = SelectField(_l("Kind of object"), validators=[Optional()])
    object_id = SearchField(_l("Object number"), validators=[Optional(), Length(max=64)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])

    def set_menus(self, actions: list[str], object_types: list[str]) -> None:
        """Offer the actions and kinds of object the log holds."""
        self.action.choices = choices([("", _l("All")), *((a, describe(a)) for a in actions)])
        kinds = ((t, object_type_label(t)) for t in object_types)
        self.object_type.choices = choices([("", _l("All")), *kinds])


class AnonymiseForm(Form):
    """Erase a person's data; the admin types the e-mail address to confirm."""

    confirmation = StringField(
        _l("Type the person's e-mail address to confirm"),
        validators=[InputRequired(), Length(max=254)],
    )
