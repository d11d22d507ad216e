"""Administration pages: the user list, one user's access, one-time reset links."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import User
from app.auth.personal_data import anonymise, pending_requests
from app.core.access import Role, roles
from app.core.audit import AuditEntry
from app.core.errors import DomainError, refuse_form, refuse_to
from app.core.forms import form_status
from app.core.i18n import current_language, viewer_timezone
from app.core.urls import public_url
from app.extensions import db

from . import bp, services
from .audit import audit_query, distinct_values
from .audit_display import audit_rows
from .forms import AnonymiseForm, AuditFilterForm, ResetLinkForm, UserAccessForm, UserSearchForm

PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 50


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
            return refuse_form(
                error,
                "admin/user_detail.html",
                user=user,
                form=form,
                reset_form=ResetLinkForm(),
                anonymise_form=AnonymiseForm(),
            )
        db.session.commit()
        flash(
            _("The account has been updated.") if changed else _("Nothing was changed."),
            "success" if changed else "info",
        )
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template(
        "admin/user_detail.html",
        user=user,
        form=form,
        reset_form=ResetLinkForm(),
        anonymise_form=AnonymiseForm(),
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


@bp.route("/audit")
@roles(Role.ADMIN)
def audit():
    """The audit log: every sensitive action, filterable by person, object, action and date."""
    form = AuditFilterForm(request.args)
    form.set_menus(distinct_values(AuditEntry.action), distinct_values(AuditEntry.object_type))
    form.validate()
    query = audit_query(
        person=form.person.data or "",
        object_type=form.object_type.data or "",
        object_id=form.object_id.data or "",
        action=form.action.data or "",
        since=form.since.data if not form.since.errors else None,
        until=form.until.data if not form.until.errors else None,
        tz=viewer_timezone(),
    )
    page = db.paginate(query, per_page=AUDIT_PAGE_SIZE, error_out=False)
    rows = audit_rows(page.items, current_language())
    return render_template("admin/audit.html", form=form, page=page, rows=rows)


@bp.route("/deletion-requests")
@roles(Role.ADMIN)
def deletion_requests():
    """People who asked for their data to be deleted, waiting for an admin."""
    return render_template("admin/deletion_requests.html", requests=pending_requests())


@bp.route("/users/<int:user_id>/anonymise", methods=["POST"])
@roles(Role.ADMIN)
def anonymise_user(user_id: int):
    """Erase a person's data everywhere; statistics and certificate verification keep working."""
    user = db.get_or_404(User, user_id)
    form = AnonymiseForm()
    if user.id == current_user.id:
        flash(_("You cannot erase your own account. Ask another administrator."), "error")
        return redirect(url_for("admin.user_detail", user_id=user.id))
    if not form.validate_on_submit():
        flash(_("Type the person's e-mail address exactly to confirm."), "error")
        return redirect(url_for("admin.user_detail", user_id=user.id))
    try:
        anonymise(current_user, user, form.confirmation.data)
    except DomainError as error:
        return refuse_to(error, url_for("admin.user_detail", user_id=user.id))
    db.session.commit()
    flash(_("The person's data has been erased."), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))
