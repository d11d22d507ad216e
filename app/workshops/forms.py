"""Workshop forms: the workshop itself, its agenda, registration, roster, messages, filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core import places
from app.core.forms import Form, choices
from app.core.i18n import current_language

from .models import WorkshopKind
from .services import LOCAL_TIME_FIELDS, PLAIN_FIELDS

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _trim(value):
    return value.strip() if isinstance(value, str) else value


def _country_choices():
    language = current_language()
    countries = places.country_choices(language)
    eu_count = len(places.EU_MEMBER_STATES)
    return [
        *choices(countries[:eu_count], optgroup=_l("EU member states")),
        *choices(countries[eu_count:], optgroup=_l("Other countries")),
    ]


def _province_choices():
    return choices([("", _l("Not in China")), *places.province_choices(current_language())])


class PlaceFields(Form):
    """Country, province (in China) and city."""

    country = SelectField(_l("Country"), validators=[InputRequired()], default="CN")
    province = SelectField(_l("Province (if in China)"))
    city = StringField(_l("City"), filters=[_trim], validators=[InputRequired(), Length(max=100)])
    city_zh = StringField(
        _l("City in Chinese"), filters=[_trim], validators=[Optional(), Length(max=100)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = _country_choices()
        self.province.choices = _province_choices()

    def validate_province(self, field):
        if self.country.data == "CN" and not field.data:
            raise ValidationError(_l("Choose the province."))


def _optional_int(value):
    """'' (no choice) becomes None; anything else an int."""
    if value in ("", None, "None"):
        return None
    return int(value)


class TitleAndTimeFields(Form):
    """What a workshop and each of its sessions have: a title in both languages, a start, an end."""

    title_en = StringField(
        _l("Title in English"), filters=[_trim], validators=[InputRequired(), Length(max=200)]
    )
    title_zh = StringField(
        _l("Title in Chinese"), filters=[_trim], validators=[InputRequired(), Length(max=200)]
    )
    starts_at = DateTimeLocalField(_l("Starts"), format=LOCAL_FORMAT, validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format=LOCAL_FORMAT, validators=[InputRequired()])


class WorkshopForm(PlaceFields, TitleAndTimeFields):
    """A workshop, both languages side by side; times in the workshop's own time zone."""

    description_en = TextAreaField(
        _l("Description in English"), filters=[_trim], validators=[Optional(), Length(max=10000)]
    )
    description_zh = TextAreaField(
        _l("Description in Chinese"), filters=[_trim], validators=[Optional(), Length(max=10000)]
    )
    kind = SelectField(_l("Kind of workshop"), validators=[InputRequired()])
    organisers = StringField(
        _l("Organisers"), filters=[_trim], validators=[Optional(), Length(max=300)]
    )
    venue = StringField(_l("Venue"), filters=[_trim], validators=[Optional(), Length(max=200)])
    address = StringField(_l("Address"), filters=[_trim], validators=[Optional(), Length(max=300)])
    timezone = SelectField(_l("Time zone of the workshop"), validators=[InputRequired()])
    capacity = IntegerField(
        _l("Number of seats"), default=30, validators=[InputRequired(), NumberRange(1, 2000)]
    )
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens"), format=LOCAL_FORMAT, validators=[Optional()]
    )
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes"), format=LOCAL_FORMAT, validators=[Optional()]
    )
    requires_approval = BooleanField(_l("A coordinator approves each registration"))
    asks_dietary = BooleanField(_l("Ask for dietary needs"), default=True)
    asks_accessibility = BooleanField(_l("Ask for accessibility needs"), default=True)
    asks_interpretation = BooleanField(_l("Ask whether interpretation is needed"), default=True)
    attendance_threshold_percent = IntegerField(
        _l("Attendance needed for a certificate (percent)"),
        default=80,
        validators=[InputRequired(), NumberRange(0, 100)],
    )
    trainers = SelectMultipleField(
        _l("Trainers"),
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[Optional()],
    )

    modules_before = SelectMultipleField(
        _l("Modules to take before the workshop"),
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[Optional()],
    )
    modules_after = SelectMultipleField(
        _l("Modules to take after the workshop"),
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[Optional()],
    )

    pre_quiz_id = SelectField(_l("Pre-test"), coerce=int, validators=[Optional()])
    post_quiz_id = SelectField(_l("Post-test"), coerce=int, validators=[Optional()])

    def __init__(
        self, *args, trainer_choices=(), module_choices=(), test_choices=((), ()), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(WorkshopKind.choices())
        self.timezone.choices = choices(places.timezone_choices(current_language()))
        self.timezone.data = places.canonical_timezone(self.timezone.data) or None
        self.trainers.choices = choices(trainer_choices)
        self.modules_before.choices = choices(module_choices)
        self.modules_after.choices = choices(module_choices)
        none = [(0, _l("None"))]
        self.pre_quiz_id.choices = choices(none + list(test_choices[0]))
        self.post_quiz_id.choices = choices(none + list(test_choices[1]))

    def validate_ends_at(self, field):
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The workshop must end after it starts."))

    def values(self) -> dict:
        """The fields as the service takes them."""
        names = (*PLAIN_FIELDS, *LOCAL_TIME_FIELDS)
        values = {name: getattr(self, name).data for name in names}
        for name in ("description_en", "description_zh", "organisers", "venue", "address"):
            values[name] = values[name] or ""
        values["province"] = values["province"] or ""
        values["city_zh"] = values["city_zh"] or ""
        return values


class CloneForm(PlaceFields):
    """Where and when the copy of a workshop takes place."""

    start_date = DateField(_l("First day"), validators=[InputRequired()])


class SessionForm(TitleAndTimeFields):
    """One agenda item, both languages side by side; times in the workshop's time zone."""

    room = StringField(_l("Room"), filters=[_trim], validators=[Optional(), Length(max=100)])
    speakers = StringField(
        _l("Speakers"), filters=[_trim], validators=[Optional(), Length(max=300)]
    )
    counts_for_attendance = BooleanField(
        _l("Counts for attendance (not a break or meal)"), default=True
    )
    module_id = SelectField(
        _l("Training module it teaches from"), coerce=_optional_int, validators=[Optional()]
    )

    def __init__(self, *args, module_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.module_id.choices = choices([("", _l("None")), *module_choices])

    def values(self) -> dict:
        """The fields as the service takes them."""
        values = {
            name: getattr(self, name).data
            for name in ("title_en", "title_zh", "starts_at", "ends_at", "counts_for_attendance")
        }
        values["room"] = self.room.data or ""
        values["speakers"] = self.speakers.data or ""
        values["module_id"] = self.module_id.data
        return values


class RegistrationForm(Form):
    """The standard registration questions (only those the workshop asks are shown)."""

    dietary_needs = StringField(
        _l("Dietary needs"), filters=[_trim], validators=[Optional(), Length(max=300)]
    )
    accessibility_needs = StringField(
        _l("Accessibility needs"), filters=[_trim], validators=[Optional(), Length(max=300)]
    )
    needs_interpretation = BooleanField(_l("I need interpretation (Chinese–English)"))


class ConfirmForm(Form):
    """A button that changes something (publish, withdraw, approve ...): CSRF only."""


class CancelForm(Form):
    """Cancel a workshop, with the reason everyone registered is told."""

    reason = TextAreaField(
        _l("Reason (sent to everyone registered)"),
        filters=[_trim],
        validators=[InputRequired(), Length(max=2000)],
    )


class MessageForm(Form):
    """A message to every participant, written in one or both languages."""

    subject_en = StringField(
        _l("Subject in English"), filters=[_trim], validators=[Optional(), Length(max=200)]
    )
    subject_zh = StringField(
        _l("Subject in Chinese"), filters=[_trim], validators=[Optional(), Length(max=200)]
    )
    body_en = TextAreaField(
        _l("Message in English"), filters=[_trim], validators=[Optional(), Length(max=10000)]
    )
    body_zh = TextAreaField(
        _l("Message in Chinese"), filters=[_trim], validators=[Optional(), Length(max=10000)]
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not (self.subject_en.data and self.body_en.data) and not (
            self.subject_zh.data and self.body_zh.data
        ):
            self.subject_en.errors = [
                *self.subject_en.errors,
                _l("Write a subject and a message in at least one language."),
            ]
            return False
        return ok


class ListFilterForm(Form):
    """The workshop list's filters (sent by GET)."""

    class Meta:
        csrf = False

    when = SelectField(
        _l("When"),
        validators=[Optional()],
        choices=choices([("upcoming", _l("Upcoming")), ("past", _l("Past"))]),
    )
    place = SelectField(_l("Province or country"), validators=[Optional()])
    kind = SelectField(_l("Kind of workshop"), validators=[Optional()])
    month = StringField(_l("Month"), validators=[Optional(), Length(max=7)])
    open_only = BooleanField(_l("Open for registration only"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = current_language()
        self.place.choices = [
            *choices([("", _l("All"))]),
            *choices(
                ((f"CN-{c}", n) for c, n in places.province_choices(language)),
                optgroup=_l("Provinces of China"),
            ),
            *choices(
                places.country_choices(language)[: len(places.EU_MEMBER_STATES)],
                optgroup=_l("EU member states"),
            ),
        ]
        self.kind.choices = choices([("", _l("All")), *WorkshopKind.choices()])

    def validate_month(self, field):
        text = field.data or ""
        parts = text.split("-")
        if len(parts) != 2 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
            raise ValidationError(_l("Give the month as YYYY-MM, e.g. 2026-12."))


class PaperSignInForm(Form):
    """Row numbers from a paper sign-in sheet; rows not listed are absent."""

    present = StringField(
        _l("Rows signed: present"), filters=[_trim], validators=[Optional(), Length(max=2000)]
    )
    late = StringField(
        _l("Rows signed late"), filters=[_trim], validators=[Optional(), Length(max=2000)]
    )
    excused = StringField(
        _l("Rows excused"), filters=[_trim], validators=[Optional(), Length(max=2000)]
    )


class CheckInForm(Form):
    """The code shown on the room screen."""

    code = StringField(
        _l("Check-in code"), filters=[_trim], validators=[InputRequired(), Length(max=20)]
    )
