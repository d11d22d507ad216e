"""Issuing certificates: issuing (idempotent under concurrent clicks), reissue and revocation,
verification look-ups, issuing by rule.

Templates are in templates.py, what a certificate is for in subjects.py, the frozen snapshot and
its rendering in snapshots.py, the errors in errors.py.

Services take plain values or models, flush and raise CertificateError; routes commit. Every
text a certificate prints is written here in each language (inside force_locale) and frozen in
the snapshot; document.py draws it without knowing Flask.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.core.audit import record
from app.core.db import utcnow
from app.extensions import db
from app.learning.models import Lesson, LessonProgress, Module

from . import codes
from .eligibility import Kind, Verdict
from .errors import CertificateError, NotEligible, NotLive, SubjectMissing
from .models import Certificate, Status
from .participants import completion_verdicts, rows_for
from .snapshots import (
    build_snapshot,
    holder_snapshot,
    render_snapshot,
)
from .subjects import (
    Subject,
    load_subject,
    module_subject,
)
from .templates import (
    default_template,
)

# --- Issuing -------------------------------------------------------------------------------------


def live_certificate(holder_id: int, kind: Kind, subject_id: int) -> Certificate | None:
    """The person's valid certificate for the subject, if any."""
    return db.session.scalar(
        sa.select(Certificate).where(
            Certificate.holder_id == holder_id,
            Certificate.kind == kind.value,
            Certificate.subject_id == subject_id,
            Certificate.status == Status.LIVE.value,
        )
    )


def completed_on(user_id: int, module_id: int) -> datetime | None:
    """When the person finished the module's last lesson (None before they started)."""
    return db.session.scalar(
        sa.select(sa.func.max(LessonProgress.completed_at))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(LessonProgress.user_id == user_id, Lesson.module_id == module_id)
    )


def _new_certificate(
    actor: User | None,
    subject: Subject,
    holder: User,
    override_reason: str = "",
    supersedes: Certificate | None = None,
) -> Certificate:
    if subject.kind is Kind.COMPLETION and subject.model is not None:
        # the date printed is the holder's own completion date, also on a later reissue
        finished = completed_on(holder.id, subject.id)
        if finished is not None:
            subject = module_subject(subject.model, finished)
    template = default_template(subject.kind)
    issued_at = utcnow().replace(microsecond=0)
    code = codes.generate()
    snapshot = build_snapshot(template, subject, holder_snapshot(holder), code, issued_at)
    data = render_snapshot(snapshot)
    return Certificate(
        kind=subject.kind.value,
        subject_id=subject.id,
        holder_id=holder.id,
        template_id=template.id,
        code=code,
        status=Status.LIVE.value,
        snapshot=snapshot,
        pdf_sha256=hashlib.sha256(data).hexdigest(),
        issued_at=issued_at,
        issued_by_id=actor.id if actor is not None else None,
        override_reason=override_reason,
        supersedes_id=supersedes.id if supersedes is not None else None,
    )


def issue(
    actor: User | None,
    subject: Subject,
    holder: User,
    verdict: Verdict,
    override_reason: str = "",
) -> tuple[Certificate, bool]:
    """Issue the person's certificate for the subject; returns (certificate, newly issued).

    Idempotent: a valid certificate already there is returned as is. Two coordinators clicking
    at once cannot make two: the partial unique index on live certificates refuses the second
    insert, which then returns the first one.
    """
    override_reason = override_reason.strip()
    existing = live_certificate(holder.id, subject.kind, subject.id)
    if existing is not None:
        return existing, False
    if not verdict.qualifies and not override_reason:
        raise NotEligible()
    certificate = _new_certificate(
        actor, subject, holder, override_reason if not verdict.qualifies else ""
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except sa.exc.IntegrityError:
        existing = live_certificate(holder.id, subject.kind, subject.id)
        if existing is None:
            raise
        return existing, False
    record(
        actor,
        "certificate.issued",
        certificate,
        after={"code": certificate.code, "kind": certificate.kind, "holder_id": holder.id},
        note=certificate.override_reason,
    )
    return certificate, True


def _retire(certificate: Certificate, status: Status, **values) -> None:
    """Move a live certificate to another status, only if it is still live (held by the database)."""
    result = db.session.execute(
        sa.update(Certificate)
        .where(Certificate.id == certificate.id, Certificate.status == Status.LIVE.value)
        .values(status=status.value, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise NotLive()
    db.session.refresh(certificate)


def reissue(actor: User, certificate: Certificate, reason: str) -> Certificate:
    """A new certificate, drawn from today's data, that supersedes this one (e.g. after a name
    was corrected); the old code then verifies as superseded."""
    reason = reason.strip()
    if not reason:
        raise CertificateError(_l("Give a reason for reissuing."))
    holder = certificate.holder
    if holder is None or holder.erased_at is not None:
        raise CertificateError(_l("This person's data has been erased; it cannot be reissued."))
    subject = load_subject(certificate.kind_enum, certificate.subject_id)
    _retire(certificate, Status.SUPERSEDED)
    replacement = _new_certificate(
        actor, subject, holder, certificate.override_reason, supersedes=certificate
    )
    db.session.add(replacement)
    db.session.flush()
    record(
        actor,
        "certificate.reissued",
        replacement,
        before={"code": certificate.code, "id": certificate.id},
        after={"code": replacement.code, "id": replacement.id},
        note=reason,
    )
    return replacement


def revoke(actor: User, certificate: Certificate, reason: str) -> None:
    """Withdraw a certificate: who, when and why are kept and shown by verification as revoked."""
    reason = reason.strip()
    if not reason:
        raise CertificateError(_l("Give a reason for revoking."))
    _retire(
        certificate,
        Status.REVOKED,
        revoked_at=utcnow(),
        revoked_by_id=actor.id,
        revoke_reason=reason,
    )
    record(
        actor,
        "certificate.revoked",
        certificate,
        before={"status": Status.LIVE.value},
        after={"status": Status.REVOKED.value, "code": certificate.code},
        note=reason,
    )


# --- Verification --------------------------------------------------------------------------------


def find_by_code(code: str) -> Certificate | None:
    """The certificate with this canonical code, if one was issued."""
    return db.session.scalar(sa.select(Certificate).where(Certificate.code == code))


def holder_name_for_verification(certificate: Certificate) -> str:
    """The name verification shows: as printed, or only initials once the data is erased."""
    holder = certificate.snapshot.get("holder", {})
    if certificate.snapshot.get("erased") or (
        certificate.holder is not None and certificate.holder.erased_at is not None
    ):
        return holder.get("initials", "")
    name, other = holder.get("name", ""), holder.get("name_other", "")
    return f"{name} ({other})" if other else name


def certificates_of(user_id: int) -> list[Certificate]:
    """A person's certificates, newest first (valid, superseded and revoked)."""
    return list(
        db.session.scalars(
            sa.select(Certificate)
            .where(Certificate.holder_id == user_id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


# --- Issuing by rule -----------------------------------------------------------------------------


def subject_rows(subject: Subject):
    """The eligibility rows of a subject (everyone who could get its certificate)."""
    return rows_for(subject.kind, subject.model)


def issue_to_all(actor: User, subject: Subject) -> list[Certificate]:
    """Issue to everyone who qualifies and has no valid certificate yet; returns the new ones."""
    issued = []
    for row in subject_rows(subject):
        if row.can_issue and row.verdict.qualifies:
            certificate, created = issue(actor, subject, row.user, row.verdict)
            if created:
                issued.append(certificate)
    return issued


def issue_to_one(actor: User, subject: Subject, user_id: int, override_reason: str = ""):
    """Issue to one listed person; one who does not qualify needs an override reason."""
    for row in subject_rows(subject):
        if row.user is not None and row.user.id == user_id:
            return issue(actor, subject, row.user, row.verdict, override_reason)
    raise SubjectMissing()


def issue_if_eligible(user_id: int, module_id: int) -> Certificate | None:
    """Self-paced modules: issue the completion certificate as soon as the person qualifies
    (called after a lesson is marked done and after a quiz attempt is graded). Returns the new
    or existing certificate, or None while they do not qualify."""
    module = db.session.get(Module, module_id)
    user = db.session.get(User, user_id)
    if module is None or user is None or not module.is_published:
        return None
    verdict = completion_verdicts(module_id, [user_id])[user_id]
    if not verdict.qualifies:
        return None
    certificate, _created = issue(None, module_subject(module), user, verdict)
    return certificate
