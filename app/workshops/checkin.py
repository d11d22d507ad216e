"""Self check-in codes: a short code per session that changes every few minutes, shown on the
room screen (and as a QR code); a participant who enters it is marked present or late.

Pure: no Flask. Codes are an HMAC of the session and the time step under the app's secret, so
they cannot be worked out from the outside; 31^6 (about 887 million) possible codes per step and
a rate limit on attempts make guessing one within its few minutes hopeless.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .attendance import Mark

#: No 0/O, 1/I/L: codes are read off a screen across a room.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 6
#: How long one code is shown; the previous code is still accepted, for someone mid-typing.
STEP = timedelta(minutes=2)
#: Check-in opens this long before a session starts and closes when it ends.
OPENS_BEFORE = timedelta(minutes=30)
#: Arriving up to this long after the start counts as present; later is late.
GRACE = timedelta(minutes=10)
#: How far back an old code is still recognised (to say "expired" rather than "wrong").
REMEMBERED = timedelta(hours=3)


def _step(moment: datetime) -> int:
    return int(moment.timestamp() // STEP.total_seconds())


def code_for(secret: bytes, session_id: int, step: int) -> str:
    """The code of one session for one time step."""
    digest = hmac.new(secret, f"check-in:{session_id}:{step}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[index])
    return "".join(letters)


def current_code(secret: bytes, session_id: int, now: datetime) -> str:
    """The code to show on the room screen now."""
    return code_for(secret, session_id, _step(now))


def normalise(typed: str) -> str:
    """What a participant typed, as a code: upper case, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def is_open(now: datetime, starts_at: datetime, ends_at: datetime) -> bool:
    """Whether check-in is open for a session at `now`."""
    return starts_at - OPENS_BEFORE <= now <= ends_at


def mark_for(now: datetime, starts_at: datetime) -> Mark:
    """Present until the start plus the grace period, late after."""
    return Mark.PRESENT if now <= starts_at + GRACE else Mark.LATE


class Outcome(StrEnum):
    """What a typed code turned out to be."""

    ACCEPTED = "accepted"
    EXPIRED = "expired"
    CLOSED = "closed"
    WRONG = "wrong"


@dataclass(frozen=True)
class SessionWindow:
    """A session a participant could check in to."""

    session_id: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class CheckInResult:
    """The outcome, and for an accepted code the session and the mark."""

    outcome: Outcome
    session_id: int | None = None
    mark: Mark | None = None


def check(secret: bytes, typed: str, sessions: list[SessionWindow], now: datetime) -> CheckInResult:
    """Match a typed code against the sessions a participant can check in to."""
    code = normalise(typed)
    if len(code) != LENGTH:
        return CheckInResult(Outcome.WRONG)
    now_step = _step(now)
    oldest = _step(now - REMEMBERED)
    best = CheckInResult(Outcome.WRONG)
    for session in sessions:
        for step in range(now_step, oldest - 1, -1):
            if not hmac.compare_digest(code, code_for(secret, session.session_id, step)):
                continue
            if step < now_step - 1:
                best = CheckInResult(Outcome.EXPIRED, session.session_id)
            elif not is_open(now, session.starts_at, session.ends_at):
                best = CheckInResult(Outcome.CLOSED, session.session_id)
            else:
                return CheckInResult(
                    Outcome.ACCEPTED, session.session_id, mark_for(now, session.starts_at)
                )
    return best
