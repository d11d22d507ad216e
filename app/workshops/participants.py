"""A workshop's participants in name order: who is confirmed, sorted the way sign-in sheets and
certificates list them."""

from __future__ import annotations

import unicodedata

from app.auth.models import User

from .models import (
    RegistrationStatus,
    Workshop,
)
from .registration import (
    live_registrations,
)

#: Latin letters that Unicode does not decompose into a base letter and an accent.
_FOLD = str.maketrans(
    {"đ": "d", "ł": "l", "ø": "o", "ħ": "h", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"}
)


def name_sort_key(user: User) -> tuple:
    """Alphabetical by family name in Latin letters, accents ignored (Đurđica Horvat under H),
    then given name, then the Chinese name."""

    def fold(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    return (fold(user.family_name_latin), fold(user.given_name_latin), user.name.chinese, user.id)


def confirmed_participants(workshop: Workshop) -> list[User]:
    """The people holding a seat, in the order of the printed sign-in sheet."""
    return sorted(
        (r.user for r in live_registrations(workshop) if r.status == RegistrationStatus.CONFIRMED),
        key=name_sort_key,
    )
