"""Carrying what a user typed across a redirect.

Used when the user switches language in the middle of a form and when a stale form token is
refused: the posted fields (never passwords or tokens) are kept server-side under a random key held
in the session, and the form on the target page is filled from them once.

Only what a real visitor could have typed is kept: nothing for a request without a session (one
that never loaded a page of ours), only the fields the forms shown at the target path declare (the
session remembers their names when the page is shown), at most MAX_CARRIED_BYTES, and one row per
session.
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
from app.core.queue import hourly
from app.core.urls import is_local_path
from app.extensions import db

#: Posted fields that are never kept: secrets and the switch's own fields.
_NEVER_CARRIED = ("csrf_token", "lang", "next")
_KEEP_FOR = timedelta(days=1)
#: The most a carry keeps: ample for any form of the app, bounded for anyone posting junk.
MAX_CARRIED_BYTES = 32 * 1024
#: Session key: {path: [field names]} of the forms on the pages shown last.
_DECLARED = "form_fields"
_PATHS_REMEMBERED = 3


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


def declare_form_fields(names: list[str]) -> None:
    """Note the fields of a form being shown on this page, for a carry back to it later.

    Every Form declares its own fields; a page with hand-written inputs (quiz answers, survey
    answers) declares them itself.
    """
    declared = g.setdefault("declared_fields", set())
    declared.update(names)


def _remember_declared(response):
    """Keep the names of the fields shown on this page in the session (the last few pages)."""
    names = g.get("declared_fields")
    if not names or response.status_code != 200:
        return response
    remembered = dict(session.get(_DECLARED) or {})
    wanted = sorted(n for n in names if _carried(n))
    if remembered.get(request.path) != wanted:
        remembered.pop(request.path, None)
        remembered[request.path] = wanted
        session[_DECLARED] = dict(list(remembered.items())[-_PATHS_REMEMBERED:])
    return response


def carry_form_data(target: str, formdata: MultiDict) -> None:
    """Keep the carried fields of `formdata` for the form at `target` (the caller commits)."""
    if "csrf_token" not in session:  # no page of ours was ever shown to this visitor
        return
    path = urlsplit(target).path
    declared = set((session.get(_DECLARED) or {}).get(path, ()))
    fields: dict[str, list[str]] = {}
    size = 0
    for name in formdata:
        # A FieldList or FormField posts its parts as "<field>-<n>-<part>".
        if not _carried(name) or (name not in declared and name.split("-", 1)[0] not in declared):
            continue
        values = formdata.getlist(name)
        cost = len(name.encode()) + sum(len(value.encode()) for value in values)
        if size + cost <= MAX_CARRIED_BYTES:
            fields[name] = values
            size += cost
    if not fields:
        return
    previous = session.get("carry")
    stale = CarriedForm.created_at < utcnow() - _KEEP_FOR
    if previous:
        stale = sa.or_(stale, CarriedForm.key == previous)
    db.session.execute(sa.delete(CarriedForm).where(stale))
    key = secrets.token_urlsafe(32)
    db.session.add(CarriedForm(key=key, path=path, fields=fields))
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


def purge_stale(now=None) -> int:
    """Delete carried fields older than a day (the hourly scheduled task)."""
    result = db.session.execute(
        sa.delete(CarriedForm).where(CarriedForm.created_at < (now or utcnow()) - _KEEP_FOR)
    )
    db.session.commit()
    return result.rowcount


def init_app(app: Flask) -> None:
    """Remember the fields each page's forms declare; drop carried fields once used; purge
    stale ones every hour."""
    app.after_request(_forget_used_carry)
    app.after_request(_remember_declared)
    hourly.register(purge_stale)
