"""Small factories for exchange tests."""

from __future__ import annotations

from datetime import date

from app.exchanges.models import DelegationMember, Exchange, Institution
from app.extensions import db


def make_institution(
    name_en="Ministry of Human Resources and Social Security",
    name_zh="人力资源和社会保障部",
    country="CN",
    kind="ministry",
    city="北京",
) -> Institution:
    """A committed institution."""
    institution = Institution(
        name_en=name_en, name_zh=name_zh, country=country, kind=kind, city=city
    )
    db.session.add(institution)
    db.session.commit()
    return institution


def make_exchange(
    members=(),
    status="proposed",
    start=date(2027, 5, 10),
    end=date(2027, 5, 14),
    direction="china_to_eu",
    **fields,
) -> Exchange:
    """A committed exchange from a Chinese ministry to a Belgian authority, with given members."""
    sending = fields.pop("sending", None) or make_institution()
    host = fields.pop("host", None) or make_institution(
        "Federal Public Service Employment",
        "比利时联邦就业部",
        "BE",
        "labour_inspection",
        "Brussels",
    )
    fields = {
        "title_en": "Study visit on labour inspection",
        "title_zh": "劳动监察考察访问",
        **fields,
    }
    exchange = Exchange(
        direction=direction,
        sending_institution=sending,
        host_institution=host,
        start_date=start,
        end_date=end,
        status=status,
        **fields,
    )
    db.session.add(exchange)
    for user in members:
        db.session.add(DelegationMember(exchange=exchange, user_id=user.id, role="member"))
    db.session.commit()
    return exchange
