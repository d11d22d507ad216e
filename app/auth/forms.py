"""Account forms: sign-up, sign-in, profile, passwords."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, ValidationError

from app.core import places
from app.core.forms import Form, choices
from app.core.i18n import LANGUAGES, current_language

from .models import PERSONAL_FIELDS, Gender, OrganisationType
from .names import clean_name, is_han_name, is_latin_name
from .passwords import MAX_LENGTH, MIN_LENGTH, PasswordProblem, password_problem


def _strip(value):
    return clean_name(value) if isinstance(value, str) else value


def _trim(value):
    return value.strip() if isinstance(value, str) else value


PASSWORD_MESSAGES = {
    PasswordProblem.TOO_SHORT: _l(
        "Use at least %(min)d characters: a few words with spaces or dashes are easy to remember.",
        min=MIN_LENGTH,
    ),
    PasswordProblem.TOO_LONG: _l("Use at most %(max)d characters.", max=MAX_LENGTH),
    PasswordProblem.PERSONAL: _l("Do not use your e-mail address or your name in your password."),
    PasswordProblem.COMMON: _l(
        "This password is too common or too easy to guess. Try a few unrelated words."
    ),
}


class NewPassword:
    """A newly chosen password meets the policy in auth/passwords.py.

    The person's address and names come from the form's own fields (sign-up) or from
    `form.account`, the User whose password is being set (reset, change, invitation).
    """

    def __call__(self, form, field) -> None:
        problem = password_problem(field.data or "", _personal_details(form))
        if problem is not None:
            raise ValidationError(str(PASSWORD_MESSAGES[problem]))


def _personal_details(form) -> list[str]:
    details = []
    account = getattr(form, "account", None)
    names = ("email", "family_name_latin", "given_name_latin", "family_name_zh", "given_name_zh")
    for name in names:
        if account is not None:
            details.append(getattr(account, name, "") or "")
        if name in form:
            details.append(form[name].data or "")
    return details


def _new_password_rules() -> list:
    """The rules a newly chosen password meets."""
    return [InputRequired(), NewPassword()]


#: Label and longest length of each of NAME_FIELDS (the columns of User and of members).
_NAME_FIELD_SPECS = {
    "family_name_zh": (_l("Family name in Chinese characters"), 50),
    "given_name_zh": (_l("Given name in Chinese characters"), 50),
    "family_name_latin": (_l("Family name in Latin letters"), 100),
    "given_name_latin": (_l("Given name(s) in Latin letters"), 100),
}


def name_field(name: str) -> StringField:
    """One of a person's name fields (optional, tidied), the same wherever a person is named."""
    label, max_length = _NAME_FIELD_SPECS[name]
    return StringField(label, filters=[_strip], validators=[Optional(), Length(max=max_length)])


class ProfileFields(Form):
    """The profile a participant keeps: name, organisation, place, language and time zone."""

    family_name_zh = name_field("family_name_zh")
    given_name_zh = name_field("given_name_zh")
    family_name_latin = name_field("family_name_latin")
    given_name_latin = name_field("given_name_latin")
    organisation = StringField(
        _l("Organisation"), filters=[_strip], validators=[InputRequired(), Length(max=200)]
    )
    organisation_type = SelectField(_l("Type of organisation"), validators=[InputRequired()])
    position = StringField(
        _l("Position"), filters=[_strip], validators=[Optional(), Length(max=200)]
    )
    country = SelectField(_l("Country"), validators=[InputRequired()])
    province = SelectField(_l("Province (if in China)"))
    gender = RadioField(_l("Gender (optional)"), validators=[Optional()])
    preferred_language = SelectField(_l("Preferred language"), validators=[InputRequired()])
    # The programme's own zone stays preselected now that the list starts with an empty choice.
    timezone = SelectField(_l("Time zone"), validators=[InputRequired()], default="Asia/Shanghai")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = current_language()
        self.organisation_type.choices = choices(
            [
                ("", _l("Choose…")),
                *OrganisationType.choices(),
            ]
        )
        countries = places.country_choices(language)
        eu_count = len(places.EU_MEMBER_STATES)
        self.country.choices = [
            *choices([("", _l("Choose…"))]),
            *choices(countries[:eu_count], optgroup=_l("EU member states")),
            *choices(countries[eu_count:], optgroup=_l("Other countries")),
        ]
        self.province.choices = choices(
            [("", _l("Not in China")), *places.province_choices(language)]
        )
        self.gender.choices = choices(
            [
                ("", _l("Prefer not to say")),
                *Gender.choices(),
            ]
        )
        self.preferred_language.choices = choices(LANGUAGES.items())
        self.timezone.choices = choices(places.timezone_choices(current_language()))
        self.timezone.data = places.canonical_timezone(self.timezone.data) or None

    def validate_family_name_zh(self, field):
        if field.data and not is_han_name(field.data):
            raise ValidationError(_l("Write this name in Chinese characters only."))

    def validate_given_name_zh(self, field):
        if field.data and not is_han_name(field.data):
            raise ValidationError(_l("Write this name in Chinese characters only."))

    def validate_family_name_latin(self, field):
        if field.data and not is_latin_name(field.data):
            raise ValidationError(_l("Write this name in Latin letters only."))

    def validate_given_name_latin(self, field):
        if field.data and not is_latin_name(field.data):
            raise ValidationError(_l("Write this name in Latin letters only."))

    def validate_province(self, field):
        if self.country.data == places.CHINA and not field.data:
            raise ValidationError(_l("Choose your province."))
        if self.country.data != places.CHINA and field.data:
            raise ValidationError(_l("A province can only be chosen for China."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        has_chinese = self.family_name_zh.data or self.given_name_zh.data
        has_latin = self.family_name_latin.data or self.given_name_latin.data
        if not (has_chinese or has_latin):
            self.family_name_zh.errors = [
                *self.family_name_zh.errors,
                _l("Enter your name in Chinese characters, Latin letters or both."),
            ]
            valid = False
        if has_chinese and not self.family_name_zh.data:
            self.family_name_zh.errors = [
                *self.family_name_zh.errors,
                _l("Enter your family name."),
            ]
            valid = False
        return valid

    def profile_data(self) -> dict:
        """The profile fields as plain values for the services."""
        data = {name: getattr(self, name).data or "" for name in PERSONAL_FIELDS}
        data["gender"] = self.gender.data or None
        data["preferred_language"] = self.preferred_language.data
        data["timezone"] = self.timezone.data
        return data


class SignupForm(ProfileFields):
    """Create a trainee account."""

    email = EmailField(
        _l("E-mail address"),
        filters=[_trim],
        validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=_new_password_rules(),
    )
    password_confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            InputRequired(),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )
    consent = BooleanField(
        _l(
            "I have read the privacy notice and agree that my personal data is processed as it describes."
        ),
        validators=[
            InputRequired(
                message=_l("You need to agree to the privacy notice to create an account.")
            )
        ],
    )


class LoginForm(Form):
    """Sign in."""

    email = EmailField(
        _l("E-mail address"), filters=[_trim], validators=[InputRequired(), Length(max=254)]
    )
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ProfileForm(ProfileFields):
    """Change one's own profile."""


class ResetPasswordForm(Form):
    """Choose a new password (from a reset link; the change form adds the current one)."""

    new_password = PasswordField(
        _l("New password"),
        validators=_new_password_rules(),
    )
    new_password_confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            InputRequired(),
            EqualTo("new_password", message=_l("The two passwords are not the same.")),
        ],
    )


class ChangePasswordForm(ResetPasswordForm):
    """Change one's own password."""

    current_password = PasswordField(_l("Current password"), validators=[InputRequired()])


class ForgotPasswordForm(Form):
    """Ask for a password-reset link."""

    email = EmailField(
        _l("E-mail address"),
        filters=[_trim],
        validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)],
    )


class DeletionRequestForm(Form):
    """Ask for one's data to be deleted."""

    reason = TextAreaField(
        _l("Anything you want the administrator to know (optional)"),
        validators=[Optional(), Length(max=2000)],
    )
    confirm = BooleanField(
        _l("I understand that my account will be closed and my personal data erased."),
        validators=[InputRequired(message=_l("Tick the box to confirm."))],
    )
