"""How certificates follow an account merge (see app/core/account_merge.py).

A certificate stays what it was at issue (its snapshot names the person as printed). Both accounts
hold a valid certificate for the same workshop, module or exchange: the kept account's stays valid
and the other is marked superseded, so its code still verifies as no longer valid.
Who issued, revoked or edited stays on record as it happened.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.account_merge import moves, resolver
from app.extensions import db

from .models import Certificate, CertificateTemplate, Status


@resolver("certificates", "holder_id", _l("Certificates held"))
def _settle_certificates(source_id: int, target_id: int) -> int:
    kept = {
        (c.kind, c.subject_id): c
        for c in db.session.scalars(
            sa.select(Certificate).where(
                Certificate.holder_id == target_id, Certificate.status == Status.LIVE.value
            )
        )
    }
    settled = 0
    for certificate in db.session.scalars(
        sa.select(Certificate).where(
            Certificate.holder_id == source_id, Certificate.status == Status.LIVE.value
        )
    ):
        if (certificate.kind, certificate.subject_id) in kept:
            certificate.status = Status.SUPERSEDED.value
            settled += 1
    db.session.flush()
    return settled


moves("certificates", "issued_by_id", _l("Certificates issued"), keep=True)
moves("certificates", "revoked_by_id", _l("Certificates revoked"), keep=True)
moves(CertificateTemplate.__tablename__, "updated_by_id", _l("Certificate templates edited"))
