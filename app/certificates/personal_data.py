"""Certificates' part of a person's data: listed in their data export; on erasure only the
initials stay, so that a certificate can still be verified as valid, superseded or revoked."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import flag_modified

from app.core.personal_data import eraser, exporter, kept_on_erasure, staff_record
from app.extensions import db

from .models import Certificate


@exporter("certificates", _l("Certificates"), {
    "code": _l("Verification code"), "kind": _l("Kind of certificate"), "status": _l("Status"),
    "issued_at": _l("Issued"), "title_en": _l("Title in English"), "title_zh": _l("Title in Chinese"),
}, covers=("certificates.holder_id",))  # fmt: skip
def _export_certificates(user) -> list:
    rows = db.session.scalars(
        sa.select(Certificate).where(Certificate.holder_id == user.id).order_by(Certificate.id)
    )
    return [
        {
            "code": c.code_display,
            "kind": c.kind,
            "status": c.status,
            "issued_at": c.issued_at.isoformat(),
            "title_en": c.title_en,
            "title_zh": c.title_zh,
        }
        for c in rows
    ]


staff_record(
    "certificates.issued_by_id", "certificates.revoked_by_id", "certificate_templates.updated_by_id"
)
kept_on_erasure(
    "certificates.override_reason",
    "certificates.revoke_reason",
    why="a staff member's reason about the certificate, kept for its verification history",
)


@eraser("certificates", covers=("certificates.holder_id",))
def _erase_certificates(user) -> None:
    for certificate in db.session.scalars(
        sa.select(Certificate).where(Certificate.holder_id == user.id)
    ):
        snapshot = dict(certificate.snapshot)
        holder = dict(snapshot.get("holder", {}))
        holder["name"] = holder.get("initials", "")
        holder["name_other"] = ""
        snapshot["holder"] = holder
        snapshot["erased"] = True
        certificate.snapshot = snapshot
        flag_modified(certificate, "snapshot")
