"""The dashboard's tables, in page order: the programme's reach (workshops, people, attendance,
learning, exchanges) here, what people learned and thought in app/dashboard/outcome_tables.py.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth.models import Gender, OrganisationType
from app.core.i18n import format_number, localized
from app.exchanges.models import Direction
from app.workshops.models import WorkshopKind

from . import charts
from .outcome_tables import certificates_issued, evaluation_scores, knowledge_gain, quiz_pass_rates
from .report import (
    Column,
    Report,
    Table,
    breakdown_rows,
    count_points,
    label_for,
    month_label,
    province_label,
    rounded,
)

__all__ = ["TABLES", "Report", "Table"]


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
        [_("Knowledge gain (normalised, pre- to post-test)"), rounded(report.gain.gain, 2)],
        [_("Mean evaluation score (1 to 5)"), rounded(report.evaluations.mean, 2)],
        [_("Certificates issued"), sum(r.count for r in report.certificates)],
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
    rows = [[label_for(r.key, WorkshopKind), r.count] for r in report.workshops.by_kind]
    return Table(
        "workshops",
        _("Workshops held by kind"),
        (Column(_l("Kind of workshop"), numeric=False), Column(_l("Workshops"))),
        rows,
        note=_("Completed workshops that started in the period, where they took place."),
    )


def participants_by_province(report: Report, language: str) -> Table:
    """Participants trained by their province, with a bar chart."""
    rows = breakdown_rows(
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
                    count_points(rows),
                ),
            )
        )
    return table


def participants_by_organisation_type(report: Report, language: str) -> Table:
    """Participants trained by the kind of organisation they work for."""
    rows = breakdown_rows(
        report.participants.by_organisation_type,
        lambda key: label_for(key, OrganisationType),
    )
    return Table(
        "organisations",
        _("Participants trained by kind of organisation"),
        (Column(_l("Kind of organisation"), numeric=False), Column(_l("Participants"))),
        rows,
    )


def participants_by_gender(report: Report, language: str) -> Table:
    """Participants trained by gender, where they recorded it."""
    rows = breakdown_rows(report.participants.by_gender, lambda key: label_for(key, Gender))
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
        [label_for(r.direction, Direction), r.exchanges, r.people]
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
    "quizzes": quiz_pass_rates,
    "gain": knowledge_gain,
    "evaluations": evaluation_scores,
    "certificates": certificates_issued,
    "exchanges": exchanges_by_direction,
}
