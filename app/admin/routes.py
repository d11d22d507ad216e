"""Administration pages: the user list, one user's access, one-time reset links."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import User
from app.core.access import Role, roles
from app.core.errors import DomainError
from app.core.forms import form_status
from app.core.urls import public_url
from app.extensions import db

from . import bp, services
from .forms import ResetLinkForm, UserAccessForm, UserSearchForm

PAGE_SIZE = 25


@bp.route("/users")
@roles(Role.ADMIN)
def users():
    """Find accounts by name, e-mail, organisation, role or status."""
    form = UserSearchForm(request.args)
    form.validate()
    query = services.search_users(form.q.data or "", form.role.data or "", form.status.data or "")
    page = db.paginate(query, per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/users.html", form=form, page=page)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def user_detail(user_id: int):
    """See one account and change its roles and whether it can sign in."""
    user = db.get_or_404(User, user_id)
    form = UserAccessForm(data={"roles": sorted(user.role_set), "active": user.active})
    if form.validate_on_submit():
        try:
            changed = services.change_access(
                current_user,
                user,
                {Role(r) for r in form.roles.data},
                form.active.data,
                form.note.data or "",
            )
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
            return render_template(
                "admin/user_detail.html", user=user, form=form, reset_form=ResetLinkForm()
            ), 400
        db.session.commit()
        flash(
            _("The account has been updated.") if changed else _("Nothing was changed."),
            "success" if changed else "info",
        )
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template(
        "admin/user_detail.html", user=user, form=form, reset_form=ResetLinkForm()
    ), form_status(form)


@bp.route("/users/<int:user_id>/reset-link", methods=["POST"])
@roles(Role.ADMIN)
def reset_link(user_id: int):
    """Make a one-time password-reset link to hand to the user; it is shown once."""
    user = db.get_or_404(User, user_id)
    form = ResetLinkForm()
    if not form.validate_on_submit():
        return redirect(url_for("admin.user_detail", user_id=user.id))
    token = services.issue_reset_link_token(current_user, user)
    db.session.commit()
    return render_template(
        "admin/reset_link.html",
        user=user,
        link=public_url("auth.reset_password", token=token),
        hours=current_app.config["ADMIN_RESET_LINK_HOURS"],
    )
