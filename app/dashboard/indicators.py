"""The programme's indicators for a period and a place, each aggregated in SQL.

One function per indicator: it takes a `Period` filter and returns plain frozen dataclasses, in a
bounded number of queries whatever the size of the programme (no query per row). Labels are not
looked up here; the dashboard's tables name the keys in the viewer's language.

What the figures mean (the page says the same in words):

- A workshop is *held* in the period when it is completed and starts within the period (dates read
  in the filter's time zone); the place filter is where it took place.
- A participant is *trained* when they attended (present or late) at least one counting session of
  a held workshop. Their breakdowns use their own profile; an empty field is "not recorded".
- The attendance rate pools every confirmed participant of every held workshop over its counting
  sessions that have started, as app/workshops/attendance.py defines it: excused sessions are left
  out, a session nobody marked counts as absent.
- A module is *completed* by a learner when every current lesson of it is marked done; it counts in
  the period of its last lesson. Online learning has no venue: the place filter uses the learner's
  profile.
- Exchanges: see app/dashboard/exchange_figures.py.

The indicators of quizzes, evaluations and certificates (app/dashboard/outcomes.py) plug in the
same way: a function taking `Period`, restricting to `held_workshops(period)` where they hang off a
workshop; app/dashboard/report.py runs them, and a table builder names their rows. The ones that
grow with the programme are also answered from a snapshot (app/dashboard/snapshot.py), with the
same numbers; the live functions here stay the reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.auth.models import User
from app.core.db import utcnow
from app.core.places import CHINA
from app.extensions import db
from app.workshops.attendance import ATTENDED, AttendanceRate, Mark
from app.workshops.models import (
    AttendanceRecord,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)

#: Key of the row for people whose field is empty.
NOT_RECORDED = ""
#: Key of the province row for people who live outside China.
ABROAD = "abroad"
#: The longest period the dashboard reports on, in months (it bounds the monthly trend's query).
MAX_MONTHS = 120


@dataclass(frozen=True)
class Period:
    """The filter every indicator takes: a period of whole days, and optionally a place."""

    #: First day (inclusive).
    start: date
    #: Last day (inclusive).
    end: date
    #: ISO country code, or '' for everywhere.
    country: str = ""
    #: GB/T 2260 province code (implies China), or '' for every province.
    province: str = ""
    #: IANA time zone the days are read in (the viewer's).
    timezone: str = "Asia/Shanghai"

    @property
    def place_country(self) -> str:
        """The country the place filter means ('' for everywhere)."""
        return CHINA if self.province else self.country

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[first moment, first moment after the period) as aware UTC datetimes."""
        zone = ZoneInfo(self.timezone)
        first = datetime.combine(self.start, time(0), tzinfo=zone)
        after = datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=zone)
        return first.astimezone(UTC), after.astimezone(UTC)

    def months(self) -> list[date]:
        """The first day of every calendar month the period touches."""
        months = []
        month = self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months


@dataclass(frozen=True)
class CountRow:
    """One row of a breakdown: a key (a code, or NOT_RECORDED) and how many."""

    key: str
    count: int


# --- Shared building blocks ----------------------------------------------------------------------


def held_workshops(period: Period) -> sa.Select:
    """SELECT of the ids of the workshops held in the period and place."""
    first, after = period.utc_bounds()
    query = sa.select(Workshop.id).where(
        Workshop.status == WorkshopStatus.COMPLETED,
        Workshop.starts_at >= first,
        Workshop.starts_at < after,
    )
    if period.province:
        query = query.where(Workshop.province == period.province)
    elif period.country:
        query = query.where(Workshop.country == period.country)
    return query


def completed_workshops() -> sa.Select:
    """SELECT of the ids of every completed workshop (held at some time, somewhere)."""
    return sa.select(Workshop.id).where(Workshop.status == WorkshopStatus.COMPLETED)


def trained_attendance(period: Period) -> sa.Select:
    """SELECT (user_id, workshop_id) of every attended counting session of a held workshop."""
    return attended_sessions(held_workshops(period))


def attended_sessions(held: sa.Select) -> sa.Select:
    """SELECT (user_id, workshop_id) of every attended counting session of the `held` workshops."""
    return (
        sa.select(AttendanceRecord.user_id, WorkshopSession.workshop_id)
        .join(WorkshopSession, WorkshopSession.id == AttendanceRecord.session_id)
        .where(
            WorkshopSession.workshop_id.in_(held),
            WorkshopSession.counts_for_attendance.is_(True),
            AttendanceRecord.mark.in_([m.value for m in ATTENDED]),
        )
    )


def trained_people(period: Period) -> sa.Select:
    """SELECT DISTINCT user_id of the participants trained in the period and place."""
    attended = trained_attendance(period).subquery()
    return sa.select(attended.c.user_id).distinct()


def _largest_first(row: CountRow) -> tuple[int, str]:
    return (-row.count, row.key)


def count_rows(query: sa.Select) -> list[CountRow]:
    """Rows of (key, count) as CountRows, largest first, then by key."""
    rows = [CountRow(key or NOT_RECORDED, int(count)) for key, count in db.session.execute(query)]
    return sorted(rows, key=_largest_first)


def month_bucket(column, period: Period) -> sa.ColumnElement:
    """CASE expression giving the index of the period's month an aware timestamp falls in.

    Month boundaries are computed here in the filter's time zone, so both databases group the same
    way without time-zone functions of their own. The CASE is a balanced tree of comparisons (six
    for a three-year period, rather than up to 36 one after another), which matters where it runs
    on every row of a large table.
    """
    zone = ZoneInfo(period.timezone)
    boundaries = [
        sa.literal(
            datetime.combine(
                (m + timedelta(days=32)).replace(day=1), time(0), tzinfo=zone
            ).astimezone(UTC),
            column.type,
        )
        for m in period.months()
    ]

    def first_after(low: int, high: int):
        """Index of the first of boundaries[low:high] the timestamp is before, else `high`."""
        if low == high:
            return sa.literal(high)
        middle = (low + high) // 2
        return sa.case(
            (column < boundaries[middle], first_after(low, middle)),
            else_=first_after(middle + 1, high),
        )

    return first_after(0, len(boundaries))


# --- Workshops held ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopsHeld:
    """How many workshops were held, and of which kind."""

    total: int
    by_kind: tuple[CountRow, ...]


def workshops_held(period: Period) -> WorkshopsHeld:
    """Completed workshops that started in the period and place (one query)."""
    rows = count_rows(
        sa.select(Workshop.kind, sa.func.count())
        .where(Workshop.id.in_(held_workshops(period)))
        .group_by(Workshop.kind)
    )
    return WorkshopsHeld(sum(r.count for r in rows), tuple(rows))


# --- Participants trained ------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantsTrained:
    """Distinct people trained, and who they are (from their profiles)."""

    total: int
    #: Province code, ABROAD (lives outside China) or NOT_RECORDED.
    by_province: tuple[CountRow, ...]
    #: OrganisationType value or NOT_RECORDED.
    by_organisation_type: tuple[CountRow, ...]
    #: Gender value or NOT_RECORDED.
    by_gender: tuple[CountRow, ...]


def _province_key():
    return sa.case(
        (User.province != "", User.province),
        (sa.and_(User.country != "", User.country != CHINA), ABROAD),
        else_=NOT_RECORDED,
    )


def participants_trained(period: Period) -> ParticipantsTrained:
    """Distinct participants trained, by province, organisation type and gender (one query).

    The database counts people per (province, organisation type, gender); the three breakdowns
    are sums over those few hundred groups at most.
    """
    people = trained_people(period).subquery()
    keys = person_keys()
    return breakdown(
        db.session.execute(
            sa.select(*keys, sa.func.count())
            .select_from(User)
            .join(people, people.c.user_id == User.id)
            .group_by(*keys)
        ).all()
    )


def person_keys() -> tuple[sa.ColumnElement, ...]:
    """The keys a person is counted under: province (or ABROAD), organisation type, gender."""
    return (
        _province_key().label("province_key"),
        User.organisation_type.label("organisation_type"),
        sa.func.coalesce(User.gender, NOT_RECORDED).label("gender"),
    )


def breakdown(groups) -> ParticipantsTrained:
    """The three breakdowns from rows of (province key, organisation type, gender, people)."""
    by_province: dict[str, int] = {}
    by_organisation_type: dict[str, int] = {}
    by_gender: dict[str, int] = {}
    for province_key, organisation_key, gender_key, count in groups:
        for totals, key in (
            (by_province, province_key),
            (by_organisation_type, organisation_key),
            (by_gender, gender_key),
        ):
            totals[key or NOT_RECORDED] = totals.get(key or NOT_RECORDED, 0) + int(count)

    def rows(totals: dict[str, int]) -> tuple[CountRow, ...]:
        return tuple(sorted((CountRow(k, n) for k, n in totals.items()), key=_largest_first))

    return ParticipantsTrained(
        total=sum(by_gender.values()),
        by_province=rows(by_province),
        by_organisation_type=rows(by_organisation_type),
        by_gender=rows(by_gender),
    )


# --- Attendance ----------------------------------------------------------------------------------


def attendance(period: Period, now: datetime | None = None) -> AttendanceRate:
    """The pooled attendance rate of confirmed participants of held workshops (one query)."""
    query = attendance_counts(held_workshops(period), now or utcnow())
    total, attended, excused = db.session.execute(query).one()
    return AttendanceRate(attended=int(attended), counted=int(total) - int(excused))


def attendance_counts(held: sa.Select, now: datetime, *by: sa.ColumnElement) -> sa.Select:
    """SELECT [by...,] participant-sessions counted, attended and excused, pooled over the `held`
    workshops' confirmed participants and counting sessions started by `now` (grouped by `by`)."""
    mark = AttendanceRecord.mark
    query = (
        sa.select(
            *by,
            sa.func.count(),
            sa.func.count(sa.case((mark.in_([m.value for m in ATTENDED]), 1))),
            sa.func.count(sa.case((mark == Mark.EXCUSED.value, 1))),
        )
        .select_from(Registration)
        .join(WorkshopSession, WorkshopSession.workshop_id == Registration.workshop_id)
        .outerjoin(
            AttendanceRecord,
            sa.and_(
                AttendanceRecord.session_id == WorkshopSession.id,
                AttendanceRecord.user_id == Registration.user_id,
            ),
        )
        .where(
            Registration.workshop_id.in_(held),
            Registration.status == RegistrationStatus.CONFIRMED,
            WorkshopSession.counts_for_attendance.is_(True),
            WorkshopSession.starts_at <= now,
        )
    )
    return query.group_by(*by) if by else query


# --- Trend by month ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthCount:
    """Workshops held and people trained in one calendar month."""

    month: date
    workshops: int
    participants: int


def monthly_trend(period: Period) -> tuple[MonthCount, ...]:
    """Workshops held and distinct people trained per month of the workshops' start (two queries).

    A person trained in two months counts once in each.
    """
    months = period.months()
    bucket = month_bucket(Workshop.starts_at, period).label("bucket")
    workshops = dict(
        db.session.execute(
            sa.select(bucket, sa.func.count())
            .where(Workshop.id.in_(held_workshops(period)))
            .group_by(bucket)
        ).all()
    )
    attended = trained_attendance(period).subquery()
    person_bucket = month_bucket(Workshop.starts_at, period).label("bucket")
    people = dict(
        db.session.execute(
            sa.select(person_bucket, sa.func.count(sa.distinct(attended.c.user_id)))
            .select_from(attended)
            .join(Workshop, Workshop.id == attended.c.workshop_id)
            .group_by(person_bucket)
        ).all()
    )
    return tuple(
        MonthCount(month, int(workshops.get(i, 0)), int(people.get(i, 0)))
        for i, month in enumerate(months)
    )
