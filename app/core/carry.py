"""Carrying what a user typed across a redirect.

Used when the user switches language in the middle of a form and when a stale form token is
refused: the posted fields (never passwords or tokens) are kept server-side under a random key held
in the session, and the form on the target page is filled from them once.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, g, request, session
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import MultiDict

from app.core.db import UTCDateTime, utcnow
from app.core.urls import is_local_path
from app.extensions import db

#: Posted fields that are never kept: secrets and the switch's own fields.
_NEVER_CARRIED = ("csrf_token", "lang", "next")
_KEEP_FOR = timedelta(days=1)


class CarriedForm(db.Model):
    """Form fields kept for one redirect."""

    __tablename__ = "carried_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random key, also held in the user's session.
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The path whose form the fields belong to.
    path: Mapped[str] = mapped_column(sa.String(500))
    #: The fields: {name: [values]}.
    fields: Mapped[dict] = mapped_column(sa.JSON)
    #: When they were kept; rows older than a day are pruned.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def _carried(name: str) -> bool:
    return name not in _NEVER_CARRIED and "password" not in name


def form_target() -> str:
    """Where the form that was just posted lives: the referring page on this site, else this path."""
    referrer = request.referrer
    if referrer:
        parts = urlsplit(referrer)
        if parts.netloc == request.host:
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if is_local_path(target):
                return target
    return request.full_path.rstrip("?") if request.method == "GET" else "/"


def carry_form_data(target: str, formdata: MultiDict) -> None:
    """Keep the carried fields of `formdata` for the form at `target` (the caller commits)."""
    fields = {name: formdata.getlist(name) for name in formdata if _carried(name)}
    if not fields:
        return
    db.session.execute(sa.delete(CarriedForm).where(CarriedForm.created_at < utcnow() - _KEEP_FOR))
    key = secrets.token_urlsafe(32)
    db.session.add(CarriedForm(key=key, path=urlsplit(target).path, fields=fields))
    session["carry"] = key


def carried_formdata(path: str) -> MultiDict | None:
    """The fields carried to `path`, if any (they are then dropped at the end of the request)."""
    key = session.get("carry")
    if not key:
        return None
    row = db.session.scalar(sa.select(CarriedForm).where(CarriedForm.key == key))
    if row is None or row.path != path:
        return None
    g.carry_used = True
    return MultiDict([(name, value) for name, values in row.fields.items() for value in values])


def _forget_used_carry(response):
    if g.get("carry_used"):
        session.pop("carry", None)
    return response


def init_app(app: Flask) -> None:
    """Drop carried fields from the session once a form has been filled from them."""
    app.after_request(_forget_used_carry)
