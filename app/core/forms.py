"""The base form: CSRF-protected, and refilled with carried fields after a language switch."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from flask_wtf.i18n import translations as wtforms_translations
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import Select

from app.core.carry import carried_formdata, declare_form_fields
from app.core.select_markup import merged_render_kw, render_select, renders_quickly

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

        def render_field(self, field, render_kw):
            if field.type == "CSRFTokenField":
                # A page with several forms has several tokens: none gets an id, so ids stay unique.
                render_kw = {**render_kw, "id": False}
            if renders_quickly(field):
                # Same bytes as WTForms' Select; its generic writer is slow for long lists.
                html = render_select(field, **merged_render_kw(field, render_kw))
            else:
                html = super().render_field(field, render_kw)
            if _needs_placeholder(field, render_kw):
                html = _with_placeholder(html)
            return html


def _needs_placeholder(field, render_kw) -> bool:
    """A required single-choice list whose first option is a real choice: HTML wants an empty
    first option there, and it makes the person choose rather than keep the first by accident."""
    if not isinstance(field.widget, Select) or field.widget.multiple:
        return False
    if not (field.flags.required or render_kw.get("required")):
        return False
    first = next(iter(field.iter_choices()), None)
    return first is not None and first[0] not in ("", None)


def _with_placeholder(html: str) -> Markup:
    """The <select> with an empty "Choose…" option first."""
    end = html.index(">") + 1
    option = Markup('<option value="">{}</option>').format(_("Choose…"))
    # html is the widget's own markup, already escaped: only the option is added.
    return Markup(html[:end]) + option + Markup(html[end:])  # noqa: S704


def form_status(form: FlaskForm) -> int:
    """400 when a submitted form has errors to show, else 200."""
    return 400 if any(field.errors for field in form) else 200


def choices(pairs, optgroup: str | None = None) -> list[SelectChoice]:
    """Select options from (value, label) pairs, optionally inside one <optgroup>."""
    return [SelectChoice(value, label, optgroup=optgroup) for value, label in pairs]
