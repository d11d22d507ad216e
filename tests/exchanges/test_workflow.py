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
