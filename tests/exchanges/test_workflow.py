"""The exchange workflow and date rules (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from app.exchanges.workflow import (
    FINAL,
    TRANSITIONS,
    DateProblem,
    Status,
    TransitionRefused,
    check_exchange_dates,
    check_itinerary_day,
    check_transition,
    needs_reason,
    next_statuses,
)

ALLOWED = {
    (Status.PROPOSED, Status.APPROVED), (Status.PROPOSED, Status.WITHDRAWN), (Status.PROPOSED, Status.CANCELLED),
    (Status.APPROVED, Status.IN_PREPARATION), (Status.APPROVED, Status.WITHDRAWN), (Status.APPROVED, Status.CANCELLED),
    (Status.IN_PREPARATION, Status.UNDER_WAY), (Status.IN_PREPARATION, Status.WITHDRAWN),
    (Status.IN_PREPARATION, Status.CANCELLED),
    (Status.UNDER_WAY, Status.COMPLETED), (Status.UNDER_WAY, Status.CANCELLED),
}  # fmt: skip


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("wanted", list(Status))
def test_every_transition_is_allowed_or_refused_as_designed(current, wanted):
    if (current, wanted) in ALLOWED:
        check_transition(current, wanted)
        assert wanted in next_statuses(current)
    else:
        with pytest.raises(TransitionRefused):
            check_transition(current, wanted)
        assert wanted not in next_statuses(current)


def test_final_states_lead_nowhere():
    assert {Status.COMPLETED, Status.WITHDRAWN, Status.CANCELLED} == FINAL
    assert all(not TRANSITIONS[s] for s in FINAL)


def test_next_statuses_in_workflow_order():
    assert next_statuses(Status.PROPOSED) == [Status.APPROVED, Status.WITHDRAWN, Status.CANCELLED]


def test_withdrawing_and_cancelling_need_a_reason():
    assert needs_reason(Status.WITHDRAWN) and needs_reason(Status.CANCELLED)
    assert not needs_reason(Status.APPROVED) and not needs_reason(Status.COMPLETED)


def test_exchange_dates():
    assert check_exchange_dates(date(2027, 5, 10), date(2027, 5, 10)) is None
    assert check_exchange_dates(date(2027, 5, 10), date(2027, 5, 9)) is DateProblem.END_BEFORE_START


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (date(2027, 5, 9), False),
        (date(2027, 5, 10), True),
        (date(2027, 5, 14), True),
        (date(2027, 5, 15), False),
    ],
)
def test_itinerary_days_lie_within_the_exchange(day, ok):
    problem = check_itinerary_day(day, date(2027, 5, 10), date(2027, 5, 14))
    assert (problem is None) == ok


def test_an_exchange_is_not_under_way_or_completed_before_its_first_day():
    from app.exchanges.workflow import too_early

    start = date(2027, 5, 10)
    assert too_early(Status.UNDER_WAY, start, date(2027, 5, 9))
    assert too_early(Status.COMPLETED, start, date(2027, 5, 9))
    assert not too_early(Status.UNDER_WAY, start, date(2027, 5, 10))
    assert not too_early(Status.APPROVED, start, date(2027, 5, 9))
    assert not too_early(Status.CANCELLED, start, date(2027, 5, 9))


@pytest.mark.parametrize(
    ("direction", "sender", "host", "problem"),
    [
        ("eu_to_china", "BE", "CN", None),
        ("eu_to_china", "CN", "BE", "sender_not_in_eu"),
        ("eu_to_china", "PL", "IT", "host_not_in_china"),
        ("china_to_eu", "CN", "PL", None),
        ("china_to_eu", "BE", "PL", "sender_not_in_china"),
        ("china_to_eu", "CN", "US", "host_not_in_eu"),
        ("multilateral", "CN", "CN", None),
        ("multilateral", "US", "BE", None),
    ],
)
def test_direction_agrees_with_the_countries(direction, sender, host, problem):
    from app.core.places import CHINA, EU_MEMBER_STATES
    from app.exchanges.workflow import check_direction

    found = check_direction(direction, sender, host, frozenset(EU_MEMBER_STATES), CHINA)
    assert (found.value if found else None) == problem
