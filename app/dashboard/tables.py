"""The dashboard's tables: each indicator as rows in the viewer's language, for the page and exports.

A table is built from a `Report`, which runs an indicator only when a table asks for it, so an
export of one table runs only that table's queries. Exports carry bilingual headers
("省份 Province"); the page shows the viewer's language only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from babel import dates as babel_dates
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.auth.models import GENDER_LABELS, ORGANISATION_TYPE_LABELS
from app.core import places
from app.core.i18n import babel_locale, format_number, localized
from app.exchanges.models import DIRECTION_LABELS
from app.workshops.models import KIND_LABELS

from . import charts, indicators
from .indicators import ABROAD, NOT_RECORDED, CountRow, Period


class Report:
    """The indicators of one period, each computed on first use."""

    def __init__(self, period: Period):
        self.period = period

    @cached_property
    def workshops(self) -> indicators.WorkshopsHeld:
        return indicators.workshops_held(self.period)

    @cached_property
    def participants(self) -> indicators.ParticipantsTrained:
        return indicators.participants_trained(self.period)

    @cached_property
    def attendance(self):
        return indicators.attendance(self.period)

    @cached_property
    def modules(self) -> indicators.ModuleCompletions:
        return indicators.module_completions(self.period)

    @cached_property
    def exchanges(self) -> indicators.ExchangesCompleted:
        return indicators.exchanges_completed(self.period)

    @cached_property
    def trend(self) -> tuple[indicators.MonthCount, ...]:
        return indicators.monthly_trend(self.period)


@dataclass(frozen=True)
class Column:
    """A column: its header (translatable) and whether it holds numbers."""

    label: object
    numeric: bool = True


@dataclass
class Table:
    """Rows of one indicator, ready for the page, a CSV or an XLSX file."""

    slug: str
    title: str
    columns: tuple[Column, ...]
    rows: list[list[object]]
    #: A sentence under the title saying what is counted.
    note: str = ""
    #: SVG charts drawn from the same rows, shown beside the table: (caption or '', markup).
    charts: list[tuple[str, Markup]] = field(default_factory=list)

    def bilingual_header(self) -> list[str]:
        """Headers for exports: Chinese then English, e.g. "省份 Province"."""
        header = []
        for column in self.columns:
            with force_locale("zh"):
                zh = str(column.label)
            with force_locale("en"):
                en = str(column.label)
            header.append(f"{zh} {en}" if zh != en else en)
        return header


def _not_recorded() -> str:
    return _("Not recorded")


def _label(key: str, labels: dict) -> str:
    if key == NOT_RECORDED:
        return _not_recorded()
    return str(labels.get(key, key))


def province_label(key: str, language: str) -> str:
    """A participant's province in the viewer's language; people abroad and unknown apart."""
    if key == ABROAD:
        return _("Outside China")
    if key == NOT_RECORDED:
        return _not_recorded()
    return places.province_name(key, language) or key


def percent(part: int, whole: int) -> int | None:
    """A whole percentage rounded down, as the attendance rule rounds; None of nothing."""
    return part * 100 // whole if whole else None


def month_label(month, language: str) -> str:
    """ "Jan 2026" / "2026年1月"."""
    return babel_dates.format_skeleton("yMMM", month, locale=babel_locale(language))


def _count_points(rows: list[list[object]]) -> list[charts.Point]:
    return [charts.Point(str(r[0]), float(r[1]), format_number(r[1])) for r in rows]


def _breakdown_rows(rows: tuple[CountRow, ...], name: Callable[[str], str]) -> list[list[object]]:
    named = [[name(r.key), r.count] for r in rows if r.key != NOT_RECORDED]
    missing = [[name(r.key), r.count] for r in rows if r.key == NOT_RECORDED]
    return named + missing  # "not recorded" always last, so the known rows read first


# --- The tables ----------------------------------------------------------------------------------


def summary(report: Report, language: str) -> Table:
    """The headline figures."""
    rate = report.attendance
    rows = [
        [_("Workshops held"), report.workshops.total],
        [_("Participants trained"), report.participants.total],
        [_("Attendance rate (%)"), rate.percent],
        [_("Sessions attended"), rate.attended],
        [_("Sessions counted for attendance"), rate.counted],
        [_("Module completions"), report.modules.total],
        [_("Exchanges completed"), report.exchanges.exchanges],
        [_("People exchanged"), report.exchanges.people],
    ]
    return Table(
        "summary",
        _("Headline figures"),
        (Column(_l("Indicator"), numeric=False), Column(_l("Value"))),
        rows,
        note=_(
            "The attendance rate pools every confirmed participant's counting sessions; excused "
            "sessions are left out and unmarked ones count as absent."
        ),
    )


def workshops_by_kind(report: Report, language: str) -> Table:
    """Workshops held by kind."""
    rows = [[_label(r.key, KIND_LABELS), r.count] for r in report.workshops.by_kind]
    return Table(
        "workshops",
        _("Workshops held by kind"),
        (Column(_l("Kind of workshop"), numeric=False), Column(_l("Workshops"))),
        rows,
        note=_("Completed workshops that started in the period, where they took place."),
    )


def participants_by_province(report: Report, language: str) -> Table:
    """Participants trained by their province, with a bar chart."""
    rows = _breakdown_rows(
        report.participants.by_province, lambda key: province_label(key, language)
    )
    title = _("Participants trained by province")
    table = Table(
        "provinces",
        title,
        (Column(_l("Province"), numeric=False), Column(_l("Participants"))),
        rows,
        note=_(
            "Distinct people who attended at least one session of a workshop held in the period, "
            "by the province in their profile."
        ),
    )
    if rows:
        table.charts.append(
            (
                "",  # the section's heading names it already
                charts.horizontal_bars(
                    "chart-provinces",
                    title,
                    _(
                        "Bar chart: one bar per province; the table beside it gives the same numbers."
                    ),
                    _count_points(rows),
                ),
            )
        )
    return table


def participants_by_organisation_type(report: Report, language: str) -> Table:
    """Participants trained by the kind of organisation they work for."""
    rows = _breakdown_rows(
        report.participants.by_organisation_type,
        lambda key: _label(key, ORGANISATION_TYPE_LABELS),
    )
    return Table(
        "organisations",
        _("Participants trained by kind of organisation"),
        (Column(_l("Kind of organisation"), numeric=False), Column(_l("Participants"))),
        rows,
    )


def participants_by_gender(report: Report, language: str) -> Table:
    """Participants trained by gender, where they recorded it."""
    rows = _breakdown_rows(report.participants.by_gender, lambda key: _label(key, GENDER_LABELS))
    return Table(
        "gender",
        _("Participants trained by gender"),
        (Column(_l("Gender"), numeric=False), Column(_l("Participants"))),
        rows,
    )


def trend_by_month(report: Report, language: str) -> Table:
    """Workshops held and participants trained per month, with two charts."""
    months = report.trend
    rows = [[month_label(m.month, language), m.workshops, m.participants] for m in months]
    table = Table(
        "months",
        _("Trend by month"),
        (
            Column(_l("Month"), numeric=False),
            Column(_l("Workshops held")),
            Column(_l("Participants trained")),
        ),
        rows,
        note=_(
            "By the month each workshop started; a person trained in two months counts in both."
        ),
    )
    if any(m.workshops for m in months):
        table.charts.append(
            (
                _("Participants trained per month"),
                charts.line_chart(
                    "chart-months-participants",
                    _("Participants trained per month"),
                    _("Line chart: participants trained in each month of the period."),
                    [charts.Point(r[0], r[2], format_number(r[2])) for r in rows],
                ),
            )
        )
        table.charts.append(
            (
                _("Workshops held per month"),
                charts.column_bars(
                    "chart-months-workshops",
                    _("Workshops held per month"),
                    _("Column chart: workshops held in each month of the period."),
                    [charts.Point(r[0], r[1], format_number(r[1])) for r in rows],
                ),
            )
        )
    return table


def modules_completed(report: Report, language: str) -> Table:
    """Completions per module."""
    rows = [
        [localized(m, "title", language).text or m.slug, m.completions]
        for m in report.modules.by_module
    ]
    return Table(
        "modules",
        _("Module completions"),
        (Column(_l("Training module"), numeric=False), Column(_l("Completions"))),
        rows,
        note=_(
            "Learners who marked every lesson of a module done, the last one in the period; the "
            "place filter uses the learner's profile."
        ),
    )


def exchanges_by_direction(report: Report, language: str) -> Table:
    """Completed exchanges and the people they took, by direction."""
    rows = [
        [_label(r.direction, DIRECTION_LABELS), r.exchanges, r.people]
        for r in report.exchanges.by_direction
    ]
    note = _(
        "Completed exchanges whose last day is in the period; people are delegation members "
        "without accompanying persons."
    )
    if report.period.province:
        note += " " + _("Exchanges are not recorded by province: those involving China are shown.")
    return Table(
        "exchanges",
        _("Exchanges completed by direction"),
        (
            Column(_l("Direction"), numeric=False),
            Column(_l("Exchanges")),
            Column(_l("People exchanged")),
        ),
        rows,
        note=note,
    )


#: Every table of the dashboard, in page order: slug -> builder.
TABLES: dict[str, Callable[[Report, str], Table]] = {
    "summary": summary,
    "workshops": workshops_by_kind,
    "provinces": participants_by_province,
    "organisations": participants_by_organisation_type,
    "gender": participants_by_gender,
    "months": trend_by_month,
    "modules": modules_completed,
    "exchanges": exchanges_by_direction,
}
