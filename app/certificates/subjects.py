"""What a certificate is for: a workshop, a module or an exchange, with its titles, dates and hours
written in each language (inside force_locale)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from app.core.db import utcnow
from app.core.i18n import format_date
from app.exchanges.models import Exchange
from app.extensions import db
from app.learning.models import Module
from app.workshops.models import Workshop

from .eligibility import Kind
from .errors import SubjectMissing


def both(message) -> dict[str, str]:
    """A lazy UI text in English and Chinese: {"en": ..., "zh": ...}."""
    texts = {}
    for language in ("en", "zh"):
        with force_locale(language):
            texts[language] = str(message)
    return texts


def date_range(start, end, language: str, tz: str = "UTC") -> str:
    """One date, or 'first to last day' in the language (28 November 2026 / 2026年11月28日)."""
    first = format_date(start, tz, "long", language)
    last = format_date(end, tz, "long", language)
    if first == last:
        return first
    with force_locale(language):
        return _("%(start)s to %(end)s", start=first, end=last)


@dataclass(frozen=True)
class Subject:
    """The workshop, module or exchange a certificate is for, as the certificate describes it."""

    kind: Kind
    id: int
    title_en: str
    title_zh: str
    dates_en: str
    dates_zh: str
    details_en: str = ""
    details_zh: str = ""
    model: object = None


def _titles(obj) -> tuple[str, str]:
    english = (obj.title_en or "").strip() or (obj.title_zh or "").strip()
    chinese = (obj.title_zh or "").strip() or english
    return english, chinese


def _hours(workshop) -> float:
    seconds = sum(
        (s.ends_at - s.starts_at).total_seconds()
        for s in workshop.sessions
        if s.counts_for_attendance
    )
    return round(seconds / 1800) / 2  # to the half hour


def workshop_subject(workshop) -> Subject:
    """A workshop as its attendance certificates describe it: titles, dates, venue, hours."""
    english, chinese = _titles(workshop)
    zone = workshop.timezone
    hours = _hours(workshop)
    hours_text = f"{hours:g}"
    details = {}
    for language in ("en", "zh"):
        with force_locale(language):
            parts = []
            place = ", ".join(p for p in (workshop.venue, workshop.city) if p)
            if place:
                parts.append(_("Venue: %(place)s", place=place))
            if hours:
                parts.append(_("%(hours)s hours of training", hours=hours_text))
            details[language] = " · ".join(parts)
    return Subject(
        Kind.ATTENDANCE,
        workshop.id,
        english,
        chinese,
        date_range(workshop.starts_at, workshop.ends_at, "en", zone),
        date_range(workshop.starts_at, workshop.ends_at, "zh", zone),
        details["en"],
        details["zh"],
        workshop,
    )


def module_subject(module, completed_on: datetime | None = None) -> Subject:
    """A module as its completion certificates describe it: titles and the completion date."""
    english, chinese = _titles(module)
    when = completed_on or utcnow()
    dates = {}
    for language in ("en", "zh"):
        with force_locale(language):
            dates[language] = _(
                "Completed on %(date)s", date=format_date(when, "Asia/Shanghai", "long", language)
            )
    return Subject(
        Kind.COMPLETION, module.id, english, chinese, dates["en"], dates["zh"], "", "", module
    )


def exchange_subject(exchange) -> Subject:
    """An exchange as its participation certificates describe it: titles, dates, cities."""
    english, chinese = _titles(exchange)
    details = {}
    for language in ("en", "zh"):
        with force_locale(language):
            details[language] = (
                _("Cities visited: %(cities)s", cities=exchange.cities) if exchange.cities else ""
            )
    return Subject(
        Kind.PARTICIPATION,
        exchange.id,
        english,
        chinese,
        date_range(exchange.start_date, exchange.end_date, "en"),
        date_range(exchange.start_date, exchange.end_date, "zh"),
        details["en"],
        details["zh"],
        exchange,
    )


def load_subject(kind: Kind, subject_id: int) -> Subject:
    """The subject of a kind of certificate by id; SubjectMissing when there is none."""
    model = {Kind.ATTENDANCE: Workshop, Kind.COMPLETION: Module, Kind.PARTICIPATION: Exchange}[kind]
    obj = db.session.get(model, subject_id)
    if obj is None:
        raise SubjectMissing()
    if kind is Kind.ATTENDANCE:
        return workshop_subject(obj)
    if kind is Kind.COMPLETION:
        return module_subject(obj)
    return exchange_subject(obj)
