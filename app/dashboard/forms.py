"""The dashboard's filter form (sent by GET, so a filtered view can be bookmarked and shared)."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from app.core import places
from app.core.forms import Form, choices
from app.core.i18n import current_language

from .indicators import MAX_MONTHS, Period


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months: from the first day of the month eleven months back, to today."""
    first = today.replace(day=1)
    for _month in range(11):
        first = (first - timedelta(days=1)).replace(day=1)
    return first, today


class FilterForm(Form):
    """Period and place of the indicators."""

    class Meta:
        csrf = False

    #: The query arguments the form reads (a link back to a filtered view keeps only these).
    KEYS = ("start", "end", "country", "province")

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])
    country = SelectField(_l("Country"), validators=[Optional()])
    province = SelectField(_l("Province"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = current_language()
        self.country.choices = choices([("", _l("All")), *places.country_choices(language)])
        self.province.choices = choices([("", _l("All")), *places.province_choices(language)])

    def validate_end(self, field):
        if self.start.data and field.data:
            if field.data < self.start.data:
                raise ValidationError(_l("The end of the period is before its start."))
            if len(Period(self.start.data, field.data).months()) > MAX_MONTHS:
                raise ValidationError(_l("Choose a period of at most ten years."))

    def validate_province(self, field):
        if field.data and self.country.data not in ("", places.CHINA):
            raise ValidationError(_l("A province can only be chosen for China."))

    def period(self, today: date, timezone: str) -> Period:
        """The Period the valid form describes; missing dates take the last twelve months."""
        first, last = default_period(today)
        return Period(
            start=self.start.data or first,
            end=self.end.data or last,
            country=self.country.data or "",
            province=self.province.data or "",
            timezone=timezone,
        )


class RefreshForm(Form):
    """Rebuild the dashboard's figures now (only the token)."""
