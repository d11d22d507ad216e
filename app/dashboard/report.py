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
from app.workshops.attendance import AttendanceRate

from . import charts, completions, exchange_figures, indicators, outcomes, snapshot_reads
from .indicators import ABROAD, NOT_RECORDED, CountRow, Period
from .models import Snapshot


@dataclass(frozen=True)
class Source:
    """Where the indicators that grow with the programme come from: the live tables, or the
    snapshot (app/dashboard/snapshot.py). The other indicators are always live (they read a few
    rows)."""

    workshops: Callable[[Period], indicators.WorkshopsHeld]
    participants: Callable[[Period], indicators.ParticipantsTrained]
    attendance: Callable[[Period], AttendanceRate]
    modules: Callable[[Period], completions.ModuleCompletions]
    trend: Callable[[Period], tuple[indicators.MonthCount, ...]]
    pass_rates: Callable[[Period], tuple[outcomes.PassRate, ...]]
    gain: Callable[[Period], outcomes.KnowledgeGain]


LIVE = Source(
    workshops=indicators.workshops_held,
    participants=indicators.participants_trained,
    attendance=indicators.attendance,
    modules=completions.module_completions,
    trend=indicators.monthly_trend,
    pass_rates=outcomes.quiz_pass_rates,
    gain=outcomes.knowledge_gain,
)
SNAPSHOT = Source(
    workshops=snapshot_reads.workshops_held,
    participants=snapshot_reads.participants_trained,
    attendance=snapshot_reads.attendance,
    modules=snapshot_reads.module_completions,
    trend=snapshot_reads.monthly_trend,
    pass_rates=snapshot_reads.quiz_pass_rates,
    gain=snapshot_reads.knowledge_gain,
)


class Report:
    """The indicators of one period, each computed on first use, from the snapshot when one is
    given (its time is the figures' "as of"), else from the live tables."""

    def __init__(self, period: Period, snapshot: Snapshot | None = None):
        self.period = period
        self.snapshot = snapshot
        self.source = SNAPSHOT if snapshot is not None else LIVE

    @cached_property
    def workshops(self) -> indicators.WorkshopsHeld:
        return self.source.workshops(self.period)

    @cached_property
    def participants(self) -> indicators.ParticipantsTrained:
        return self.source.participants(self.period)

    @cached_property
    def attendance(self) -> AttendanceRate:
        return self.source.attendance(self.period)

    @cached_property
    def modules(self) -> completions.ModuleCompletions:
        return self.source.modules(self.period)

    @cached_property
    def exchanges(self) -> exchange_figures.ExchangesCompleted:
        return exchange_figures.exchanges_completed(self.period)

    @cached_property
    def trend(self) -> tuple[indicators.MonthCount, ...]:
        return self.source.trend(self.period)

    @cached_property
    def pass_rates(self) -> tuple[outcomes.PassRate, ...]:
        return self.source.pass_rates(self.period)

    @cached_property
    def gain(self) -> outcomes.KnowledgeGain:
        return self.source.gain(self.period)

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
    #: The rows the page shows when a long table is cut there (the exports keep every row).
    page_rows: list[list[object]] | None = None
    #: A sentence saying what the page left out.
    page_note: str = ""

    @property
    def shown_rows(self) -> list[list[object]]:
        """The rows for the page."""
        return self.rows if self.page_rows is None else self.page_rows

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
