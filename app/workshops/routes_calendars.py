"""Calendars: the month view of workshops, a workshop's .ics file and each user's private,
revocable feed."""

from __future__ import annotations

from datetime import date

from babel import dates as babel_dates
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.access import signed_in
from app.core.access import token as by_token
from app.core.i18n import babel_locale, current_language
from app.core.urls import public_url
from app.extensions import db

from . import bp, calendars, listing, scheduling
from .forms import (
    ConfirmForm,
)
from .models import (
    Workshop,
)
from .routes import (
    _is_staff,
    _visible_workshop,
)

# --- Calendars -----------------------------------------------------------------------------------


def _ics_response(data: bytes, filename: str) -> Response:
    return Response(
        data,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _detail_url(workshop: Workshop) -> str:
    return public_url("workshops.detail", workshop_id=workshop.id)


@bp.route("/<int:workshop_id>/calendar.ics")
@signed_in
def workshop_ics(workshop_id: int):
    """Add to calendar: every session of the workshop, in its own time zone."""
    workshop = _visible_workshop(workshop_id)
    data = calendars.workshop_calendar(workshop, current_language(), _detail_url(workshop))
    return _ics_response(data, f"workshop-{workshop.id}.ics")


@bp.route("/calendar-feed")
@signed_in
def calendar_feed():
    """The user's private calendar feed: make, replace or end its secret URL."""
    return render_template(
        "workshops/calendar_feed.html",
        feed=calendars.feed_of(current_user),
        feed_url=None,
        form=ConfirmForm(),
    )


@bp.route("/calendar-feed/new", methods=["POST"])
@signed_in
def new_calendar_feed():
    """Make a new secret feed URL (the old one stops working) and show it once."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    token = calendars.issue_feed_token(current_user)
    db.session.commit()
    return render_template(
        "workshops/calendar_feed.html",
        feed=calendars.feed_of(current_user),
        feed_url=public_url("workshops.feed_ics", token=token),
        form=ConfirmForm(),
    )


@bp.route("/calendar-feed/revoke", methods=["POST"])
@signed_in
def revoke_calendar_feed():
    """End the secret feed URL."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    calendars.revoke_feed(current_user)
    db.session.commit()
    flash(_("Your calendar feed address no longer works."), "success")
    return redirect(url_for("workshops.calendar_feed"))


@bp.route("/feed/<token>.ics")
@by_token
def feed_ics(token: str):
    """A calendar program fetches the user's workshops here; the token is the only key."""
    user = calendars.feed_owner(token)
    if user is None:
        abort(404)
    data = calendars.feed_calendar(user, _detail_url)
    db.session.commit()
    response = _ics_response(data, "workshops.ics")
    response.headers["Cache-Control"] = "private, max-age=900"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/calendar")
@signed_in
def calendar():
    """A month of workshops, Monday first, each on the days it runs in its own time zone."""
    today = date.today()
    try:
        year, month = (int(p) for p in request.args.get("month", f"{today:%Y-%m}").split("-"))
        date(year, month, 1)
    except ValueError:
        abort(400)
    workshops = listing.workshops_in_month(year, month, _is_staff())
    by_day: dict[date, list[Workshop]] = {}
    for workshop in workshops:
        first = scheduling.local_date(workshop.starts_at, workshop.timezone)
        last = scheduling.local_date(workshop.ends_at, workshop.timezone)
        day = first
        while day <= last:
            by_day.setdefault(day, []).append(workshop)
            day = date.fromordinal(day.toordinal() + 1)
    previous = date(year - (month == 1), (month - 2) % 12 + 1, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return render_template(
        "workshops/calendar.html",
        weeks=scheduling.month_grid(year, month),
        by_day=by_day,
        month_title=babel_dates.format_skeleton(
            "yMMMM", date(year, month, 1), locale=babel_locale()
        ),
        weekday_names=babel_dates.get_day_names("abbreviated", locale=babel_locale()),
        previous=previous,
        following=following,
    )
