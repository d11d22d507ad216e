"""Account rules: creating accounts, signing in with lock-out, passwords and reset links."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.access import Role
from app.core.audit import record
from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db

from .models import PROFILE_FIELDS, User

#: Version of the privacy notice shown at sign-up; raise it when the notice changes.
PRIVACY_NOTICE_VERSION = "2026-11"

#: A hash checked when the e-mail is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password-for-timing-only")


class EmailTaken(DomainError):
    """Another account already uses the address."""

    def __init__(self):
        super().__init__(
            _l(
                "An account with this e-mail address already exists. Sign in, or reset your password if you have forgotten it."
            )
        )


class InvalidCredentials(DomainError):
    """Sign-in refused; deliberately says nothing about which part was wrong."""

    status = 401

    def __init__(self):
        super().__init__(
            _l(
                "The e-mail address or password is not correct, or the account is locked for a while after repeated failed attempts. Check them and try again, or reset your password."
            )
        )


class WrongPassword(DomainError):
    """The current password given when changing it was wrong."""

    def __init__(self):
        super().__init__(_l("Your current password is not correct."))


class InvalidResetLink(DomainError):
    """A reset link that is forged, expired or already used."""

    def __init__(self):
        super().__init__(
            _l(
                "This password-reset link is not valid any more: it has expired or has already been used. Ask for a new one."
            )
        )


def normalise_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively, without surrounding spaces."""
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The account with this address, if any."""
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def hash_password(password: str) -> str:
    """A salted hash with a current KDF (scrypt by default; the tests use a cheaper setting)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def create_user(
    email: str,
    password: str | None,
    profile: dict[str, Any],
    roles: set[Role] | frozenset[Role] = frozenset({Role.TRAINEE}),
    consent_version: str | None = None,
    is_demo: bool = False,
) -> User:
    """Create an account; the e-mail address must be free. A None password leaves the account
    without one until the person chooses it (an invitation: nobody can sign in to it before)."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise EmailTaken()
    password_hash = hash_password(password) if password is not None else None
    user = User(email=email, password_hash=password_hash, is_demo=is_demo)
    for name in PROFILE_FIELDS:
        if name in profile:
            setattr(user, name, profile[name])
    if consent_version:
        user.privacy_consent_version = consent_version
        user.privacy_consented_at = utcnow()
    user.set_roles(set(roles))
    db.session.add(user)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # two sign-ups with one address at the same moment
        db.session.rollback()
        raise EmailTaken() from None
    return user


def update_profile(user: User, profile: dict[str, Any]) -> None:
    """Change a user's profile fields."""
    for name in PROFILE_FIELDS:
        if name in profile:
            setattr(user, name, profile[name])


def authenticate(email: str, password: str, now: datetime | None = None) -> User:
    """The user whose credentials these are; counts failures and locks the account after too many.

    Unknown address, wrong password, locked and deactivated accounts all fail alike. Failures are
    counted by one UPDATE in the database, so simultaneous wrong passwords all count.
    """
    now = now or utcnow()
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        record(None, "auth.sign_in_failed", object_type="user")
        raise InvalidCredentials()
    if user.password_hash is None:  # invited, no password chosen yet: fails like a wrong one
        check_password_hash(_DUMMY_HASH, password)
        password_ok = False
    else:
        password_ok = check_password_hash(user.password_hash, password)
    if user.locked_until is not None and user.locked_until > now:
        record(user, "auth.sign_in_refused_locked", user)
        raise InvalidCredentials()
    if not password_ok:
        _count_failure(user, now)
        raise InvalidCredentials()
    if not user.active:
        record(user, "auth.sign_in_refused_inactive", user)
        raise InvalidCredentials()
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    record(user, "auth.signed_in", user)
    return user


def _count_failure(user: User, now: datetime) -> None:
    """Add one failed sign-in atomically; the failure that reaches the threshold locks the account."""
    config = current_app.config
    failures = db.session.scalar(
        sa.update(User)
        .where(User.id == user.id)
        .values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    )
    record(user, "auth.sign_in_failed", user)
    if failures is not None and failures >= config["LOGIN_LOCK_THRESHOLD"]:
        locked = db.session.execute(
            sa.update(User)
            .where(User.id == user.id, User.failed_logins >= config["LOGIN_LOCK_THRESHOLD"])
            .values(
                failed_logins=0,
                locked_until=now + timedelta(minutes=config["LOGIN_LOCK_MINUTES"]),
            )
            .execution_options(synchronize_session=False)
        )
        if locked.rowcount:
            record(user, "auth.locked", user, note=str(config["LOGIN_LOCK_MINUTES"]))
    db.session.expire(user, ["failed_logins", "locked_until"])


def set_password(user: User, new_password: str, action: str = "auth.password_reset") -> None:
    """Give the user a new password; this also ends their other sessions and unlocks the account."""
    user.password_hash = hash_password(new_password)
    user.failed_logins = 0
    user.locked_until = None
    record(user, action, user)


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change a password after checking the current one."""
    if user.password_hash is None or not check_password_hash(user.password_hash, current_password):
        raise WrongPassword()
    set_password(user, new_password, action="auth.password_changed")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_reset_token(user: User, issued_by_admin: bool = False, invitation: bool = False) -> str:
    """A signed, one-time reset token: it stops working once the password changes.

    `invitation`: the link in the e-mail that invites a new account (made from a nomination list)
    to choose its first password; it stays valid for INVITATION_LINK_HOURS.
    """
    payload = {"u": user.id, "s": user.session_stamp, "a": issued_by_admin}
    if invitation:
        payload["i"] = True
    return _serializer().dumps(payload)


def _token_hours(payload: dict) -> int:
    config = current_app.config
    if payload.get("i"):
        return config["INVITATION_LINK_HOURS"]
    return config["ADMIN_RESET_LINK_HOURS"] if payload.get("a") else config["PASSWORD_RESET_HOURS"]


def user_for_reset_token(token: str, now: datetime | None = None) -> User:
    """The user a reset token belongs to, if it is genuine, unexpired and unused."""
    config = current_app.config
    longest = 3600 * max(
        config["PASSWORD_RESET_HOURS"],
        config["ADMIN_RESET_LINK_HOURS"],
        config["INVITATION_LINK_HOURS"],
    )
    try:
        payload, issued = _serializer().loads(token, max_age=longest, return_timestamp=True)
    except (BadSignature, SignatureExpired):
        raise InvalidResetLink() from None
    if (now or utcnow()) - issued > timedelta(hours=_token_hours(payload)):
        raise InvalidResetLink()
    user = db.session.get(User, payload.get("u"))
    if user is None or not user.active or user.session_stamp != payload.get("s"):
        raise InvalidResetLink()
    return user
