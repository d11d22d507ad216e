"""The base form: CSRF-protected, and refilled with carried fields after a language switch."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from wtforms.fields.choices import SelectChoice

from app.core.carry import carried_formdata, declare_form_fields


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


def form_status(form: FlaskForm) -> int:
    """400 when a submitted form has errors to show, else 200."""
    return 400 if any(field.errors for field in form) else 200


def choices(pairs, optgroup: str | None = None) -> list[SelectChoice]:
    """Select options from (value, label) pairs, optionally inside one <optgroup>."""
    return [SelectChoice(value, label, optgroup=optgroup) for value, label in pairs]
