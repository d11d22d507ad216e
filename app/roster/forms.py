"""Forms of the roster import: the upload, the column mapping, the duplicate decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField
from wtforms.validators import InputRequired

from app.auth.forms import ResetPasswordForm
from app.core.forms import Form, choices

from .columns import Target
from .reading import column_letter


class UploadForm(Form):
    """Choose the nomination list."""

    file = FileField(_l("Nomination list (CSV or Excel .xlsx)"))


def mapping_form(headers: list[str], mapping: list[Target]) -> Form:
    """A form with one menu per column of the file: what the column holds."""

    class MappingForm(Form):
        pass

    options = choices(Target.choices())
    for index, header in enumerate(headers):
        label = f"{column_letter(index)} · {header}" if header else column_letter(index)
        setattr(MappingForm, f"column_{index}", SelectField(label, choices=options, default=""))
    return MappingForm(data={f"column_{i}": t.value for i, t in enumerate(mapping)})


def mapping_from(form: Form, width: int) -> list[Target]:
    """The targets chosen in a mapping form (unknown values count as "not imported")."""
    chosen = []
    for index in range(width):
        value = form[f"column_{index}"].data or ""
        chosen.append(Target(value) if value in {t.value for t in Target} else Target.IGNORE)
    return chosen


def decisions_form(rows) -> Form:
    """A form with one choice per possible duplicate: an existing account, a new one, or skip."""

    class DecisionsForm(Form):
        pass

    for row in rows:
        options = [
            (f"user:{user.id}", _l("Use the existing account %(email)s", email=user.email))
            for user in row.candidates
        ]
        options += [("new", _l("Create a new account")), ("skip", _l("Skip this row"))]
        setattr(
            DecisionsForm,
            f"row_{row.nominee.row}",
            RadioField(
                _l("Row %(row)d", row=row.nominee.row),
                choices=choices(options),
                validators=[InputRequired(message=_l("Choose what to do with this row."))],
            ),
        )
    return DecisionsForm()


class InvitationForm(ResetPasswordForm):
    """Choose the first password of an account made from a nomination list."""

    consent = BooleanField(
        _l(
            "I have read the privacy notice and agree that my personal data is processed as it describes."
        ),
        validators=[
            InputRequired(message=_l("You need to agree to the privacy notice to use the account."))
        ],
    )
