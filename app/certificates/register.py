"""The certificate register: its filters as one query (the page and its CSV), and the CSV's table.

The register grows with everyone ever certified, so its CSV is an export that runs as a background
job once it passes EXPORT_JOB_ROWS rows (app/core/exports.py; registered in jobs.py): the table is
built here from plain filter values, in the request for a small register and in the worker for a
large one, so both give the same file.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.exports import Table
from app.core.i18n import current_language
from app.extensions import db

from . import codes, services
from .forms import RegisterFilterForm
from .models import Certificate, Status

EXPORT = "certificates.register_csv"
HEADER = [
    "验证码 / Code",
    "类型 / Kind",
    "状态 / Status",
    "持有人 / Holder",
    "标题 / Title (en)",
    "标题 / Title (zh)",
    "颁发日期 / Issued",
    "颁发人 / Issued by",
    "例外理由 / Override reason",
    "取代 / Supersedes",
    "撤销日期 / Revoked",
    "撤销理由 / Revocation reason",
]


def filters(form: RegisterFilterForm) -> dict:
    """The valid filter values of the register's form (an invalid one is shown, not applied)."""
    form.validate()
    text = (form.q.data or "").strip() if not form.q.errors else ""
    return {
        "kind": form.kind.data if form.kind.data and not form.kind.errors else "",
        "status": form.status.data if form.status.data and not form.status.errors else "",
        "q": text,
    }


def query(values: dict) -> sa.Select:
    """Certificates matching the filter values, newest first."""
    statement = (
        sa.select(Certificate)
        .options(selectinload(Certificate.holder))
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    if values.get("kind"):
        statement = statement.where(Certificate.kind == values["kind"])
    if values.get("status"):
        statement = statement.where(Certificate.status == values["status"])
    text = values.get("q") or ""
    if text:
        code = codes.normalise(text)
        pattern = f"%{text.lower()}%"
        statement = statement.outerjoin(User, User.id == Certificate.holder_id).where(
            sa.or_(
                Certificate.code.like(f"%{code}%"),
                sa.func.lower(User.family_name_latin).like(pattern),
                sa.func.lower(User.given_name_latin).like(pattern),
                (User.family_name_zh + User.given_name_zh).like(f"%{text}%"),
            )
        )
    return statement


def count(values: dict) -> int:
    """How many rows the CSV would have."""
    matching = query(values).order_by(None).options().with_only_columns(Certificate.id)
    return db.session.scalar(sa.select(sa.func.count()).select_from(matching.subquery()))


def table(params: dict) -> Table:
    """The register as CSV rows (the filters apply), in the current language."""
    language = current_language()
    certificates = db.session.scalars(
        query(params["filters"]).options(selectinload(Certificate.issued_by))
    ).all()
    replaced = {c.supersedes_id for c in certificates if c.supersedes_id}
    codes_by_id = dict(
        db.session.execute(
            sa.select(Certificate.id, Certificate.code).where(Certificate.id.in_(replaced))
        ).all()
    )
    rows = []
    for c in certificates:
        supersedes = codes_by_id.get(c.supersedes_id)
        rows.append(
            [
                c.code_display,
                str(c.kind_enum.label),
                str(Status(c.status).label),
                services.holder_name_for_verification(c),
                c.title_en,
                c.title_zh,
                c.issued_at.date().isoformat(),
                c.issued_by.name.display(language) if c.issued_by else "",
                c.override_reason,
                codes.display(supersedes) if supersedes else "",
                c.revoked_at.date().isoformat() if c.revoked_at else "",
                c.revoke_reason,
            ]
        )
    return Table("certificates.csv", HEADER, rows)
