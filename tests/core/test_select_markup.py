"""The quick <select> writer gives exactly WTForms' Select markup."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired, Optional
from wtforms.widgets import Select

from app.core.forms import choices
from app.core.places import country_choices
from app.core.select_markup import merged_render_kw, render_select, renders_quickly


class Sample(Form):
    plain = SelectField(
        choices=choices([("a&b", "Apple & <pear>"), ('b"<', 'Say "hi"'), ("", "None")])
    )
    required = SelectField(
        choices=choices([("1", "One"), ("2", "Two")]), validators=[DataRequired()]
    )
    optional = SelectField(choices=choices([("x", "X")]), validators=[Optional()])
    grouped = SelectField(
        choices=[*choices([("eu", "EU")], optgroup="Europe <1>"), *choices([("cn", "China")])]
    )
    countries = SelectField(choices=choices(country_choices("zh")))
    keyed = SelectField(
        choices=[SelectChoice("k", "Keyed", render_kw={"data_x": "1"}), SelectChoice("l", "L")],
        render_kw={"class_": "wide", "data_role": "x", "disabled": True},
    )
    flags = SelectField(
        choices=choices([(True, "Yes"), (False, "No")]), coerce=lambda v: v in (True, "True")
    )


@pytest.mark.parametrize(
    "data",
    [{}, {"plain": 'b"<', "required": "2", "grouped": "cn", "countries": "FR", "flags": "True"}],
)
@pytest.mark.parametrize(
    "render_kw", [{}, {"class_": "filter", "required": True, "aria_label": "Pick <one>"}]
)
def test_every_kind_of_select_comes_out_as_wtforms_writes_it(data, render_kw):
    """Escaped labels and values, selected options, groups, flags, render_kw: same bytes."""
    form = Sample(MultiDict(data) if data else None)
    for field in form:
        assert renders_quickly(field)
        ours = render_select(field, **merged_render_kw(field, render_kw))
        theirs = DefaultMeta().render_field(field, render_kw)  # WTForms' own widget
        assert isinstance(ours, Markup)
        assert str(ours) == str(theirs), field.name


def test_a_multiple_select_or_another_widget_is_left_to_wtforms():
    """Only WTForms' own single-choice Select is written by the quick path."""
    form = Sample()
    form.plain.widget = Select(multiple=True)
    assert not renders_quickly(form.plain)

    class Custom(Select):
        pass

    form.required.widget = Custom()
    assert not renders_quickly(form.required)
