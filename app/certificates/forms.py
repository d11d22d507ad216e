"""Forms of the certificate pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from app.core.forms import Form, choices

from .eligibility import Kind
from .models import Status


def _trim(value):
    return value.strip() if isinstance(value, str) else value


class IssueOneForm(Form):
    """Issue to one person; when they do not qualify the reason is recorded."""

    override_reason = TextAreaField(
        _l("Reason for issuing although the rules are not met"),
        filters=[_trim],
        validators=[Optional(), Length(max=1000)],
    )


class IssueAllForm(Form):
    """Issue to everyone who qualifies (only the token)."""


class ReasonForm(Form):
    """Reissue or revoke: the reason is required and recorded in the audit log."""

    reason = TextAreaField(
        _l("Reason"), filters=[_trim], validators=[InputRequired(), Length(max=1000)]
    )


class RevokeForm(ReasonForm):
    """Revoke: the reason, and a tick that the revocation is meant (it cannot be undone)."""

    confirm = BooleanField(
        _l("I understand that a revoked certificate cannot be made valid again."),
        validators=[InputRequired()],
    )


class VerifyForm(Form):
    """Type a verification code (a GET form: no sign-in, no token)."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Verification code"),
        filters=[_trim],
        validators=[InputRequired(), Length(max=64)],
    )


class RegisterFilterForm(Form):
    """Filters of the certificate register (read from the query string)."""

    class Meta:
        csrf = False

    kind = SelectField(
        _l("Kind"),
        choices=choices([("", _l("All kinds")), *Kind.choices()]),
        default="",
        validators=[Optional()],
    )
    status = SelectField(
        _l("Status"),
        choices=choices([("", _l("All statuses")), *Status.choices()]),
        default="",
        validators=[Optional()],
    )
    q = StringField(_l("Code or name"), filters=[_trim], validators=[Optional(), Length(max=100)])


_COLOUR = Regexp(r"^#[0-9A-Fa-f]{6}$", message=_l("Write a colour as # and six hex digits."))
IMAGE_TYPES = frozenset({"png", "jpg", "jpeg"})
SIGNATORY_SLOTS = 3
LOGO_SLOTS = 3


class TemplateForm(Form):
    """A certificate template: wording in both languages, organisations, images, colours."""

    name = StringField(_l("Name"), filters=[_trim], validators=[InputRequired(), Length(max=120)])
    kind = SelectField(_l("Kind of certificate"), validators=[InputRequired()])
    is_default = BooleanField(_l("Use for new certificates of this kind"))
    heading_en = StringField(
        _l("Heading in English"), filters=[_trim], validators=[InputRequired(), Length(max=200)]
    )
    heading_zh = StringField(
        _l("Heading in Chinese"), filters=[_trim], validators=[InputRequired(), Length(max=200)]
    )
    preamble_en = StringField(
        _l("Words before the name, in English"),
        filters=[_trim],
        validators=[InputRequired(), Length(max=300)],
    )
    preamble_zh = StringField(
        _l("Words before the name, in Chinese"),
        filters=[_trim],
        validators=[InputRequired(), Length(max=300)],
    )
    statement_en = StringField(
        _l("Words before the title, in English"),
        filters=[_trim],
        validators=[InputRequired(), Length(max=500)],
    )
    statement_zh = StringField(
        _l("Words before the title, in Chinese"),
        filters=[_trim],
        validators=[InputRequired(), Length(max=500)],
    )
    issuers_en = TextAreaField(
        _l("Issuing organisations in English, one a line"),
        filters=[_trim],
        validators=[Optional(), Length(max=2000)],
    )
    issuers_zh = TextAreaField(
        _l("Issuing organisations in Chinese, one a line, in the same order"),
        filters=[_trim],
        validators=[Optional(), Length(max=2000)],
    )
    colour = StringField(_l("Main colour"), filters=[_trim], validators=[InputRequired(), _COLOUR])
    accent = StringField(
        _l("Accent colour"), filters=[_trim], validators=[InputRequired(), _COLOUR]
    )
    seal = FileField(_l("Seal image (PNG or JPEG)"))
    remove_seal = BooleanField(_l("Remove the seal"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices((value, str(label)) for value, label in Kind.choices())


def _add_slots() -> None:
    for number in range(1, LOGO_SLOTS + 1):
        setattr(TemplateForm, f"logo_{number}", FileField(_l("Logo %(number)d", number=number)))
        setattr(
            TemplateForm,
            f"remove_logo_{number}",
            BooleanField(_l("Remove logo %(number)d", number=number)),
        )
    for number in range(1, SIGNATORY_SLOTS + 1):
        for field, label, size in (
            ("name", _l("Signatory %(number)d: name", number=number), 100),
            ("title_en", _l("Signatory %(number)d: title in English", number=number), 200),
            ("title_zh", _l("Signatory %(number)d: title in Chinese", number=number), 200),
        ):
            setattr(
                TemplateForm,
                f"signatory_{number}_{field}",
                StringField(label, filters=[_trim], validators=[Optional(), Length(max=size)]),
            )
        setattr(
            TemplateForm,
            f"signatory_{number}_image",
            FileField(_l("Signatory %(number)d: signature image", number=number)),
        )
        setattr(
            TemplateForm,
            f"signatory_{number}_remove_image",
            BooleanField(_l("Signatory %(number)d: remove the signature image", number=number)),
        )


_add_slots()
