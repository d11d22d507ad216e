"""Forms of the browser editor for questions and quizzes; both languages side by side."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import Form as SubForm
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import Form, choices

from .authoring import CHOICE_KEYS, ChoiceInput, QuestionInput
from .grading import GradingMethod, QuestionType
from .models import QuizKind, ReviewShows, ReviewWhen
from .quiz_authoring import QuizInput

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _trim(value):
    return value.strip() if isinstance(value, str) else value


class ChoiceFields(SubForm):
    """One choice row (a sub-form: the outer form carries the CSRF token)."""

    text_en = StringField(_l("Choice in English"), filters=[_trim], validators=[Length(max=1000)])
    text_zh = StringField(_l("Choice in Chinese"), filters=[_trim], validators=[Length(max=1000)])
    correct = BooleanField(_l("Correct"))
    feedback_en = StringField(
        _l("Feedback in English"), filters=[_trim], validators=[Length(max=2000)]
    )
    feedback_zh = StringField(
        _l("Feedback in Chinese"), filters=[_trim], validators=[Length(max=2000)]
    )


class QuestionForm(Form):
    """A question of the bank, of any of the four types."""

    type = SelectField(_l("Type of question"), validators=[InputRequired()])
    objective = SelectField(_l("Learning objective"), validators=[InputRequired()])
    source = StringField(
        _l("Source of the right answer"), filters=[_trim], validators=[Length(max=500)]
    )
    stem_en = TextAreaField(_l("Question in English"), filters=[_trim])
    stem_zh = TextAreaField(_l("Question in Chinese"), filters=[_trim])
    choices = FieldList(FormField(ChoiceFields), min_entries=len(CHOICE_KEYS), max_entries=6)
    truth = SelectField(_l("The statement is"), validators=[Optional()])
    number = StringField(_l("Right answer (a number)"), filters=[_trim])
    tolerance = StringField(_l("Tolerance (plus or minus)"), filters=[_trim])
    unit_en = StringField(_l("Unit in English"), filters=[_trim], validators=[Length(max=60)])
    unit_zh = StringField(_l("Unit in Chinese"), filters=[_trim], validators=[Length(max=60)])
    feedback_en = TextAreaField(_l("General feedback in English"), filters=[_trim])
    feedback_zh = TextAreaField(_l("General feedback in Chinese"), filters=[_trim])

    def set_choices(self, objectives: list[dict], language: str) -> None:
        """Fill the select lists: question types and the module's objectives."""
        self.type.choices = choices(QuestionType.choices())
        self.objective.choices = choices(
            (o["id"], o.get(language) or o.get("en") or o["id"]) for o in objectives if o.get("id")
        )
        self.truth.choices = choices([("", "—"), ("true", _l("True")), ("false", _l("False"))])

    def fill(self, typed: QuestionInput) -> None:
        """Show a stored question."""
        for name in ("type", "objective", "source", "stem_en", "stem_zh", "feedback_en",
                     "feedback_zh", "truth", "number", "tolerance", "unit_en", "unit_zh"):  # fmt: skip
            getattr(self, name).data = getattr(typed, name)
        for entry, choice in zip(self.choices.entries, typed.choices, strict=False):
            for name in ("text_en", "text_zh", "correct", "feedback_en", "feedback_zh"):
                entry.form[name].data = getattr(choice, name)

    def typed(self) -> QuestionInput:
        """What was typed, for the authoring service."""
        return QuestionInput(
            type=self.type.data or "",
            objective=self.objective.data or "",
            source=self.source.data or "",
            stem_en=self.stem_en.data or "",
            stem_zh=self.stem_zh.data or "",
            feedback_en=self.feedback_en.data or "",
            feedback_zh=self.feedback_zh.data or "",
            choices=[
                ChoiceInput(
                    entry.form.text_en.data or "",
                    entry.form.text_zh.data or "",
                    bool(entry.form.correct.data),
                    entry.form.feedback_en.data or "",
                    entry.form.feedback_zh.data or "",
                )
                for entry in self.choices.entries
            ],
            truth=self.truth.data or "",
            number=self.number.data or "",
            tolerance=self.tolerance.data or "",
            unit_en=self.unit_en.data or "",
            unit_zh=self.unit_zh.data or "",
        )


class QuizForm(Form):
    """A quiz's settings; its questions are chosen and ordered in a table on the same page."""

    kind = SelectField(
        _l("Kind of quiz"),
        choices=choices(QuizKind.choices()),
        validators=[InputRequired()],
    )
    title_en = StringField(_l("Title in English"), filters=[_trim], validators=[Length(max=300)])
    title_zh = StringField(_l("Title in Chinese"), filters=[_trim], validators=[Length(max=300)])
    pass_mark = IntegerField(_l("Pass mark (percent)"), validators=[Optional()], default=0)
    attempts_allowed = IntegerField(
        _l("Attempts allowed (0: unlimited)"), validators=[Optional()], default=1
    )
    grading = SelectField(
        _l("Grading method"),
        choices=choices(GradingMethod.choices()),
        validators=[InputRequired()],
    )
    time_limit_minutes = IntegerField(
        _l("Time limit in minutes (0: none)"), validators=[Optional()], default=0
    )
    opens_at = DateTimeLocalField(_l("Opens"), format=LOCAL_FORMAT, validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes"), format=LOCAL_FORMAT, validators=[Optional()])
    shuffle_questions = BooleanField(_l("Shuffle the questions for each attempt"))
    shuffle_choices = BooleanField(_l("Shuffle the choices for each attempt"))
    review_when = SelectField(
        _l("When trainees may review an attempt"),
        choices=choices(ReviewWhen.choices()),
        validators=[InputRequired()],
    )
    review_shows = SelectMultipleField(
        _l("What the review shows"),
        choices=choices(ReviewShows.choices()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[Optional()],
    )

    def typed(self, questions: list[str], opens_at, closes_at) -> QuizInput:
        """What was typed; times already converted to UTC by the route."""
        return QuizInput(
            kind=self.kind.data or "",
            title_en=self.title_en.data or "",
            title_zh=self.title_zh.data or "",
            pass_mark=self.pass_mark.data,
            attempts_allowed=self.attempts_allowed.data,
            grading=self.grading.data or "",
            time_limit_minutes=self.time_limit_minutes.data
            if self.time_limit_minutes.data is not None
            else 0,
            opens_at=opens_at,
            closes_at=closes_at,
            shuffle_questions=bool(self.shuffle_questions.data),
            shuffle_choices=bool(self.shuffle_choices.data),
            review_when=self.review_when.data or "",
            review_shows=list(self.review_shows.data or []),
            questions=questions,
        )
