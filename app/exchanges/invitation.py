"""The invitation letter's content for visa sections: every text in both languages (inside
force_locale) and the travelling members; letter.py draws it without knowing Flask."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale, gettext

from app.core import places
from app.core.i18n import format_date, localized

from .letter import InvitationLetter, LetterMember
from .models import (
    Exchange,
    MemberRole,
)


def invitation_letter(exchange: Exchange, today: date) -> tuple[InvitationLetter, bool]:
    """The invitation letter's content in both languages, and whether it is complete.

    A letter is a draft (marked so) while any travelling member lacks a passport number or date
    of birth.
    """
    zh, en = _texts(exchange, "zh", today), _texts(exchange, "en", today)

    def both(key: str) -> str:
        return f"{zh[key]} / {en[key]}"

    members, complete = _members(exchange)
    letter = InvitationLetter(
        host_names=tuple(dict.fromkeys(n for n in (zh["host"], en["host"]) if n)),
        title=both("title"),
        date_line=both("date"),
        addressee=both("to"),
        paragraphs=(zh["body"], en["body"]),
        columns=tuple(zip(zh["columns"], en["columns"], strict=True)),
        members=members,
        closing=(*(t for t in (zh["funding"], en["funding"]) if t), "", both("sign")),
        draft_mark="" if complete else both("draft"),
    )
    return letter, complete


def _texts(exchange: Exchange, language: str, today: date) -> dict:
    """The letter's texts in one language."""
    with force_locale(language):
        host = localized(exchange.host_institution, "name", language).text
        sender = localized(exchange.sending_institution, "name", language).text
        purpose = (
            localized(exchange, "purpose", language).text
            or localized(exchange, "title", language).text
        )
        return {
            "host": host,
            "body": gettext(
                "%(host)s invites the delegation of %(sender)s listed below to visit %(country)s "
                "from %(start)s to %(end)s. Purpose of the visit: %(purpose)s",
                host=host,
                sender=sender,
                country=places.country_name(exchange.host_institution.country, language),
                start=format_date(exchange.start_date, language=language),
                end=format_date(exchange.end_date, language=language),
                purpose=purpose,
            )
            + (
                " " + gettext("Cities to be visited: %(cities)s.", cities=exchange.cities)
                if exchange.cities
                else ""
            ),
            "title": gettext("Letter of invitation"),
            "date": gettext("Date: %(date)s", date=format_date(today, language=language)),
            "to": gettext("To the visa section of the embassy or consulate concerned"),
            "funding": gettext(
                "The costs of the visit are covered by: %(funding)s",
                funding=exchange.funding_source,
            )
            if exchange.funding_source
            else "",
            "sign": gettext("For %(host)s", host=host),
            "draft": gettext("DRAFT"),
            "columns": (
                gettext("No."),
                gettext("Name"),
                gettext("Position"),
                gettext("Role in the delegation"),
                gettext("Date of birth"),
                gettext("Passport number"),
            ),
        }


def _members(exchange: Exchange) -> tuple[tuple[LetterMember, ...], bool]:
    """The travelling members' lines, and whether every one has a passport number and date of
    birth (a letter without members is incomplete too)."""
    members = []
    complete = True
    for member in exchange.members:
        complete &= bool(member.passport_number and member.date_of_birth)
        position = " · ".join(p for p in (member.position_shown, member.organisation_shown) if p)
        with force_locale("en"):
            role = MemberRole.label_of(member.role)
        with force_locale("zh"):
            role = f"{MemberRole.label_of(member.role)} / {role}"
        members.append(
            LetterMember(
                name=member.name.display("en"),
                position=position,
                role=role,
                date_of_birth=member.date_of_birth.isoformat() if member.date_of_birth else "—",
                passport_number=member.passport_number or "—",
            )
        )
    return tuple(members), complete and bool(members)
