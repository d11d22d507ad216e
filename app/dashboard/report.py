"""The dashboard's report and its tables' shape: a `Report` runs each indicator on first use, and a
`Table` holds one indicator's rows in the viewer's language, for the page and the exports.

A table's builder takes the Report and the viewer's language; an export of one table therefore runs
only that table's queries. Exports carry bilingual headers ("省份 Province"); the page shows the
viewer's language only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from babel import dates as babel_dates
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from app.core import places
from app.core.i18n import babel_locale, format_number
from app.core.labels import LabelledEnum

from . import charts, completions, indicators, outcomes
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
    def modules(self) -> completions.ModuleCompletions:
        return completions.module_completions(self.period)

    @cached_property
    def exchanges(self) -> indicators.ExchangesCompleted:
        return indicators.exchanges_completed(self.period)

    @cached_property
    def trend(self) -> tuple[indicators.MonthCount, ...]:
        return indicators.monthly_trend(self.period)

    @cached_property
    def pass_rates(self) -> tuple[outcomes.PassRate, ...]:
        return outcomes.quiz_pass_rates(self.period)

    @cached_property
    def gain(self) -> outcomes.KnowledgeGain:
        return outcomes.knowledge_gain(self.period)

    @cached_property
    def evaluations(self) -> outcomes.EvaluationScores:
        return outcomes.evaluation_scores(self.period)

    @cached_property
    def certificates(self) -> tuple[CountRow, ...]:
        return outcomes.certificates_issued(self.period)


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


def not_recorded() -> str:
    return _("Not recorded")


def label_for(key: str, enum: type[LabelledEnum]) -> str:
    if key == NOT_RECORDED:
        return not_recorded()
    return enum.label_of(key)


def province_label(key: str, language: str) -> str:
    """A participant's province in the viewer's language; people abroad and unknown apart."""
    if key == ABROAD:
        return _("Outside China")
    if key == NOT_RECORDED:
        return not_recorded()
    return places.province_name(key, language) or key


def percent(part: int, whole: int) -> int | None:
    """A whole percentage rounded down, as the attendance rule rounds; None of nothing."""
    return part * 100 // whole if whole else None


def month_label(month, language: str) -> str:
    """ "Jan 2026" / "2026年1月"."""
    return babel_dates.format_skeleton("yMMM", month, locale=babel_locale(language))


def rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def shorten(text: str, width: float = 150) -> str:
    """A label cut to about `width` pixels, with an ellipsis."""
    if charts.text_width(text) <= width:
        return text
    while text and charts.text_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def count_points(rows: list[list[object]]) -> list[charts.Point]:
    return [charts.Point(str(r[0]), float(r[1]), format_number(r[1])) for r in rows]


def breakdown_rows(rows: tuple[CountRow, ...], name: Callable[[str], str]) -> list[list[object]]:
    named = [[name(r.key), r.count] for r in rows if r.key != NOT_RECORDED]
    missing = [[name(r.key), r.count] for r in rows if r.key == NOT_RECORDED]
    return named + missing  # "not recorded" always last, so the known rows read first
