"""Forms of the exchanges pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FileField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.auth.forms import name_field
from app.auth.models import NAME_FIELDS
from app.auth.names import is_han_name, is_latin_name
from app.auth.services import find_user_by_email
from app.core import places
from app.core.forms import Form, choices
from app.core.i18n import current_language, format_date, localized
from app.extensions import db
from app.learning.models import Module
from app.workshops.models import Workshop

from .models import (
    AuthorityKind,
    Direction,
    DocumentKind,
    DocumentVisibility,
    Institution,
    MemberRole,
)
from .workflow import Status


def _trim(value):
    return value.strip() if isinstance(value, str) else value


def institution_choices(blank: str) -> list:
    """Every institution, named in the viewer's language with its country."""
    language = current_language()
    rows = db.session.scalars(sa.select(Institution).order_by(Institution.name_en)).all()
    return choices(
        [("", blank)]
        + [
            (str(i.id), f"{localized(i, 'name').text} ({places.country_name(i.country, language)})")
            for i in rows
        ]
    )


class InstitutionForm(Form):
    """An institution on the reusable list."""

    name_en = StringField(_l("Name in English"), filters=[_trim], validators=[Length(max=300)])
    name_zh = StringField(_l("Name in Chinese"), filters=[_trim], validators=[Length(max=300)])
    country = SelectField(_l("Country"), validators=[InputRequired()])
    city = StringField(_l("City"), filters=[_trim], validators=[Optional(), Length(max=120)])
    kind = SelectField(_l("Kind of authority"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = choices(
            [("", _l("Choose…")), *places.country_choices(current_language())]
        )
        self.kind.choices = choices([("", _l("Choose…")), *AuthorityKind.choices()])

    def validate_name_en(self, field):
        if not field.data and not self.name_zh.data:
            raise ValidationError(_l("Give the name in at least one language."))


class ExchangeForm(Form):
    """The recorded facts of an exchange, both languages side by side."""

    title_en = StringField(_l("Title in English"), filters=[_trim], validators=[Length(max=300)])
    title_zh = StringField(_l("Title in Chinese"), filters=[_trim], validators=[Length(max=300)])
    direction = SelectField(_l("Direction"), validators=[InputRequired()])
    purpose_en = TextAreaField(
        _l("Purpose in English"), filters=[_trim], validators=[Length(max=5000)]
    )
    purpose_zh = TextAreaField(
        _l("Purpose in Chinese"), filters=[_trim], validators=[Length(max=5000)]
    )
    topics_en = TextAreaField(
        _l("Topics in English"), filters=[_trim], validators=[Length(max=5000)]
    )
    topics_zh = TextAreaField(
        _l("Topics in Chinese"), filters=[_trim], validators=[Length(max=5000)]
    )
    sending_institution_id = SelectField(_l("Sending institution"), validators=[InputRequired()])
    host_institution_id = SelectField(_l("Host institution"), validators=[InputRequired()])
    cities = StringField(_l("Cities"), filters=[_trim], validators=[Optional(), Length(max=300)])
    start_date = DateField(_l("First day"), validators=[InputRequired()])
    end_date = DateField(_l("Last day"), validators=[InputRequired()])
    funding_source = StringField(
        _l("Funding source"), filters=[_trim], validators=[Optional(), Length(max=300)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction.choices = choices([("", _l("Choose…")), *Direction.choices()])
        self.sending_institution_id.choices = institution_choices(_l("Choose…"))
        self.host_institution_id.choices = institution_choices(_l("Choose…"))

    def validate_title_en(self, field):
        if not field.data and not self.title_zh.data:
            raise ValidationError(_l("Give the title in at least one language."))

    def validate_host_institution_id(self, field):
        if field.data and field.data == self.sending_institution_id.data:
            raise ValidationError(_l("The host must be a different institution from the sender."))

    def values(self) -> dict:
        """Plain values for the services."""
        data = {
            name: getattr(self, name).data
            for name in (
                "title_en",
                "title_zh",
                "direction",
                "purpose_en",
                "purpose_zh",
                "topics_en",
                "topics_zh",
                "cities",
                "start_date",
                "end_date",
                "funding_source",
            )
        }
        data["sending_institution_id"] = int(self.sending_institution_id.data)
        data["host_institution_id"] = int(self.host_institution_id.data)
        return data


class StatusForm(Form):
    """Move an exchange to its next status."""

    status = SelectField(_l("New status"), validators=[InputRequired()])
    reason = TextAreaField(
        _l("Reason (required to withdraw or cancel)"),
        filters=[_trim],
        validators=[Optional(), Length(max=2000)],
    )

    def set_targets(self, targets) -> None:
        """Offer only the moves the workflow allows from the current status."""
        self.status.choices = choices(Status.choices(targets))


class OutcomeForm(Form):
    """Findings and follow-up actions after completion, and what came out of the exchange."""

    findings_en = TextAreaField(
        _l("Findings in English"), filters=[_trim], validators=[Length(max=10000)]
    )
    findings_zh = TextAreaField(
        _l("Findings in Chinese"), filters=[_trim], validators=[Length(max=10000)]
    )
    follow_up_en = TextAreaField(
        _l("Follow-up actions in English"), filters=[_trim], validators=[Length(max=10000)]
    )
    follow_up_zh = TextAreaField(
        _l("Follow-up actions in Chinese"), filters=[_trim], validators=[Length(max=10000)]
    )
    workshop_ids = SelectMultipleField(
        _l("Workshops that came out of it"),
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[Optional()],
    )
    module_ids = SelectMultipleField(
        _l("Training modules that came out of it"),
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[Optional()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = current_language()
        workshops = db.session.scalars(sa.select(Workshop).order_by(Workshop.starts_at.desc()))
        self.workshop_ids.choices = choices(
            (
                w.id,
                f"{localized(w, 'title').text} ({format_date(w.starts_at, w.timezone, 'medium')})",
            )
            for w in workshops
        )
        modules = db.session.scalars(sa.select(Module).order_by(Module.slug))
        self.module_ids.choices = choices(
            (m.id, localized(m, "title", language).text) for m in modules
        )


class MemberForm(Form):
    """A delegation member: a platform user (by e-mail) or an external person."""

    email = EmailField(
        _l("Platform user's e-mail address"),
        filters=[_trim],
        validators=[Optional(), Length(max=254)],
    )
    family_name_zh = name_field("family_name_zh")
    given_name_zh = name_field("given_name_zh")
    family_name_latin = name_field("family_name_latin")
    given_name_latin = name_field("given_name_latin")
    organisation = StringField(
        _l("Organisation"), filters=[_trim], validators=[Optional(), Length(max=200)]
    )
    position = StringField(
        _l("Position"), filters=[_trim], validators=[Optional(), Length(max=200)]
    )
    role = SelectField(_l("Role in the delegation"), validators=[InputRequired()])
    accompanying = BooleanField(_l("Accompanying person"))
    passport_number = StringField(
        _l("Passport number (optional)"), filters=[_trim], validators=[Optional(), Length(max=40)]
    )
    date_of_birth = DateField(_l("Date of birth (optional)"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = choices(MemberRole.choices())
        self.user = None

    def validate_email(self, field):
        if field.data:
            self.user = find_user_by_email(field.data)
            if self.user is None:
                raise ValidationError(
                    _l(
                        "No account uses this e-mail address. Leave it empty and enter the person's name instead."
                    )
                )

    def validate_family_name_zh(self, field):
        for f in (self.family_name_zh, self.given_name_zh):
            if f.data and not is_han_name(f.data):
                raise ValidationError(_l("Write this name in Chinese characters only."))

    def validate_family_name_latin(self, field):
        for f in (self.family_name_latin, self.given_name_latin):
            if f.data and not is_latin_name(f.data):
                raise ValidationError(_l("Write this name in Latin letters only."))

    def values(self) -> dict:
        """Plain values for the services."""
        data = {
            name: getattr(self, name).data or ""
            for name in (*NAME_FIELDS, "organisation", "position", "role")
        }
        data["user_id"] = self.user.id if self.user else None
        data["accompanying"] = bool(self.accompanying.data)
        data["passport_number"] = self.passport_number.data or None
        data["date_of_birth"] = self.date_of_birth.data
        return data


class ItineraryForm(Form):
    """A visit or meeting, in the local time of its place."""

    day = DateField(_l("Date"), validators=[InputRequired()])
    start_time = TimeField(_l("Starts (local time)"), validators=[InputRequired()])
    end_time = TimeField(_l("Ends (local time)"), validators=[InputRequired()])
    timezone = SelectField(_l("Time zone of the place"), validators=[InputRequired()])
    host_institution_id = SelectField(_l("Host"), validators=[Optional()])
    place = StringField(_l("Place"), filters=[_trim], validators=[InputRequired(), Length(max=300)])
    topic_en = StringField(_l("Topic in English"), filters=[_trim], validators=[Length(max=500)])
    topic_zh = StringField(_l("Topic in Chinese"), filters=[_trim], validators=[Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = choices(places.timezone_choices(current_language()))
        self.timezone.data = places.canonical_timezone(self.timezone.data) or None
        self.host_institution_id.choices = institution_choices(_l("Not on the list"))

    def validate_topic_en(self, field):
        if not field.data and not self.topic_zh.data:
            raise ValidationError(_l("Give the topic in at least one language."))

    def values(self) -> dict:
        """Plain values for the services."""
        data = {
            name: getattr(self, name).data
            for name in (
                "day",
                "start_time",
                "end_time",
                "timezone",
                "place",
                "topic_en",
                "topic_zh",
            )
        }
        data["host_institution_id"] = (
            int(self.host_institution_id.data) if self.host_institution_id.data else None
        )
        return data


class DocumentForm(Form):
    """Upload a document, or a new version of one."""

    kind = SelectField(_l("Kind of document"), validators=[InputRequired()])
    title = StringField(_l("Title"), filters=[_trim], validators=[InputRequired(), Length(max=300)])
    visibility = SelectField(_l("Who may see it"), default="")
    member_id = SelectField(
        _l("Delegation member (for a personal document)"), default="", validate_choice=False
    )
    file = FileField(_l("File (PDF, Word, ODT)"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(DocumentKind.choices())
        self.visibility.choices = [
            (
                "",
                _l("By kind: the programme and final report for the delegation, others staff only"),
            ),
            *choices(DocumentVisibility.choices()),
        ]
        language = current_language()
        self.member_id.choices = [("", "—")] + [
            (str(m.id), m.name.display(language)) for m in members
        ]

    @property
    def chosen_member_id(self) -> int | None:
        """The chosen member's id, or None."""
        value = self.member_id.data or ""
        return int(value) if value.isdigit() and len(value) < 19 else None


class NewVersionForm(Form):
    """Upload a new version of an existing document."""

    file = FileField(_l("New version"))


class FilterForm(Form):
    """Filters of the exchange list (sent by GET)."""

    class Meta:
        csrf = False

    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(min=2000, max=2100)])
    direction = SelectField(_l("Direction"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    country = SelectField(_l("Country"), validators=[Optional()])
    institution = SelectField(_l("Institution"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction.choices = choices([("", _l("All")), *Direction.choices()])
        self.status.choices = choices([("", _l("All")), *Status.choices()])
        self.country.choices = choices(
            [("", _l("All")), *places.country_choices(current_language())]
        )
        self.institution.choices = institution_choices(_l("All"))
