"""What makes a new password acceptable: long enough, not common, not the person's own name or address.

Pure: no Flask. Common passwords are zxcvbn's shipped frequency lists (30,000 leaked passwords and
common words and names), matched with its patterns (repeats, sequences, keyboard walks, dates).
"""

from __future__ import annotations

from enum import StrEnum

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 200
#: zxcvbn's score from 0 (too guessable) to 4; 3 means "safely unguessable: moderate protection
#: from offline slow-hash scenarios" in its authors' words.
MIN_SCORE = 3
#: zxcvbn's matching grows with length; a longer password is long enough to judge by its start.
_JUDGED_LENGTH = 64


class PasswordProblem(StrEnum):
    """Why a password was refused."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    PERSONAL = "personal"
    COMMON = "common"


def _personal_words(personal: list[str]) -> list[str]:
    """The parts of a person's address and names that a password must not contain."""
    words: list[str] = []
    for value in personal:
        value = (value or "").strip().lower()
        if not value:
            continue
        words.append(value)
        if "@" in value:
            words.append(value.split("@", 1)[0])
    return [word for word in words if len(word) >= 3]


def password_problem(password: str, personal: list[str] | None = None) -> PasswordProblem | None:
    """The reason a new password is refused, or None when it is acceptable.

    `personal`: the person's e-mail address and names; a password containing any of them is refused.
    """
    if len(password) < MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    words = _personal_words(personal or [])
    lowered = password.lower()
    if any(word in lowered for word in words):
        return PasswordProblem.PERSONAL
    if zxcvbn(password[:_JUDGED_LENGTH], user_inputs=words)["score"] < MIN_SCORE:
        return PasswordProblem.COMMON
    return None
