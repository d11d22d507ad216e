"""Forms of the trainers' materials pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import Length

from app.core.forms import Form


class MaterialUploadForm(Form):
    """A new file for a module, with an optional title in each language."""

    file = FileField(_l("File"))
    title_en = StringField(_l("Title in English (optional)"), validators=[Length(max=300)])
    title_zh = StringField(_l("Title in Chinese (optional)"), validators=[Length(max=300)])


class MaterialReplaceForm(Form):
    """A new version of an existing file."""

    file = FileField(_l("New version"))
