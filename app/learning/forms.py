"""Forms of the learning pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import Form, choices

from .models import Audience


class ModuleForm(Form):
    """A module's facts, each text in both languages side by side."""

    slug = StringField(
        _l("Short name for the web address"),
        validators=[Optional(), Length(max=80)],
    )
    title_en = StringField(_l("Title in English"), validators=[Length(max=300)])
    title_zh = StringField(_l("Title in Chinese"), validators=[Length(max=300)])
    summary_en = TextAreaField(_l("Summary in English"))
    summary_zh = TextAreaField(_l("Summary in Chinese"))
    objectives_en = TextAreaField(_l("Learning objectives in English, one per line"))
    objectives_zh = TextAreaField(_l("Learning objectives in Chinese, one per line"))
    estimated_minutes = IntegerField(
        _l("Estimated time in minutes"),
        validators=[InputRequired(_l("Enter the estimated time.")), NumberRange(min=1, max=6000)],
        default=60,
    )
    version = StringField(_l("Version"), validators=[Length(max=20)], default="1.0")
    audiences = SelectMultipleField(
        _l("Audience"),
        choices=choices(Audience.choices()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def validate_title_zh(self, field) -> None:
        """At least one language must have a title."""
        if not (self.title_en.data or "").strip() and not (field.data or "").strip():
            raise ValidationError(_l("Give the module a title in at least one language."))

    def validate_objectives_zh(self, field) -> None:
        """Both lists, when given, name the same objectives line by line."""
        english = _lines(self.objectives_en.data)
        chinese = _lines(field.data)
        if english and chinese and len(english) != len(chinese):
            raise ValidationError(
                _l(
                    "Write the same number of objectives in both languages, one per line "
                    "(English: %(en)d, Chinese: %(zh)d).",
                    en=len(english),
                    zh=len(chinese),
                )
            )

    def values(self) -> dict:
        """The plain values the authoring services take."""
        english = _lines(self.objectives_en.data)
        chinese = _lines(self.objectives_zh.data)
        count = max(len(english), len(chinese))
        objectives = [
            {
                "id": f"objective-{index + 1}",
                "en": english[index] if index < len(english) else "",
                "zh": chinese[index] if index < len(chinese) else "",
            }
            for index in range(count)
        ]
        return {
            "title_en": (self.title_en.data or "").strip(),
            "title_zh": (self.title_zh.data or "").strip(),
            "summary_en": (self.summary_en.data or "").strip(),
            "summary_zh": (self.summary_zh.data or "").strip(),
            "objectives": objectives,
            "estimated_minutes": self.estimated_minutes.data,
            "audiences": list(self.audiences.data or []),
            "version": (self.version.data or "").strip() or "1.0",
        }

    def fill_from(self, module) -> None:
        """Show a module's current values."""
        for name in ("title_en", "title_zh", "summary_en", "summary_zh", "version"):
            getattr(self, name).data = getattr(module, name)
        self.estimated_minutes.data = module.estimated_minutes
        self.audiences.data = list(module.audiences or [])
        self.objectives_en.data = "\n".join(o.get("en", "") for o in module.objectives or [])
        self.objectives_zh.data = "\n".join(o.get("zh", "") for o in module.objectives or [])


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LessonForm(Form):
    """A lesson's titles and Markdown texts in both languages, side by side."""

    title_en = StringField(_l("Title in English"), validators=[Length(max=300)])
    title_zh = StringField(_l("Title in Chinese"), validators=[Length(max=300)])
    body_en = TextAreaField(_l("Text in English (Markdown)"))
    body_zh = TextAreaField(_l("Text in Chinese (Markdown)"))

    def validate_title_zh(self, field) -> None:
        """At least one language must have a title."""
        if not (self.title_en.data or "").strip() and not (field.data or "").strip():
            raise ValidationError(_l("Give the lesson a title in at least one language."))

    def values(self) -> dict:
        """The plain values the authoring services take."""
        return {
            "title_en": (self.title_en.data or "").strip(),
            "title_zh": (self.title_zh.data or "").strip(),
            "body_en": (self.body_en.data or "").replace("\r\n", "\n").strip() + "\n"
            if (self.body_en.data or "").strip()
            else "",
            "body_zh": (self.body_zh.data or "").replace("\r\n", "\n").strip() + "\n"
            if (self.body_zh.data or "").strip()
            else "",
        }


class AuthorForm(Form):
    """A coordinator adds an author to a module, by e-mail address."""

    email = StringField(
        _l("E-mail address of the trainer"), validators=[InputRequired(), Length(max=254)]
    )
