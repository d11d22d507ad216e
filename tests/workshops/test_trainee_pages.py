"""What trainees see: the list with filters and pages, the calendar, the detail page's times."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.access import Role
from app.core.db import utcnow
from tests.conftest import count_queries
from tests.i18n_check import chinese_in, english_ui_strings_in, visible_text
from tests.workshops.factories import at, make_brussels_workshop, make_workshop


def test_list_shows_upcoming_and_past(client_as):
    make_workshop(title_en="Coming soon")
    make_workshop(title_en="Long ago", days_ahead=-30)
    trainee = client_as(Role.TRAINEE)
    upcoming = trainee.get("/workshops/").get_data(as_text=True)
    assert "Coming soon" in upcoming and "Long ago" not in upcoming
    past = trainee.get("/workshops/?when=past").get_data(as_text=True)
    assert "Long ago" in past and "Coming soon" not in past


def test_filters_by_place_kind_month_and_open(client_as):
    make_workshop(title_en="Fujian one", province="35")
    make_workshop(title_en="Shandong one", province="37", kind="employers_dialogue")
    make_workshop(
        title_en="Warsaw one", country="PL", province="", city="Warsaw", timezone="Europe/Warsaw"
    )
    make_workshop(title_en="Closed one", registration_closes_at=utcnow() - timedelta(hours=1))
    far = make_workshop(title_en="Far one", days_ahead=70)
    trainee = client_as(Role.TRAINEE)

    def titles(query):
        page = trainee.get("/workshops/?" + query).get_data(as_text=True)
        return {t for t in ("Fujian", "Shandong", "Warsaw", "Closed", "Far") if f"{t} one" in page}

    assert titles("place=CN-37") == {"Shandong"}
    assert titles("place=PL") == {"Warsaw"}
    assert titles("kind=employers_dialogue") == {"Shandong"}
    assert titles(f"month={far.starts_at:%Y-%m}") == {"Far"}  # 60 days after the others
    assert "Closed" not in titles("open_only=y")
    assert "Fujian" in titles("open_only=y")


def test_bad_month_gets_a_message_not_an_error(client_as):
    trainee = client_as(Role.TRAINEE)
    response = trainee.get("/workshops/?month=December")
    assert response.status_code == 400
    assert "Give the month as YYYY-MM" in response.get_data(as_text=True)


def test_list_is_paginated_on_the_server(client_as):
    for number in range(23):
        make_workshop(title_en=f"Workshop number {number:02d}", sessions=0, days_ahead=5 + number)
    trainee = client_as(Role.TRAINEE)
    first = trainee.get("/workshops/").get_data(as_text=True)
    assert "Workshop number 00" in first and "Workshop number 20" not in first
    assert "Page 1 of 2" in first
    second = trainee.get("/workshops/?page=2").get_data(as_text=True)
    assert "Workshop number 20" in second and "Workshop number 00" not in second


def test_list_runs_a_bounded_number_of_queries(client_as):
    trainee = client_as(Role.TRAINEE)
    make_workshop(sessions=2)
    trainee.post("/workshops/1/register")
    with count_queries() as few:
        assert trainee.get("/workshops/").status_code == 200
    for number in range(15):
        workshop = make_workshop(sessions=3, title_en=f"More {number}")
        trainee.post(f"/workshops/{workshop.id}/register")
    with count_queries() as many:
        assert trainee.get("/workshops/").status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 8


def test_calendar_shows_workshops_on_their_local_days(client_as):
    # 23:30 UTC on 30 November is already 1 December in Beijing.
    make_workshop(
        title_en="Night start", starts_at=at(2026, 11, 30, 16), ends_at=at(2026, 12, 1, 9)
    )
    trainee = client_as(Role.TRAINEE)
    page = trainee.get("/workshops/calendar?month=2026-12").get_data(as_text=True)
    assert "December 2026" in page and page.count("Night start") == 1
    zh = client_as(Role.TRAINEE, preferred_language="zh")
    page = zh.get("/workshops/calendar?month=2026-12").get_data(as_text=True)
    assert "2026年12月" in page
    assert trainee.get("/workshops/calendar?month=2026-13").status_code == 400
    november = trainee.get("/workshops/calendar?month=2026-11").get_data(as_text=True)
    assert "Night start" not in november


def test_detail_shows_the_viewers_time_too(client_as):
    workshop = make_brussels_workshop(at(2027, 1, 18, 8), at(2027, 1, 19, 16))
    beijing = client_as(Role.TRAINEE, timezone="Asia/Shanghai")
    page = beijing.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "09:00–10:30" in page  # Brussels, winter
    assert "16:00–17:30" in page  # Beijing
    assert "Daylight saving time" not in page  # the usual seven hours
    brussels = client_as(Role.TRAINEE, timezone="Europe/Brussels")
    page = brussels.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Your time" not in page


def test_detail_notes_the_summer_offset(client_as):
    workshop = make_brussels_workshop(at(2027, 6, 14, 7), at(2027, 6, 15, 15))
    viewer = client_as(Role.TRAINEE, timezone="Asia/Shanghai", preferred_language="zh")
    page = viewer.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "09:00–10:30" in page and "15:00–16:30" in page  # six hours in summer
    assert "快 6 小时" in page and "相差 7 小时" in page


@pytest.mark.parametrize("language", ["zh", "en"])
def test_trainee_pages_are_in_one_language(client_as, language):
    workshop = make_workshop()
    trainee = client_as(
        Role.TRAINEE,
        preferred_language=language,
        timezone="Europe/Brussels",
        family_name_zh="",
        given_name_zh="",
        organisation="Office",
    )
    trainee.post(f"/workshops/{workshop.id}/register")
    content = {"职业中介机构监管", "为期两天的许可与检查培训。", "第1单元", "第2单元"}
    for path in [
        "/workshops/",
        "/workshops/calendar",
        f"/workshops/{workshop.id}",
        "/workshops/calendar-feed",
        "/workshops/check-in",
        "/my",
    ]:
        parts = visible_text(trainee.get(path).get_data(as_text=True))
        if language == "zh":
            allowed = {"Fuzhou", "Fujian Hotel", "1 Wusi Road", "ILO, MOHRSS", "Maria Rossi"}
            allowed |= {"Room A", "Wei Zhang", "Office"}
            assert english_ui_strings_in(parts, allowed=allowed) == [], path
        else:
            assert chinese_in(parts, allowed=content) == [], path
