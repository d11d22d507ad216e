"""Every indicator against the hand-counted programme of tests/dashboard/programme.py."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.dashboard import completions as dashboard_completions
from app.dashboard import exchange_figures, indicators
from app.dashboard.indicators import ABROAD, NOT_RECORDED, CountRow, Period
from app.dashboard.tables import TABLES, Report
from app.workshops.attendance import AttendanceRate

from .programme import PERIOD, build_programme

ALL = Period(*PERIOD, timezone="Asia/Shanghai")
FUJIAN = Period(*PERIOD, province="35", timezone="Asia/Shanghai")
POLAND = Period(*PERIOD, country="PL", timezone="Asia/Shanghai")


def as_dict(rows):
    return {row.key: row.count for row in rows}


def test_workshops_held_counts_completed_workshops_starting_in_the_period():
    build_programme()
    held = indicators.workshops_held(ALL)
    assert held.total == 3
    assert as_dict(held.by_kind) == {"capacity_building": 2, "law_policy_review": 1}
    assert held.by_kind[0] == CountRow("capacity_building", 2)
    assert indicators.workshops_held(FUJIAN).total == 2
    assert indicators.workshops_held(POLAND).total == 0


def test_dates_are_read_in_the_filters_time_zone():
    build_programme()
    # W3 starts on 1 January at 01:00 in Beijing, still 31 December 2025 in UTC.
    assert indicators.workshops_held(ALL).total == 3
    in_utc = Period(*PERIOD, timezone="UTC")
    assert indicators.workshops_held(in_utc).total == 2


def test_participants_trained_attended_at_least_one_counting_session():
    build_programme()
    trained = indicators.participants_trained(ALL)
    assert trained.total == 6
    assert as_dict(trained.by_province) == {"35": 2, "37": 2, ABROAD: 1, NOT_RECORDED: 1}
    assert as_dict(trained.by_organisation_type) == {
        "provincial_bureau": 2,
        "labour_inspection": 2,
        "eu_authority": 1,
        NOT_RECORDED: 1,
    }
    assert as_dict(trained.by_gender) == {"female": 2, "male": 2, NOT_RECORDED: 2}


def test_participants_filtered_by_where_the_workshop_took_place():
    build_programme()
    trained = indicators.participants_trained(FUJIAN)
    # P3 was only present at W1's tea break, which does not count.
    assert trained.total == 3
    assert as_dict(trained.by_province) == {"35": 2, NOT_RECORDED: 1}
    assert as_dict(trained.by_gender) == {"female": 1, "male": 1, NOT_RECORDED: 1}
    assert indicators.participants_trained(POLAND).total == 0
    assert indicators.participants_trained(POLAND).by_province == ()


def test_attendance_pools_confirmed_participants_over_counting_sessions():
    build_programme()
    # W1: 2/2 + 1/2 + 0/0 (excused) + 1/2 (unmarked = absent); W2: 2/2 + 0/2 + 2/2 + 1/1;
    # W3: 1/1 + 0/1. The withdrawn registration and the tea break do not count.
    assert indicators.attendance(ALL) == AttendanceRate(attended=10, counted=15)
    assert indicators.attendance(ALL).percent == 66
    assert indicators.attendance(FUJIAN) == AttendanceRate(attended=5, counted=8)
    assert indicators.attendance(POLAND) == AttendanceRate(0, 0)
    assert indicators.attendance(POLAND).percent is None


def test_module_completions_need_every_current_lesson_done_in_the_period():
    programme = build_programme()
    completions = dashboard_completions.module_completions(ALL)
    assert completions.total == 2
    assert {m.slug: m.completions for m in completions.by_module} == {"m": 1, "n": 1}
    assert completions.by_module[0].module_id == programme.modules["m"].id
    fujian = dashboard_completions.module_completions(FUJIAN)
    assert {m.slug: m.completions for m in fujian.by_module} == {"m": 1}
    poland = dashboard_completions.module_completions(POLAND)
    assert {m.slug: m.completions for m in poland.by_module} == {"n": 1}
    july = Period(date(2026, 7, 1), date(2026, 7, 31), timezone="Asia/Shanghai")
    assert {
        m.slug: m.completions for m in dashboard_completions.module_completions(july).by_module
    } == {
        "m": 1,
        "n": 1,
    }


def test_exchanges_completed_and_people_by_direction():
    build_programme()
    result = exchange_figures.exchanges_completed(ALL)
    assert (result.exchanges, result.people) == (3, 3)
    assert {r.direction: (r.exchanges, r.people) for r in result.by_direction} == {
        "china_to_eu": (1, 2),
        "eu_to_china": (1, 1),
        "multilateral": (1, 0),
    }
    poland = exchange_figures.exchanges_completed(POLAND)
    assert {r.direction: (r.exchanges, r.people) for r in poland.by_direction} == {
        "china_to_eu": (1, 2)
    }
    fujian = exchange_figures.exchanges_completed(FUJIAN)  # a province means China for exchanges
    assert (fujian.exchanges, fujian.people) == (2, 3)


def test_monthly_trend_counts_workshops_and_people_per_month():
    build_programme()
    trend = indicators.monthly_trend(ALL)
    assert [(m.month, m.workshops, m.participants) for m in trend] == [
        (date(2026, 1, 1), 1, 1),
        (date(2026, 2, 1), 0, 0),
        (date(2026, 3, 1), 1, 3),
        (date(2026, 4, 1), 1, 3),
        (date(2026, 5, 1), 0, 0),
        (date(2026, 6, 1), 0, 0),
    ]
    fujian = indicators.monthly_trend(FUJIAN)
    assert [(m.workshops, m.participants) for m in fujian] == [
        (1, 1), (0, 0), (1, 3), (0, 0), (0, 0), (0, 0)
    ]  # fmt: skip


def test_an_empty_programme_gives_zeros():
    assert indicators.workshops_held(ALL).total == 0
    assert indicators.participants_trained(ALL).total == 0
    assert dashboard_completions.module_completions(ALL).total == 0
    assert exchange_figures.exchanges_completed(ALL).exchanges == 0
    assert [m.workshops for m in indicators.monthly_trend(ALL)] == [0] * 6


def test_period_helpers():
    period = Period(date(2025, 11, 15), date(2026, 2, 3), timezone="Asia/Shanghai")
    assert period.months() == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    first, after = period.utc_bounds()
    assert first.isoformat() == "2025-11-14T16:00:00+00:00"
    assert after.isoformat() == "2026-02-03T16:00:00+00:00"
    assert Period(date(2026, 1, 1), date(2026, 1, 1), province="35").place_country == "CN"


def test_the_whole_report_runs_a_fixed_number_of_queries(app, db):
    """Aggregated in SQL: twelve queries for the whole page, however large the programme."""
    build_programme()
    statements = []

    def seen(*_args, **_kwargs):
        statements.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        report = Report(ALL)
        with app.test_request_context():
            for build in TABLES.values():
                build(report, "en")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", seen)
    # workshops, participants, attendance, modules, exchanges, two for the monthly trend, quiz
    # pass rates, knowledge gain, two for evaluation scores, certificates
    assert len(statements) == 12
