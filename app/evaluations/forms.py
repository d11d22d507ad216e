"""Evaluation forms: survey dates, survey questions, and a bare form for confirm buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.core.forms import Form, choices

from .models import QuestionKind

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _trim(value):
    return value.strip() if isinstance(value, str) else value


class ConfirmForm(Form):
    """A button that changes something: only the CSRF token."""


class SurveyDatesForm(Form):
    """When answering opens and closes, in the workshop's time zone."""

    opens_at = DateTimeLocalField(
        _l("Opens"),
        format=LOCAL_FORMAT,
        validators=[Optional()],
        description=_l("Leave empty to open the survey when the workshop ends."),
    )
    closes_at = DateTimeLocalField(_l("Closes"), format=LOCAL_FORMAT, validators=[InputRequired()])

    def validate_closes_at(self, field):
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The survey must close after it opens."))


class QuestionForm(Form):
    """One survey question, both languages side by side."""

    kind = SelectField(
        _l("Kind of question"),
        choices=choices(QuestionKind.choices()),
        validators=[InputRequired()],
    )
    text_en = StringField(
        _l("Question in English"), filters=[_trim], validators=[InputRequired(), Length(max=500)]
    )
    text_zh = StringField(
        _l("Question in Chinese"), filters=[_trim], validators=[InputRequired(), Length(max=500)]
    )
    required = BooleanField(_l("An answer is required"))
