"""Forms of the account merge."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.core.forms import Form, choices


class MergeChooseForm(Form):
    """Name the other account of the same person, and which of the two to keep."""

    other_email = EmailField(
        _l("E-mail address of the other account"),
        validators=[InputRequired(), Length(max=254)],
    )
    keep = RadioField(
        _l("Account to keep"),
        choices=choices(
            [
                ("this", _l("Keep this account; merge the other one into it")),
                ("other", _l("Keep the other account; merge this one into it")),
            ]
        ),
        default="this",
        validators=[InputRequired()],
    )


class MergeConfirmForm(Form):
    """Confirm a merge after seeing what will move."""

    note = TextAreaField(
        _l("Reason for the merge (kept in the audit log)"),
        validators=[Optional(), Length(max=1000)],
    )
    confirm = BooleanField(
        _l("I have checked that both accounts belong to the same person."),
        validators=[InputRequired(message=_l("Tick the box to confirm."))],
    )
