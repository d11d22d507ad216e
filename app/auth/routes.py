"""Account pages: sign-up, sign-in and out, profile, password change and reset, privacy notice."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from app.core import personal_data
from app.core.access import public, signed_in, token
from app.core.audit import record
from app.core.errors import DomainError, refuse_to
from app.core.forms import form_status
from app.core.i18n import current_language
from app.core.mail import queue_mail
from app.core.urls import public_url, safe_next
from app.extensions import db, limiter, login_manager

from . import bp, reset_mail, services, sessions
from .forms import (
    ChangePasswordForm,
    DeletionRequestForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    SignupForm,
)
from .models import User
from .personal_data import DeletionRequest
from .personal_data import request_deletion as request_data_deletion

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to open this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The signed-in user, if the server still holds the session and it was made with their
    current password."""
    return sessions.load(session_id)


def _sign_in(user: User, remember: bool = False) -> None:
    """Open a server-side session and give the browser a fresh CSRF secret with it."""
    sessions.start_session(user, remember=remember)
    db.session.commit()
    session.pop("csrf_token", None)
    login_user(user, remember=remember)


def _sign_out() -> None:
    """End this browser's server-side session and forget its CSRF secret."""
    if current_user.is_authenticated:
        sessions.end_session(current_user.session_token)
        db.session.commit()
    logout_user()
    session.pop("csrf_token", None)


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


def _account_key() -> str:
    """The account an attempt is for: the e-mail address typed (the address when none was)."""
    email = request.form.get("email", "").strip().lower()
    return f"account:{email}" if email else f"address:{get_remote_address()}"


@bp.route("/signup", methods=["GET", "POST"])
@public
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
def signup():
    """Create a trainee account."""
    if current_user.is_authenticated:
        return redirect(url_for("main.my_page"))
    form = SignupForm()
    if request.method == "GET" and not form.preferred_language.data:
        form.preferred_language.data = current_language()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data,
                form.password.data,
                form.profile_data(),
                consent_version=services.PRIVACY_NOTICE_VERSION,
            )
        except services.EmailTaken as error:
            form.email.errors.append(str(error))
        else:
            queue_mail(user, "welcome", login_url=public_url("auth.login"))
            db.session.commit()
            _sign_in(user)
            flash(_("Welcome! Your account has been created."), "success")
            return redirect(url_for("main.my_page"))
    return render_template(
        "auth/signup.html", form=form, privacy_version=services.PRIVACY_NOTICE_VERSION
    ), form_status(form)


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
def login():
    """Sign in; `next` may only lead to a page of this site."""
    next_page = safe_next(request.args.get("next"), url_for("main.my_page"))
    if current_user.is_authenticated:
        return redirect(next_page)
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.InvalidCredentials as error:
            db.session.commit()  # keep the failure count
            flash(str(error), "error")
            status = 401
        else:
            _sign_in(user, remember=form.remember.data)
            return redirect(next_page)
    elif form_status(form) == 400:
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    """Sign out: this browser's session ends on the server too."""
    _sign_out()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/profile", methods=["GET", "POST"])
@signed_in
def profile():
    """Change one's own profile."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, form.profile_data())
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("main.my_page"))
    return render_template(
        "auth/profile.html", form=form, live_sessions=sessions.live_session_count(current_user)
    ), form_status(form)


@bp.route("/sign-out-everywhere", methods=["POST"])
@signed_in
def sign_out_everywhere():
    """End every session of the account, on every device, this one included."""
    user = current_user._get_current_object()
    sessions.end_all_sessions(user)
    record(user, "auth.signed_out_everywhere", user)
    db.session.commit()
    logout_user()
    session.pop("csrf_token", None)
    flash(_("You have been signed out on every device. Sign in again to continue."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def change_password():
    """Change one's own password (other sessions of the account end)."""
    form = ChangePasswordForm()
    form.account = current_user
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except services.WrongPassword as error:
            form.current_password.errors.append(str(error))
        else:
            db.session.commit()
            _sign_in(current_user._get_current_object())  # the new password's stamp
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.my_page"))
    return render_template("auth/change_password.html", form=form), form_status(form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
def forgot_password():
    """Send a reset link; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        reset_mail.request_reset_link(form.email.data)  # the same work for any address
        flash(
            _(
                "If an account uses this address, a link to choose a new password is on its way. "
                "Check your inbox, and your spam folder."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form), form_status(form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@token
def reset_password(token: str):
    """Choose a new password through an e-mailed or admin-given link (the view checks the token)."""
    try:
        user = services.user_for_reset_token(token)
    except DomainError as error:
        return render_template("auth/reset_invalid.html", message=str(error)), 400
    form = ResetPasswordForm()
    form.account = user
    if form.validate_on_submit():
        services.set_password(user, form.new_password.data)
        sessions.end_all_sessions(user)
        db.session.commit()
        _sign_out()
        flash(_("Your new password is set. You can sign in with it now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, user=user), form_status(form)


@bp.route("/privacy")
@public
def privacy():
    """The privacy notice (EU GDPR and China's Personal Information Protection Law)."""
    return render_template("auth/privacy.html", version=services.PRIVACY_NOTICE_VERSION)


@bp.route("/my-data")
@signed_in
def my_data():
    """Everything the platform holds about me, readable, with a JSON download and a deletion request."""
    pending = db.session.scalar(
        sa.select(DeletionRequest).where(
            DeletionRequest.user_id == current_user.id, DeletionRequest.handled_at.is_(None)
        )
    )
    return render_template(
        "auth/my_data.html",
        data=personal_data.collect(current_user),
        section_title=personal_data.section_title,
        field_label=personal_data.field_label,
        form=DeletionRequestForm(),
        pending=pending,
    )


@bp.route("/my-data.json")
@signed_in
def my_data_json():
    """Everything the platform holds about me, as a JSON file."""
    body = json.dumps(
        personal_data.collect(current_user), ensure_ascii=False, indent=2, default=str
    )
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@bp.route("/deletion-request", methods=["POST"])
@signed_in
def request_deletion():
    """Ask an administrator to delete my data."""
    form = DeletionRequestForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to confirm."), "error")
        return redirect(url_for("auth.my_data"))
    try:
        request_data_deletion(current_user, form.reason.data or "")
    except DomainError as error:
        return refuse_to(error, url_for("auth.my_data"))
    db.session.commit()
    flash(
        _(
            "Your request has been sent. An administrator will erase your data and close your account."
        ),
        "success",
    )
    return redirect(url_for("auth.my_data"))
