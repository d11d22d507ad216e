"""The bilingual invitation letter: names in both scripts with their glyphs, draft marking."""

from __future__ import annotations

import io
from datetime import date

import pikepdf
import pytest

from app.core.access import Role
from app.exchanges.models import DelegationMember
from app.extensions import db as _db
from tests.exchanges.factories import make_exchange
from tests.pdf_check import fonts_not_embedded, printed_runs, uncovered_characters


@pytest.fixture
def exchange(db):
    exchange = make_exchange(
        purpose_en="Compare agency licensing.",
        purpose_zh="比较中介机构许可制度。",
        cities="Brussels, Antwerp",
        funding_source="EU programme",
    )
    _db.session.add_all(
        [
            DelegationMember(
                exchange=exchange,
                family_name_zh="张",
                given_name_zh="伟",
                family_name_latin="Zhang",
                given_name_latin="Wei",
                organisation="人社部",
                position="处长",
                role="head",
                passport_number="E12345678",
                date_of_birth=date(1975, 3, 2),
            ),
            DelegationMember(
                exchange=exchange,
                family_name_latin="Đurđević",
                given_name_latin="Đurđica",
                organisation="Ministry",
                role="interpreter",
            ),
        ]
    )
    _db.session.commit()
    return exchange


def _text(data: bytes) -> str:
    return "".join(text for _font, text in printed_runs(data))


def test_letter_carries_names_in_both_scripts_with_their_glyphs(client_as, exchange):
    coordinator = client_as(Role.COORDINATOR)
    response = coordinator.get(f"/exchanges/{exchange.id}/invitation-letter.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    data = response.data
    text = _text(data)
    for expected in (
        "张伟",
        "Zhang Wei",
        "Đurđica Đurđević",
        "邀请函",
        "Letter of invitation",
        "E12345678",
        "1975-03-02",
        "比较中介机构许可制度",
        "Compare agency licensing",
        "Brussels, Antwerp",
        "2027年5月10日",
        "10 May 2027",
    ):
        assert expected.replace(" ", "") in text.replace(" ", ""), expected
    assert fonts_not_embedded(data) == []
    assert uncovered_characters(data) == []
    with pikepdf.open(io.BytesIO(data)) as document:
        assert len(document.pages) >= 1


def test_letter_is_a_draft_while_passport_data_is_missing(client_as, exchange):
    coordinator = client_as(Role.COORDINATOR)
    response = coordinator.get(f"/exchanges/{exchange.id}/invitation-letter.pdf")
    assert "草稿" in _text(response.data) and "DRAFT" in _text(response.data)
    assert "draft" in response.headers["Content-Disposition"]
    member = exchange.members[1]
    member.passport_number, member.date_of_birth = "P7654321", date(1980, 1, 1)
    _db.session.commit()
    complete = coordinator.get(f"/exchanges/{exchange.id}/invitation-letter.pdf")
    assert (
        "DRAFT" not in _text(complete.data)
        and "draft" not in complete.headers["Content-Disposition"]
    )


def test_only_staff_get_the_letter(client_as, exchange):
    member = client_as(Role.TRAINEE)
    assert member.get(f"/exchanges/{exchange.id}/invitation-letter.pdf").status_code == 403


def test_letter_is_dated_in_the_programme_time_zone(client_as, exchange, app):
    """Kiritimati (UTC+14) and Pago Pago (UTC-11) never share a date: each letter shows its own."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from app.core.i18n import format_date

    coordinator = client_as(Role.COORDINATOR)
    seen = []
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        app.config["PROGRAMME_TIMEZONE"] = zone
        text = _text(coordinator.get(f"/exchanges/{exchange.id}/invitation-letter.pdf").data)
        with app.test_request_context():
            today = format_date(datetime.now(ZoneInfo(zone)).date(), language="en")
        assert today.replace(" ", "") in text.replace(" ", ""), zone
        seen.append(today)
    assert seen[0] != seen[1]


def test_programme_today_is_the_date_in_beijing(app):
    from datetime import UTC, datetime

    from app.core.i18n import programme_today

    with app.app_context():
        late_evening_utc = datetime(2026, 12, 3, 20, 0, tzinfo=UTC)
        assert programme_today(late_evening_utc) == date(2026, 12, 4)
