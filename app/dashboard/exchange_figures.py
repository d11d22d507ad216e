"""The exchanges indicator: completed exchanges in a period, by direction, and the people they took.

An exchange counts when completed with its last day in the period; with a country chosen, when its
sending or host institution is in that country (a province means China: exchanges are not recorded
by province). People exchanged are delegation members, accompanying persons left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.exchanges.models import DelegationMember, Exchange, Institution
from app.exchanges.workflow import Status as ExchangeStatus
from app.extensions import db

from .indicators import Period


@dataclass(frozen=True)
class DirectionCount:
    """Completed exchanges in one direction and the people they took."""

    direction: str
    exchanges: int
    people: int


@dataclass(frozen=True)
class ExchangesCompleted:
    """Exchanges completed in the period, by direction."""

    exchanges: int
    people: int
    by_direction: tuple[DirectionCount, ...]


def exchanges_completed(period: Period) -> ExchangesCompleted:
    """Completed exchanges whose last day is in the period, and their members (one query)."""
    member = sa.and_(
        DelegationMember.exchange_id == Exchange.id, DelegationMember.accompanying.is_(False)
    )
    query = (
        sa.select(
            Exchange.direction,
            sa.func.count(sa.distinct(Exchange.id)),
            sa.func.count(DelegationMember.id),
        )
        .outerjoin(DelegationMember, member)
        .where(
            Exchange.status == ExchangeStatus.COMPLETED.value,
            Exchange.end_date >= period.start,
            Exchange.end_date <= period.end,
        )
        .group_by(Exchange.direction)
    )
    country = period.place_country
    if country:
        in_country = sa.select(Institution.id).where(Institution.country == country)
        query = query.where(
            sa.or_(
                Exchange.sending_institution_id.in_(in_country),
                Exchange.host_institution_id.in_(in_country),
            )
        )
    rows = sorted(
        (DirectionCount(d, int(e), int(p)) for d, e, p in db.session.execute(query)),
        key=lambda r: r.direction,
    )
    return ExchangesCompleted(
        sum(r.exchanges for r in rows), sum(r.people for r in rows), tuple(rows)
    )
