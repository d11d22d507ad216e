"""The life of an exchange as a state machine, and the date rules of exchanges and itineraries.

Pure: no Flask. proposed -> approved -> in preparation -> under way -> completed; before it is
completed an exchange can be withdrawn (by the side that proposed it, up to preparation) or
cancelled. Completed, withdrawn and cancelled are final.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from app.core.labels import N_, LabelledEnum


class Status(LabelledEnum):
    """Where an exchange stands."""

    PROPOSED = "proposed", N_("Proposed")
    APPROVED = "approved", N_("Approved")
    IN_PREPARATION = "in_preparation", N_("In preparation")
    UNDER_WAY = "under_way", N_("Under way")
    COMPLETED = "completed", N_("Completed")
    WITHDRAWN = "withdrawn", N_("Withdrawn")
    CANCELLED = "cancelled", N_("Cancelled")


#: Every allowed move; anything else is refused.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.PROPOSED: frozenset({Status.APPROVED, Status.WITHDRAWN, Status.CANCELLED}),
    Status.APPROVED: frozenset({Status.IN_PREPARATION, Status.WITHDRAWN, Status.CANCELLED}),
    Status.IN_PREPARATION: frozenset({Status.UNDER_WAY, Status.WITHDRAWN, Status.CANCELLED}),
    Status.UNDER_WAY: frozenset({Status.COMPLETED, Status.CANCELLED}),
    Status.COMPLETED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.CANCELLED: frozenset(),
}

FINAL = frozenset(s for s, targets in TRANSITIONS.items() if not targets)


class TransitionRefused(ValueError):
    """A move the workflow does not allow."""

    def __init__(self, current: Status, wanted: Status):
        super().__init__(f"{current.value} -> {wanted.value} is not allowed")
        self.current = current
        self.wanted = wanted


def next_statuses(current: Status) -> list[Status]:
    """The statuses an exchange may move to next, in workflow order."""
    return [s for s in Status if s in TRANSITIONS[current]]


def check_transition(current: Status, wanted: Status) -> None:
    """Raise TransitionRefused unless `current -> wanted` is allowed."""
    if wanted not in TRANSITIONS[current]:
        raise TransitionRefused(current, wanted)


def needs_reason(wanted: Status) -> bool:
    """Withdrawing or cancelling must say why."""
    return wanted in {Status.WITHDRAWN, Status.CANCELLED}


class DateProblem(StrEnum):
    """What is wrong with a set of dates."""

    END_BEFORE_START = "end_before_start"
    OUTSIDE_EXCHANGE = "outside_exchange"
    ENDS_BEFORE_IT_STARTS = "ends_before_it_starts"


def check_exchange_dates(start: date, end: date) -> DateProblem | None:
    """An exchange ends on or after the day it starts."""
    return DateProblem.END_BEFORE_START if end < start else None


def check_itinerary_day(day: date, start: date, end: date) -> DateProblem | None:
    """A visit or meeting takes place within the exchange's dates (local date at its place)."""
    return DateProblem.OUTSIDE_EXCHANGE if not (start <= day <= end) else None


#: Statuses that say the exchange has begun: refused before its first day.
STARTED = frozenset({Status.UNDER_WAY, Status.COMPLETED})


def too_early(wanted: Status, start: date, today: date) -> bool:
    """An exchange cannot be under way or completed before its first day."""
    return wanted in STARTED and today < start


class DirectionProblem(StrEnum):
    """How a direction contradicts the sender's and host's countries."""

    SENDER_NOT_IN_EU = "sender_not_in_eu"
    HOST_NOT_IN_CHINA = "host_not_in_china"
    SENDER_NOT_IN_CHINA = "sender_not_in_china"
    HOST_NOT_IN_EU = "host_not_in_eu"


def check_direction(
    direction: str, sender_country: str, host_country: str, eu: frozenset[str], china: str
) -> DirectionProblem | None:
    """'EU to China' sends from an EU member state to China, 'China to EU' the other way;
    a multilateral exchange may link any countries."""
    if direction == "eu_to_china":
        if sender_country not in eu:
            return DirectionProblem.SENDER_NOT_IN_EU
        if host_country != china:
            return DirectionProblem.HOST_NOT_IN_CHINA
    if direction == "china_to_eu":
        if sender_country != china:
            return DirectionProblem.SENDER_NOT_IN_CHINA
        if host_country not in eu:
            return DirectionProblem.HOST_NOT_IN_EU
    return None
