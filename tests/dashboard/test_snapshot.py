"""The dashboard's snapshot gives the numbers the live queries give, on the same data: for the
hand-counted programme and for a scaled one, over periods that start and end inside months, on
month boundaries and across years, read in several time zones and places (issue 14, item 3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.core.access import Role
from app.core.db import utcnow
from app.dashboard import snapshot
from app.dashboard.indicators import Period
from app.dashboard.models import QuizMonth, QuizResult, Snapshot
from app.dashboard.report import LIVE, SNAPSHOT, Report
from app.dashboard.snapshot_reads import whole_months
from app.demo.scale import seed_scale

from .programme import PERIOD, build_programme

ZONES = ("Asia/Shanghai", "Europe/Brussels", "UTC", "America/St_Johns")  # the last: UTC-3:30
PLACES = (("", ""), ("CN", ""), ("CN", "35"), ("PL", ""))


def periods(spans: list[tuple[date, date]]) -> list[Period]:
    return [
        Period(start, end, country=country, province=province, timezone=zone)
        for start, end in spans
        for zone in ZONES
        for country, province in PLACES
    ]


def assert_both_paths_agree(period: Period) -> None:
    for name in LIVE.__dataclass_fields__:
        live = getattr(LIVE, name)(period)
        summarised = getattr(SNAPSHOT, name)(period)
        assert summarised == live, (name, period)


def test_the_snapshot_equals_the_live_figures_of_the_hand_counted_programme(db):
    build_programme()
    snapshot.refresh()
    db.session.commit()
    spans = [
        PERIOD,
        (date(2026, 1, 1), date(2026, 1, 31)),  # one whole month
        (date(2026, 3, 10), date(2026, 3, 10)),  # one day
        (date(2025, 12, 15), date(2026, 5, 15)),  # across a year, inside months at both ends
        (date(2025, 1, 1), date(2027, 12, 31)),
    ]
    for period in periods(spans):
        assert_both_paths_agree(period)


def test_the_snapshot_equals_the_live_figures_of_a_scaled_programme(db):
    seed_scale(0.002, "pass-word-2026")
    db.session.commit()
    snapshot.refresh()
    db.session.commit()
    # The roll-up is used: whole months inside the period are read from it.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuizMonth)) > 0
    today = utcnow().date()
    spans = [
        (today - timedelta(days=3 * 365), today),
        (today.replace(day=1) - timedelta(days=335), today),
        (today - timedelta(days=400), today - timedelta(days=45)),
        (today - timedelta(days=20), today),
    ]
    results = db.session.scalar(sa.select(sa.func.count()).select_from(QuizResult))
    assert results > 100
    for period in periods(spans):
        assert_both_paths_agree(period)


def test_the_page_reads_the_snapshot_once_built_and_says_as_of_when(client_as, db):
    build_programme()
    client = client_as(Role.COORDINATOR, preferred_language="en")
    query = {"start": "2025-11-15", "end": "2026-02-03"}
    page = client.get("/dashboard/", query_string=query)
    assert page.status_code == 200
    assert "has not been built yet" in page.get_data(as_text=True)

    response = client.post("/dashboard/refresh", data={})
    assert response.status_code == 303
    assert "/jobs/" in response.headers["Location"]  # the job ran here (JOBS_IMMEDIATE)
    built = db.session.get(Snapshot, 1)
    assert built is not None and built.refreshed_at is not None
    page = client.get("/dashboard/", query_string=query)
    text = page.get_data(as_text=True)
    assert "figures as of" in text and "every 10 minutes" in text
    zh = client_as(Role.COORDINATOR, preferred_language="zh").get("/dashboard/", query_string=query)
    assert "每 10 分钟更新一次" in zh.get_data(as_text=True)


def test_a_trainee_cannot_rebuild_the_figures(client_as, db):
    assert client_as(Role.TRAINEE).post("/dashboard/refresh", data={}).status_code == 403
    assert db.session.get(Snapshot, 1) is None


def test_the_scheduled_rebuild_runs_only_when_due(app, db):
    build_programme()
    assert snapshot.is_due()
    snapshot.refresh_if_due()
    first = db.session.get(Snapshot, 1).refreshed_at
    assert not snapshot.is_due()
    snapshot.refresh_if_due()
    assert db.session.get(Snapshot, 1).refreshed_at == first
    later = first + timedelta(minutes=app.config["DASHBOARD_REFRESH_MINUTES"])
    assert snapshot.is_due(later)


def test_the_cli_rebuilds_the_figures(runner, db):
    build_programme()
    result = runner.invoke(args=["dashboard", "refresh"])
    assert result.exit_code == 0, result.output
    assert "rebuilt" in result.output
    assert Report(Period(*PERIOD), snapshot.current()).source is SNAPSHOT


@pytest.mark.parametrize("moment", ["2026-03-31T23:59:59+00:00", "2026-04-01T00:00:00+00:00"])
def test_month_edges_fall_on_utc_month_starts(moment):
    at = datetime.fromisoformat(moment)
    assert whole_months(at, at + timedelta(days=40)) == (
        datetime.fromisoformat("2026-04-01T00:00:00+00:00"),
        datetime.fromisoformat("2026-05-01T00:00:00+00:00"),
    )


def test_a_long_gain_table_is_cut_on_the_page_but_not_in_the_exports(app):
    from app.dashboard.outcome_tables import GAIN_PAGE_WORKSHOPS, knowledge_gain
    from app.dashboard.outcomes import KnowledgeGain, WorkshopGain

    count = GAIN_PAGE_WORKSHOPS + 7
    workshops = tuple(
        WorkshopGain(n, f"Workshop {n}", f"研讨会 {n}", 10, 40.0, 70.0) for n in range(count)
    )

    class Gains:
        gain = KnowledgeGain(10 * count, 40.0, 70.0, workshops)

    with app.test_request_context():
        table = knowledge_gain(Gains(), "en")
        assert len(table.rows) == count + 1  # every workshop and the total, for the downloads
        shown = table.shown_rows
        assert len(shown) == GAIN_PAGE_WORKSHOPS + 1
        assert shown[0][0] == "Workshop 7" and shown[-1] == table.rows[-1]  # the latest
        assert f"latest {GAIN_PAGE_WORKSHOPS} of {count} workshops" in table.page_note
        short = knowledge_gain(
            type("Few", (), {"gain": KnowledgeGain(10, 40.0, 70.0, workshops[:3])}), "en"
        )
        assert short.shown_rows == short.rows and short.page_note == ""
