"""Rules for exchanges: who sees what, recording, the workflow, delegations, itineraries, documents."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.auth.models import NAME_FIELDS, User
from app.core import places
from app.core.access import Role
from app.core.audit import record
from app.core.errors import DomainError
from app.core.i18n import format_date, programme_today
from app.core.localtime import LocalTimeProblem, to_utc
from app.core.personal_data import eraser, exporter
from app.core.storage import ValidatedUpload, store_upload
from app.extensions import db
from app.learning.models import Module
from app.workshops.models import Workshop

from . import workflow
from .models import (
    DelegationMember,
    DocumentVersion,
    Exchange,
    ExchangeDocument,
    Institution,
    ItineraryItem,
    StatusChange,
)
from .workflow import Status

EXCHANGE_FIELDS = (
    "title_en", "title_zh", "direction", "purpose_en", "purpose_zh", "topics_en", "topics_zh",
    "sending_institution_id", "host_institution_id", "cities", "start_date", "end_date",
    "funding_source",
)  # fmt: skip
MEMBER_FIELDS = (
    "user_id", "family_name_zh", "given_name_zh", "family_name_latin", "given_name_latin",
    "organisation", "position", "role", "accompanying", "passport_number", "date_of_birth",
)  # fmt: skip
OUTCOME_FIELDS = ("findings_en", "findings_zh", "follow_up_en", "follow_up_zh")


class ExchangeError(DomainError):
    """An exchange rule refused the change."""


def is_staff(user: Any) -> bool:
    """Coordinators and admins see and manage every exchange and its members' personal data."""
    return bool(user and user.is_authenticated and user.has_role(Role.COORDINATOR, Role.ADMIN))


def can_view(user: Any, exchange: Exchange) -> bool:
    """Staff see every exchange; other people only those they are delegation members of."""
    if is_staff(user):
        return True
    return any(member.user_id == user.id for member in exchange.members)


def visible_exchanges(user: Any) -> sa.Select:
    """The exchanges a user may see, as a query to filter further."""
    query = sa.select(Exchange)
    if not is_staff(user):
        mine = sa.select(DelegationMember.exchange_id).where(DelegationMember.user_id == user.id)
        query = query.where(Exchange.id.in_(mine))
    return query


def filtered(
    query: sa.Select,
    *,
    year: int | None = None,
    direction: str = "",
    status: str = "",
    country: str = "",
    institution_id: int | None = None,
) -> sa.Select:
    """Apply the list filters; the country and institution match either side of the exchange."""
    if year:
        query = query.where(
            Exchange.start_date >= date(year, 1, 1), Exchange.start_date <= date(year, 12, 31)
        )
    if direction:
        query = query.where(Exchange.direction == direction)
    if status:
        query = query.where(Exchange.status == status)
    if country:
        in_country = sa.select(Institution.id).where(Institution.country == country)
        query = query.where(
            sa.or_(
                Exchange.sending_institution_id.in_(in_country),
                Exchange.host_institution_id.in_(in_country),
            )
        )
    if institution_id:
        query = query.where(
            sa.or_(
                Exchange.sending_institution_id == institution_id,
                Exchange.host_institution_id == institution_id,
            )
        )
    return query.options(
        selectinload(Exchange.sending_institution), selectinload(Exchange.host_institution)
    ).order_by(Exchange.start_date.desc(), Exchange.id.desc())


def _check_dates(start: date, end: date) -> None:
    if workflow.check_exchange_dates(start, end):
        raise ExchangeError(_l("The exchange cannot end before it starts."))


DIRECTION_MESSAGES = {
    workflow.DirectionProblem.SENDER_NOT_IN_EU: _l(
        "An exchange from the EU to China is sent by an institution in an EU member state."
    ),
    workflow.DirectionProblem.HOST_NOT_IN_CHINA: _l(
        "An exchange from the EU to China is hosted by an institution in China."
    ),
    workflow.DirectionProblem.SENDER_NOT_IN_CHINA: _l(
        "An exchange from China to the EU is sent by an institution in China."
    ),
    workflow.DirectionProblem.HOST_NOT_IN_EU: _l(
        "An exchange from China to the EU is hosted by an institution in an EU member state."
    ),
}


def _check_direction(values: dict[str, Any]) -> None:
    sender = db.session.get(Institution, values["sending_institution_id"])
    host = db.session.get(Institution, values["host_institution_id"])
    if sender is None or host is None:
        raise ExchangeError(_l("Choose the sending and the host institution from the list."))
    problem = workflow.check_direction(
        values["direction"],
        sender.country,
        host.country,
        frozenset(places.EU_MEMBER_STATES),
        places.CHINA,
    )
    if problem:
        raise ExchangeError(DIRECTION_MESSAGES[problem])


def _check_itinerary_fits(exchange: Exchange, start: date, end: date) -> None:
    for item in exchange.itinerary:
        local_day = item.starts_at.astimezone(ZoneInfo(item.timezone)).date()
        if workflow.check_itinerary_day(local_day, start, end):
            raise ExchangeError(
                _l("Some visits in the itinerary fall outside these dates. Move them first.")
            )


def create_exchange(actor: User, values: dict[str, Any]) -> Exchange:
    """Record a proposed exchange."""
    _check_dates(values["start_date"], values["end_date"])
    _check_direction(values)
    exchange = Exchange(created_by_id=actor.id, status=Status.PROPOSED.value)
    for name in EXCHANGE_FIELDS:
        setattr(exchange, name, values[name])
    db.session.add(exchange)
    db.session.flush()
    record(actor, "exchange.created", exchange, after={"status": exchange.status})
    return exchange


def update_exchange(actor: User, exchange: Exchange, values: dict[str, Any]) -> None:
    """Change an exchange's recorded facts (not its status)."""
    _check_dates(values["start_date"], values["end_date"])
    _check_direction(values)
    if workflow.too_early(exchange.status_enum, values["start_date"], programme_today()):
        raise ExchangeError(
            _l("This exchange is under way or completed: its first day cannot be in the future.")
        )
    _check_itinerary_fits(exchange, values["start_date"], values["end_date"])
    for name in EXCHANGE_FIELDS:
        setattr(exchange, name, values[name])


def change_status(
    actor: User, exchange: Exchange, wanted: Status, reason: str, today: date | None = None
) -> StatusChange:
    """Move an exchange through the workflow, recording who, when and why. `today` is the
    programme's date (PROGRAMME_TIMEZONE) unless given."""
    current = exchange.status_enum
    try:
        workflow.check_transition(current, wanted)
    except workflow.TransitionRefused:
        raise ExchangeError(_l("This change of status is not allowed.")) from None
    if workflow.too_early(wanted, exchange.start_date, today or programme_today()):
        raise ExchangeError(
            _l(
                "The exchange starts on %(date)s: it cannot be under way or completed before then.",
                date=format_date(exchange.start_date),
            )
        )
    if workflow.needs_reason(wanted) and not reason.strip():
        raise ExchangeError(_l("Say why the exchange is withdrawn or cancelled."))
    exchange.status = wanted.value
    change = StatusChange(
        exchange=exchange,
        from_status=current.value,
        to_status=wanted.value,
        changed_by_id=actor.id,
        reason=reason.strip(),
    )
    db.session.add(change)
    record(
        actor,
        "exchange.status_changed",
        exchange,
        before={"status": current.value},
        after={"status": wanted.value},
        note=reason.strip(),
    )
    return change


def save_outcomes(actor: User, exchange: Exchange, values: dict[str, Any]) -> None:
    """Record findings, follow-up actions and the workshops and modules that came out of the
    exchange; only once it is completed."""
    if exchange.status_enum is not Status.COMPLETED:
        raise ExchangeError(_l("Outcomes can be recorded once the exchange is completed."))
    for name in OUTCOME_FIELDS:
        setattr(exchange, name, values[name])
    ids = values.get("workshop_ids") or []
    exchange.outcome_workshops = (
        list(db.session.scalars(sa.select(Workshop).where(Workshop.id.in_(ids)))) if ids else []
    )
    ids = values.get("module_ids") or []
    exchange.outcome_modules = (
        list(db.session.scalars(sa.select(Module).where(Module.id.in_(ids)))) if ids else []
    )


def save_member(
    actor: User, exchange: Exchange, values: dict[str, Any], member: DelegationMember | None = None
) -> DelegationMember:
    """Add or change a delegation member; a platform user can be in a delegation only once."""
    if member is None:
        member = DelegationMember(exchange=exchange)
        db.session.add(member)
    if values.get("user_id"):
        duplicate = db.session.scalar(
            sa.select(DelegationMember.id).where(
                DelegationMember.exchange_id == exchange.id,
                DelegationMember.user_id == values["user_id"],
                DelegationMember.id != (member.id or 0),
            )
        )
        if duplicate:
            raise ExchangeError(_l("This person is already in the delegation."))
    elif not any(
        values.get(n) for n in ("family_name_zh", "family_name_latin", "given_name_latin")
    ):
        raise ExchangeError(_l("Choose a platform user or enter the person's name."))
    for name in MEMBER_FIELDS:
        setattr(member, name, values.get(name))
    if member.user_id:  # the account holds the name and organisation
        for name in (*NAME_FIELDS, "organisation", "position"):
            setattr(member, name, "")
    db.session.flush()
    return member


def remove_member(actor: User, member: DelegationMember) -> None:
    """Remove a member and, with them, their personal data (passport, date of birth)."""
    record(
        actor,
        "exchange.member_removed",
        member.exchange,
        before={
            "member_id": member.id,
            "had_passport_data": bool(member.passport_number or member.date_of_birth),
        },
    )
    db.session.delete(member)


def save_itinerary_item(
    exchange: Exchange, values: dict[str, Any], item: ItineraryItem | None = None
) -> ItineraryItem:
    """Add or change a visit; times are local to its place and the day lies within the exchange."""
    if workflow.check_itinerary_day(values["day"], exchange.start_date, exchange.end_date):
        raise ExchangeError(
            _l("The visit must take place between the exchange's first and last day.")
        )
    try:
        starts_at = to_utc(values["day"], values["start_time"], values["timezone"])
        ends_at = to_utc(values["day"], values["end_time"], values["timezone"])
    except LocalTimeProblem as problem:
        if problem.kind == "nonexistent":
            raise ExchangeError(
                _l(
                    "That time does not exist in this time zone: the clocks move forward that night."
                )
            ) from None
        raise ExchangeError(
            _l(
                "That time happens twice in this time zone: the clocks move back that night. Choose another time."
            )
        ) from None
    if ends_at <= starts_at:
        raise ExchangeError(_l("The visit must end after it starts."))
    if item is None:
        item = ItineraryItem(exchange=exchange)
        db.session.add(item)
    item.starts_at, item.ends_at, item.timezone = starts_at, ends_at, values["timezone"]
    item.host_institution_id = values.get("host_institution_id") or None
    item.place, item.topic_en, item.topic_zh = (
        values["place"],
        values["topic_en"],
        values["topic_zh"],
    )
    db.session.flush()
    return item


def add_document_version(
    actor: User,
    exchange: Exchange,
    kind: str,
    title: str,
    upload: ValidatedUpload,
    document: ExchangeDocument | None = None,
) -> DocumentVersion:
    """Store an uploaded document; uploading to an existing document adds a new version."""
    if document is None:
        document = ExchangeDocument(exchange=exchange, kind=kind, title=title)
        db.session.add(document)
        db.session.flush()
    number = (
        db.session.scalar(
            sa.select(sa.func.max(DocumentVersion.number)).where(
                DocumentVersion.document_id == document.id
            )
        )
        or 0
    ) + 1
    stored = store_upload(upload, uploaded_by=actor)
    version = DocumentVersion(
        document=document, number=number, stored_file_id=stored.id, uploaded_by_id=actor.id
    )
    db.session.add(version)
    db.session.flush()
    record(
        actor,
        "exchange.document_uploaded",
        exchange,
        after={"document": document.id, "version": number},
    )
    return version


def exchanges_of(user: User) -> list[tuple[Exchange, DelegationMember]]:
    """For "My page": the exchanges a user took or takes part in, newest first."""
    rows = db.session.execute(
        sa.select(Exchange, DelegationMember)
        .join(DelegationMember, DelegationMember.exchange_id == Exchange.id)
        .where(DelegationMember.user_id == user.id)
        .options(
            selectinload(Exchange.host_institution), selectinload(Exchange.sending_institution)
        )
        .order_by(Exchange.start_date.desc())
    ).all()
    return [(row[0], row[1]) for row in rows]


@exporter("exchanges", _l("Exchanges"), {
    "exchange": _l("Exchange"), "role": _l("Role in the delegation"), "first_day": _l("First day"),
    "last_day": _l("Last day"), "passport_number": _l("Passport number"), "date_of_birth": _l("Date of birth"),
}, covers=("delegation_members.user_id",))  # fmt: skip
def _export_memberships(user: User) -> list:
    return [
        {
            "exchange": exchange.title_en or exchange.title_zh,
            "role": member.role,
            "first_day": exchange.start_date.isoformat(),
            "last_day": exchange.end_date.isoformat(),
            "passport_number": member.passport_number,
            "date_of_birth": member.date_of_birth.isoformat() if member.date_of_birth else None,
        }
        for exchange, member in exchanges_of(user)
    ]


@eraser("exchanges", covers=(
    "delegation_members.user_id", "delegation_members.passport_number",
    "delegation_members.date_of_birth", "delegation_members.family_name_zh",
    "delegation_members.given_name_zh", "delegation_members.family_name_latin",
    "delegation_members.given_name_latin",
))  # fmt: skip
def _erase_memberships(user: User) -> None:
    """Delegation lists keep the (now anonymised) person; passport data and names go."""
    db.session.execute(
        sa.update(DelegationMember)
        .where(DelegationMember.user_id == user.id)
        .values(
            passport_number=None,
            date_of_birth=None,
            family_name_zh="",
            given_name_zh="",
            family_name_latin="",
            given_name_latin="",
            organisation="",
            position="",
        )
    )
