"""Printed documents of a workshop: sign-in sheets and name badges, each in both languages.

Builds every text in each language (inside force_locale) and hands plain data to sheets.py,
which knows nothing of Flask.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.core.i18n import format_date, format_time, localized

from . import sheets
from .models import Workshop, WorkshopSession
from .participants import confirmed_participants


def _both(message) -> str:
    """A lazy UI text in English and Chinese: "Sign-in sheet / 签到表"."""
    texts = []
    for language in ("en", "zh"):
        with force_locale(language):
            texts.append(str(message))
    return texts[0] if texts[0] == texts[1] else f"{texts[0]} / {texts[1]}"


def _title(obj) -> str:
    english = str(localized(obj, "title", "en"))
    chinese = str(localized(obj, "title", "zh"))
    return english if english == chinese else f"{english} / {chinese}"


def _session_line(workshop: Workshop, session: WorkshopSession) -> str:
    zone = workshop.timezone
    when = " / ".join(
        f"{format_date(session.starts_at, zone, 'long', language)} "
        f"{format_time(session.starts_at, zone, language=language)}–"
        f"{format_time(session.ends_at, zone, language=language)}"
        for language in ("en", "zh")
    )
    room = f" · {session.room}" if session.room else ""
    return f"{_title(session)} · {when} ({zone}){room}"


def sign_in_sheet(workshop: Workshop, session: WorkshopSession) -> bytes:
    """The session's sign-in sheet: confirmed participants numbered as on the paper-entry page."""
    people = tuple(
        (person.name.display("zh"), person.organisation)
        for person in confirmed_participants(workshop)
    )
    sheet = sheets.SignInSheet(
        heading=_both(_l("Sign-in sheet")),
        workshop_title=_title(workshop),
        session_line=_session_line(workshop, session),
        columns=(
            _both(_l("No.")),
            _both(_l("Name")),
            _both(_l("Organisation")),
            _both(_l("Signature")),
        ),
        people=people,
        footer=_both(_l("Page")),
    )
    return sheets.sign_in_sheet(sheet)


def name_badges(workshop: Workshop) -> bytes:
    """Badges for the trainers and every confirmed participant, names as they gave them."""
    trainer_role = _both(_l("Trainer"))
    badges = [
        sheets.Badge(t.name.chinese, t.name.latin, t.organisation, trainer_role)
        for t in workshop.trainers
    ]
    badges += [
        sheets.Badge(p.name.chinese, p.name.latin, p.organisation)
        for p in confirmed_participants(workshop)
    ]
    return sheets.name_badges(sheets.BadgeSheet(_title(workshop), tuple(badges)))
