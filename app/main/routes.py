"""Pages every visitor meets: home, "My page", the language switch, the health check."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.core.access import public, signed_in
from app.core.carry import carry_form_data
from app.core.i18n import language_from_tag
from app.core.urls import safe_next
from app.exchanges.services import exchanges_of
from app.extensions import db, limiter
from app.learning.services import my_learning
from app.workshops.listing import my_workshops

from . import bp


@bp.route("/")
@public
def index():
    """The home page: what the platform is and where to start."""
    return render_template("main/index.html")


@bp.route("/my")
@signed_in
def my_page():
    """The signed-in user's own page: profile, workshops, modules, exchanges; certificates later."""
    modules_in_progress, modules_completed = my_learning(current_user.id)
    return render_template(
        "main/my_page.html",
        user=current_user,
        workshops=my_workshops(current_user),
        modules_in_progress=modules_in_progress,
        modules_completed=modules_completed,
        exchanges=exchanges_of(current_user),
    )


def _language_limit() -> str:
    return current_app.config["LANGUAGE_RATE_LIMIT"]


@bp.route("/language", methods=["POST"])
@public
@limiter.limit(_language_limit)
def set_language():
    """Switch the UI language, staying on the same page and keeping what was typed in its form."""
    language = language_from_tag(request.values.get("lang"))
    target = safe_next(request.values.get("next"), url_for("main.index"))
    if language:
        session["lang"] = language
        if current_user.is_authenticated:
            current_user.preferred_language = language
        carry_form_data(target, request.form)
        db.session.commit()
    return redirect(target, code=303)


@bp.route("/healthz")
@public
def healthz():
    """For load balancers and monitoring: is the app up and the database reachable?"""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
