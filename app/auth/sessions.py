"""Signed-in sessions held on the server, so that signing out (here or everywhere) really ends them.

The browser's session cookie and remember-me cookie carry only `<user id>:<password stamp>:<token>`;
a session is valid while its row exists unrevoked and within its idle and absolute lifetimes.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from app.core.db import UTCDateTime, utcnow
from app.extensions import db

from .models import User

#: How often a session's last-seen time is written: not on every request.
TOUCH_EVERY = timedelta(minutes=1)


class UserSession(db.Model):
    """One signed-in browser of one user."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Whose session it is.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The random secret the cookies carry.
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: True when "keep me signed in" was ticked: then the remember-me lifetime applies.
    remember: Mapped[bool] = mapped_column(default=False)
    #: When the user signed in.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The last request made with the session (to the minute).
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When the user signed out (here or everywhere); None while the session is live.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


def _lifetimes(remember: bool) -> tuple[timedelta, timedelta]:
    """(idle, absolute) lifetime of a session."""
    config = current_app.config
    if remember:
        lasting = config["REMEMBER_COOKIE_DURATION"]
        return lasting, lasting
    return config["SESSION_IDLE_LIFETIME"], config["SESSION_ABSOLUTE_LIFETIME"]


def start_session(user: User, remember: bool = False, now: datetime | None = None) -> str:
    """Open a session for the user and return the id Flask-Login keeps in the cookies."""
    now = now or utcnow()
    _forget_ended(user, now)
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id, token=token, remember=remember, created_at=now, last_seen_at=now
        )
    )
    db.session.flush()
    user.session_token = token
    return user.get_id()


def load(session_id: str, now: datetime | None = None) -> User | None:
    """The user of a live session id (None for an ended, expired or malformed one)."""
    user_id, stamp, token = (session_id.split(":") + ["", ""])[:3]
    if not user_id.isdigit() or not token:
        return None
    # One statement for the session, the user and their roles (every page asks for the roles).
    row = (
        db.session.execute(
            sa.select(UserSession, User)
            .join(User, User.id == UserSession.user_id)
            .where(UserSession.token == token, UserSession.user_id == int(user_id))
            .options(joinedload(User.role_rows))
        )
        .unique()
        .first()
    )
    if row is None:
        return None
    live, user = row
    now = now or utcnow()
    if live.revoked_at is not None or user.session_stamp != stamp or not _is_live(live, now):
        return None
    if now - live.last_seen_at >= TOUCH_EVERY:
        _touch(live, now)
    user.session_token = token
    return user


def _touch(live: UserSession, now: datetime) -> None:
    """Record that the session was used, in a transaction of its own: most pages only read and
    never commit, and a person reading for hours must not be signed out as idle."""
    with db.engine.begin() as connection:
        connection.execute(
            sa.update(UserSession).where(UserSession.id == live.id).values(last_seen_at=now)
        )
    set_committed_value(live, "last_seen_at", now)


def end_session(token: str | None, now: datetime | None = None) -> None:
    """Sign one session out."""
    if token:
        db.session.execute(
            sa.update(UserSession)
            .where(UserSession.token == token, UserSession.revoked_at.is_(None))
            .values(revoked_at=now or utcnow())
        )


def end_all_sessions(user: User, now: datetime | None = None) -> int:
    """Sign the user out on every device; returns how many sessions were live."""
    result = db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )
    return result.rowcount or 0


def live_session_count(user: User, now: datetime | None = None) -> int:
    """How many sessions of the user are open (shown beside "sign out everywhere")."""
    now = now or utcnow()
    rows = db.session.scalars(
        sa.select(UserSession).where(
            UserSession.user_id == user.id, UserSession.revoked_at.is_(None)
        )
    )
    return sum(1 for live in rows if _is_live(live, now))


def _is_live(live: UserSession, now: datetime) -> bool:
    idle, absolute = _lifetimes(live.remember)
    return now - live.last_seen_at <= idle and now - live.created_at <= absolute


def _forget_ended(user: User, now: datetime) -> None:
    """Delete the user's sessions that can no longer be used, so the table stays small."""
    longest = max(*_lifetimes(True), *_lifetimes(False))
    db.session.execute(
        sa.delete(UserSession).where(
            UserSession.user_id == user.id,
            sa.or_(UserSession.revoked_at.is_not(None), UserSession.created_at < now - longest),
        )
    )


def purge_ended(now: datetime | None = None) -> int:
    """Delete every session that can no longer be used (the hourly scheduled task)."""
    now = now or utcnow()
    longest = max(*_lifetimes(True), *_lifetimes(False))
    result = db.session.execute(
        sa.delete(UserSession).where(
            sa.or_(UserSession.revoked_at.is_not(None), UserSession.created_at < now - longest)
        )
    )
    db.session.commit()
    return result.rowcount
