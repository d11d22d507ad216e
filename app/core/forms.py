"""The base form: CSRF-protected, and refilled with carried fields after a language switch."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from flask_wtf.i18n import translations as wtforms_translations
from wtforms.fields.choices import SelectChoice

from app.core.carry import carried_formdata, declare_form_fields

#: WTForms' own messages whose Chinese WTForms leaves unfinished (marked fuzzy, so never shown).
_UNFINISHED_IN_WTFORMS = {
    "This field cannot be edited.": _l("This field cannot be edited."),
    "Not a valid week value.": _l("Not a valid week value."),
}
_INVALID_CHOICES = "'%(value)s' is not a valid choice for this field."


class FormTranslations:
    """WTForms' messages in the user's language: WTForms' catalogue, and ours where its is unfinished."""

    def gettext(self, string: str) -> str:
        ours = _UNFINISHED_IN_WTFORMS.get(string)
        return str(ours) if ours is not None else wtforms_translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if singular == _INVALID_CHOICES:
            # WTForms fills in %(value)s itself: hand the placeholder back untouched.
            return ngettext(
                "'%(value)s' is not a valid choice for this field.",
                "'%(value)s' are not valid choices for this field.",
                n,
                value="%(value)s",
            )
        return wtforms_translations.ngettext(singular, plural, n)


_FORM_TRANSLATIONS = FormTranslations()


class Form(FlaskForm):
    """Every form of the app derives from this one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if request.method == "GET":
            declare_form_fields([field.name for field in self])

    class Meta:
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto and not _is_submitted():
                carried = carried_formdata(request.path)
                if carried is not None:
                    return carried
            return super().wrap_formdata(form, formdata)

        def get_translations(self, form):
            return _FORM_TRANSLATIONS


def form_status(form: FlaskForm) -> int:
    """400 when a submitted form has errors to show, else 200."""
    return 400 if any(field.errors for field in form) else 200


def choices(pairs, optgroup: str | None = None) -> list[SelectChoice]:
    """Select options from (value, label) pairs, optionally inside one <optgroup>."""
    return [SelectChoice(value, label, optgroup=optgroup) for value, label in pairs]
