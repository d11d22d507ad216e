"""The account's part of a person's data: export, deletion requests and anonymisation."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import audit
from app.core.audit import AuditEntry, record
from app.core.db import UTCDateTime, utcnow
from app.core.errors import DomainError
from app.core.mail import OutboxMessage
from app.core.personal_data import erase, eraser, exporter, staff_record
from app.extensions import db

from .models import PROFILE_FIELDS, User
from .services import hash_password
from .sessions import UserSession


class DeletionRequest(db.Model):
    """A person's request that their data be deleted, until an admin handles it."""

    __tablename__ = "deletion_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Who asked.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: When.
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: What they wrote, if anything.
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: When an admin anonymised the person (None while pending).
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Which admin did.
    handled_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class AlreadyRequested(DomainError):
    """A pending request exists already."""

    def __init__(self):
        super().__init__(
            _l(
                "You have already asked for your data to be deleted. An administrator will handle it."
            )
        )


class ConfirmationMismatch(DomainError):
    """The admin did not type the person's e-mail address to confirm."""

    def __init__(self):
        super().__init__(_l("Type the person's e-mail address exactly to confirm."))


class AlreadyErased(DomainError):
    """The person was anonymised before."""

    def __init__(self):
        super().__init__(_l("This person's data has already been erased."))


def request_deletion(user: User, reason: str) -> DeletionRequest:
    """Record a person's request that their data be deleted."""
    pending = db.session.scalar(
        sa.select(DeletionRequest).where(
            DeletionRequest.user_id == user.id, DeletionRequest.handled_at.is_(None)
        )
    )
    if pending is not None:
        raise AlreadyRequested()
    request = DeletionRequest(user_id=user.id, reason=reason.strip())
    db.session.add(request)
    record(user, "user.deletion_requested", user, note=reason.strip())
    return request


def pending_requests() -> list[DeletionRequest]:
    """Deletion requests no admin has handled yet, oldest first."""
    return list(
        db.session.scalars(
            sa.select(DeletionRequest)
            .where(DeletionRequest.handled_at.is_(None))
            .order_by(DeletionRequest.requested_at)
        )
    )


def _initial(text: str) -> str:
    text = text.strip()
    return f"{text[0].upper()}." if text else ""


def anonymise(admin: User, user: User, confirmation: str) -> list[str]:
    """Erase a person's data everywhere, keeping what aggregate statistics and certificate
    verification need (initials, province or country, type of organisation, gender)."""
    if user.erased_at is not None:
        raise AlreadyErased()
    if confirmation.strip().lower() != user.email:
        raise ConfirmationMismatch()
    sections = erase(user)
    now = utcnow()
    for request in db.session.scalars(
        sa.select(DeletionRequest).where(
            DeletionRequest.user_id == user.id, DeletionRequest.handled_at.is_(None)
        )
    ):
        request.handled_at, request.handled_by_id = now, admin.id
    record(admin, "user.anonymised", user, after={"sections": sections})
    return sections


@exporter("account", _l("Account"), {
    "email": _l("E-mail address"), "family_name_zh": _l("Family name in Chinese characters"),
    "given_name_zh": _l("Given name in Chinese characters"),
    "family_name_latin": _l("Family name in Latin letters"),
    "given_name_latin": _l("Given name(s) in Latin letters"), "organisation": _l("Organisation"),
    "organisation_type": _l("Type of organisation"), "position": _l("Position"),
    "country": _l("Country"), "province": _l("Province (if in China)"), "gender": _l("Gender (optional)"),
    "preferred_language": _l("Preferred language"), "timezone": _l("Time zone"), "roles": _l("Roles"),
    "privacy_consent_version": _l("Privacy notice you agreed to"),
    "privacy_consented_at": _l("Agreed on"), "created_at": _l("Account created"),
    "last_login_at": _l("Last sign-in"),
}, covers=("user_roles.user_id",))  # fmt: skip
def _export_account(user: User) -> dict:
    fields = ("email", *PROFILE_FIELDS, "privacy_consent_version")
    data = {name: getattr(user, name) for name in fields}
    data["roles"] = sorted(user.role_set)
    for name in ("privacy_consented_at", "created_at", "last_login_at"):
        value = getattr(user, name)
        data[name] = value.isoformat() if value else None
    return data


@exporter("messages", _l("E-mails sent to you"), {
    "subject": _l("Subject"), "sent_at": _l("Sent"), "created_at": _l("Written"),
}, covers=("outbox.to_user_id",))  # fmt: skip
def _export_messages(user: User) -> list:
    rows = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.to_user_id == user.id)
        .order_by(OutboxMessage.id)
    )
    return [
        {
            "subject": m.subject,
            "created_at": m.created_at.isoformat(),
            "sent_at": m.sent_at.isoformat() if m.sent_at else None,
        }
        for m in rows
    ]


@exporter("activity", _l("Recorded actions"), {
    "action": _l("Action"), "at": _l("When"), "object": _l("Object"),
}, covers=("audit_log.actor_id",))  # fmt: skip
def _export_activity(user: User) -> list:
    rows = db.session.scalars(
        sa.select(AuditEntry)
        .where(
            sa.or_(
                AuditEntry.actor_id == user.id,
                sa.and_(AuditEntry.object_type == "user", AuditEntry.object_id == str(user.id)),
            )
        )
        .order_by(AuditEntry.at)
    )
    return [
        {
            "action": e.action,
            "at": e.at.isoformat(),
            "object": f"{e.object_type} {e.object_id}".strip(),
        }
        for e in rows
    ]


@eraser("account", covers=("user_roles.user_id",), last=True)
def _erase_account(user: User) -> None:
    """Runs last: the other erasers still need the person's address (to find it in the audit log)."""
    anonymise_account_row(user)


def anonymise_account_row(user: User) -> None:
    """Reduce an account to initials, with an address that cannot be used and no password; also
    used for the accounts that were merged into the person."""
    user.family_name_latin, user.given_name_latin = (
        _initial(user.family_name_latin),
        _initial(user.given_name_latin),
    )
    user.family_name_zh, user.given_name_zh = user.family_name_zh[:1], ""
    user.email = f"erased-{user.id}@erased.invalid"
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.organisation = user.position = ""
    user.active = False
    user.erased_at = utcnow()


@eraser("messages", covers=("outbox.to_user_id",))
def _erase_messages(user: User) -> None:
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.to_user_id == user.id))


@eraser("activity", covers=("audit_log.actor_id", "audit_log.note"))
def _erase_activity(user: User) -> None:
    """Who did what stays; the person's address, deletion reason and personal values go."""
    audit.scrub([user.email], [user.id])


staff_record("deletion_requests.handled_by_id")


@exporter("deletion_requests", _l("Requests to delete your data"), {
    "requested_at": _l("Asked on"), "reason": _l("Reason given"), "handled_at": _l("Handled on"),
}, covers=("deletion_requests.user_id",))  # fmt: skip
def _export_deletion_requests(user: User) -> list:
    rows = db.session.scalars(
        sa.select(DeletionRequest)
        .where(DeletionRequest.user_id == user.id)
        .order_by(DeletionRequest.id)
    )
    return [
        {
            "requested_at": r.requested_at.isoformat(),
            "reason": r.reason,
            "handled_at": r.handled_at.isoformat() if r.handled_at else None,
        }
        for r in rows
    ]


@eraser("deletion_requests", covers=("deletion_requests.user_id", "deletion_requests.reason"))
def _erase_deletion_requests(user: User) -> None:
    """The request stays as proof it was handled; what the person wrote goes."""
    db.session.execute(
        sa.update(DeletionRequest).where(DeletionRequest.user_id == user.id).values(reason="")
    )


@exporter("sessions", _l("Sign-ins"), {
    "signed_in_at": _l("Signed in"), "last_seen_at": _l("Last used"),
    "signed_out_at": _l("Signed out"), "remember": _l("Kept signed in"),
}, covers=("user_sessions.user_id",))  # fmt: skip
def _export_sessions(user: User) -> list:
    rows = db.session.scalars(
        sa.select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
    )
    return [
        {
            "signed_in_at": s.created_at.isoformat(),
            "last_seen_at": s.last_seen_at.isoformat(),
            "signed_out_at": s.revoked_at.isoformat() if s.revoked_at else None,
            "remember": s.remember,
        }
        for s in rows
    ]


@eraser("sessions", covers=("user_sessions.user_id",))
def _erase_sessions(user: User) -> None:
    """Every browser the person is signed in on is signed out, and the records go."""
    db.session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))
